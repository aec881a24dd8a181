import { z } from "zod";
import { assignmentEvent, inboxEvent } from "../../src/ingest/event-schemas.ts";
import { generateTraffic } from "../lib/events.ts";
const { events } = generateTraffic(100_000, "T");
const noTs = assignmentEvent.extend({ occurredAt: z.string() });
const variants: [string, (e: unknown) => unknown][] = [
  ["inboxEvent (union)", (e) => inboxEvent.safeParse(e)],
  ["assignmentEvent direct", (e) => assignmentEvent.safeParse(e)],
  ["assignmentEvent, occurredAt plain string", (e) => noTs.safeParse(e)],
  ["z.string().datetime({offset:true}) only", (() => { const s = z.iso.datetime({ offset: true }); return (e: any) => s.safeParse(e.occurredAt); })()],
];
for (let k = 0; k < 3; k++) for (const [label, f] of variants) {
  const t = performance.now();
  for (const e of events) { const r: any = f(e); if (!r.success) throw new Error(label + JSON.stringify(r.error.issues)); }
  console.log(label.padEnd(45), ((performance.now() - t) * 1000 / events.length).toFixed(2), "us/ev");
}
