// The entry of every worker thread started by worker-thread.ts: it runs the TypeScript module
// named by its first argument through tsx. Node 20 does not hand the parent's tsx hooks to a
// worker, whichever way they were registered (the tsx command, --import tsx, or the
// register() of bin/inbox-pulse.js): a .ts entry fails with ERR_UNKNOWN_FILE_EXTENSION.
// tsImport registers tsx for this one import and what it imports, so it also works where a
// newer Node or vitest already loads TypeScript.
import { argv } from "node:process";
import { tsImport } from "tsx/esm/api";

await tsImport(argv[2], import.meta.url);
