// What every bench shares apart from its data: sizes from the environment, timing,
// number formatting, the result table, machine info, temp folders and child processes.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

const PROJECT_ROOT = join(import.meta.dirname, "..", "..");

/** BENCH_EVENTS overrides every bench's main size (quick runs); each bench scales from it. */
export function benchSize(fallback: number): number {
  const raw = process.env.BENCH_EVENTS;
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1000) throw new Error(`BENCH_EVENTS must be a whole number >= 1000, got "${raw}"`);
  return n;
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
export const int = (n: number): string => Math.round(n).toLocaleString("en-US");
export const rate = (n: number, unit = "ev/s"): string => `${int(n)} ${unit}`;
export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
export const times = (n: number): string => `${n.toFixed(2)}x`;
/** A throughput ratio in words: baseline / figure, "2.10x slower" or "1.30x faster". */
export const slower = (ratio: number): string => (ratio >= 1 ? `${times(ratio)} slower` : `${times(1 / ratio)} faster`);

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Check {
  /** Named in the verdict when it fails, e.g. ">= 150,000 ev/s". */
  label: string;
  ok: boolean;
}

export interface TableRow {
  what: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  checks?: Check[];
}

export interface BenchResult {
  rows: TableRow[];
  /** Extra lines printed under the table (phases, per-batch drift, skips). */
  notes: string[];
}

export function verdict(checks: readonly Check[] | undefined): string {
  if (!checks || checks.length === 0) return "-";
  const failed = checks.filter((c) => !c.ok);
  return failed.length === 0 ? "pass" : `MISS (${failed.map((c) => c.label).join("; ")})`;
}

export function printTable(rows: readonly TableRow[]): void {
  const header = ["what", "figure", "baseline", "ratio", "target", "result"];
  const cells = rows.map((r) => [r.what, r.figure, r.baseline, r.ratio, r.target, verdict(r.checks)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
}

export function machineInfo(): string[] {
  const list = cpus();
  return [
    `node ${process.version} on ${process.platform}/${process.arch}`,
    `cpus: ${list.length} x ${list[0]?.model ?? "unknown"}`,
    `memory: ${mib(totalmem())} total, ${mib(freemem())} free`,
    loadAverage(),
  ];
}

/** The machine is shared: a load average above the core count means noisy figures. */
export const loadAverage = (): string =>
  `load average (1/5/15 min): ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ")}`;

/** A fresh folder under /tmp for one bench's files; removed by the returned function. */
export function tempFolder(name: string): { dir: string; remove(): void } {
  const dir = join("/tmp", `inbox-pulse-bench-${process.pid}-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Child {
  /** Resolves with each JSON line the child prints on stdout, in order. */
  nextMessage<T>(): Promise<T>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** Closes the child's stdin (our "stop" signal) and waits for it to exit. */
  finish(): Promise<number | null>;
}

/** Runs a bench script under tsx in its own process (own heap, own peak RSS, own core). */
export function startChild(script: string, args: readonly string[] = []): Child {
  // The children run with the V8 flag that the app's commands set too (the young-generation
  // size of `npm start` and `inbox-pulse`).
  const v8Flags = process.execArgv.filter((flag) => flag.startsWith("--max-semi-space-size"));
  const child = spawn(process.execPath, [...v8Flags, "--import", "tsx", join(PROJECT_ROOT, "bench", script), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code)); // after stdout is drained, unlike "exit"
  });
  const waiting: ((line: string) => void)[] = [];
  const buffered: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.startsWith("{")) return void process.stdout.write(`  [${script}] ${line}\n`);
    const take = waiting.shift();
    if (take) take(line);
    else buffered.push(line);
  });
  return {
    nextMessage<T>() {
      const ready = buffered.shift();
      if (ready !== undefined) return Promise.resolve(JSON.parse(ready) as T);
      return Promise.race([
        new Promise<T>((resolve) => waiting.push((line) => resolve(JSON.parse(line) as T))),
        exited.then((code) => Promise.reject(new Error(`${script} exited (code ${code}) before answering`))),
      ]);
    },
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
    async finish() {
      child.stdin!.end();
      return exited;
    },
  };
}
