// A full garbage collection, which the CSV import runs after each batch. A batch lives long
// enough to be promoted to V8's old space, where V8 lets dead batches pile up before it
// collects: MEASURED. `gc` is V8's own function, exposed here at run time (the documented
// v8.setFlagsFromString, then a new context where the flag has taken effect), so that no
// command has to start node with --expose-gc.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}
