// For tests and benches only: they seed rows and check what was stored with SQL of their
// own, time hand-written baselines beside the store's, and a profile may swap a handle for
// an instrumented one (bench/ingest-phases.ts). Code in src/ hands its Database to store
// functions instead (the architecture test keeps this module out of src/).
import { engineOf, type Database, type Engine } from "./database.ts";

/** The store's own record of the handles behind `db`: a handle set here is the one store functions use. */
export const rawHandles = (db: Database): { -readonly [K in keyof Engine]: Engine[K] } => engineOf(db);
