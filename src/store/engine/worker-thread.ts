// Starts a worker thread on a TypeScript module, wherever the app runs (the tsx command,
// bin/inbox-pulse.js, vitest, the benches): see worker-entry.mjs.
import { Worker, type WorkerOptions } from "node:worker_threads";

/** A worker running `module` (e.g. `new URL("./x-worker.ts", import.meta.url)`). */
export function startWorker(module: URL, options: Omit<WorkerOptions, "argv" | "eval">): Worker {
  return new Worker(new URL("./worker-entry.mjs", import.meta.url), { ...options, argv: [module.href] });
}
