// Refused requests, counted: anyone on the internet can send them, so each one is not a log
// line. Per reason, the refusals of a minute (from the first) become one line at its end:
// {"msg":"slack request refused","reason":"bad_signature","count":57,"since":"..."}.
import type { Logger } from "../log.ts";

const REFUSAL_WINDOW_MS = 60_000;

export class RefusalLog {
  private readonly windows = new Map<string, { since: number; count: number }>();
  private timer: NodeJS.Timeout | undefined;

  /** `now`: the clock of the windows (tests move it and call flush()). */
  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  refused(reason: string): void {
    this.flush();
    const window = this.windows.get(reason);
    if (window !== undefined) window.count++;
    else this.windows.set(reason, { since: this.now(), count: 1 });
    this.arm();
  }

  /** Writes the line of each reason whose minute is over. */
  flush(): void {
    const now = this.now();
    for (const [reason, { since, count }] of this.windows) {
      if (now - since < REFUSAL_WINDOW_MS) continue;
      this.log.warn("slack request refused", { reason, count, since: new Date(since).toISOString() });
      this.windows.delete(reason);
    }
  }

  /** A quiet minute still gets its line: a timer for the oldest open window, not holding the process. */
  private arm(): void {
    if (this.timer !== undefined || this.windows.size === 0) return;
    const oldest = Math.min(...[...this.windows.values()].map((w) => w.since));
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.flush();
        this.arm();
      },
      Math.max(0, oldest + REFUSAL_WINDOW_MS - this.now()) + 10,
    );
    this.timer.unref();
  }
}
