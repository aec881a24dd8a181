// Starts a worker thread on a module beside the caller, wherever the app runs: compiled
// (dist/, `node dist/app.js`), the .js module runs as it is; from source (vitest, the benches,
// `npm run dev`), the .ts module runs through tsx (see worker-entry.mjs).
import { Worker, type WorkerOptions } from "node:worker_threads";

/** A worker running the module `name` (no extension) of the caller's folder (`callerUrl`: its import.meta.url). */
export function startWorker(name: string, callerUrl: string, options: Omit<WorkerOptions, "argv" | "eval">): Worker {
  if (callerUrl.endsWith(".js")) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const module = new URL(`./${name}.ts`, callerUrl);
  return new Worker(new URL("./worker-entry.mjs", import.meta.url), { ...options, argv: [module.href] });
}
