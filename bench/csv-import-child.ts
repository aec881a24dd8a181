// Imports one CSV file into a fresh database (a DATABASE_URL) in its own process, so that the peak RSS
// it prints is this import's alone. `--dry` loads and opens everything but imports nothing
// (the floor to compare peaks with). Prints one JSON line.
import { createReadStream } from "node:fs";
import { peakRssKiB } from "./lib/peak-rss.ts";
import { importCsv, type CsvImportResult } from "../src/ingest/csv-import.ts";
import { openDatabase } from "../src/store/engine/database.ts";

const [databaseUrl, csvFile] = process.argv.slice(2) as [string, string];
const db = await openDatabase(databaseUrl);
let result: CsvImportResult | null = null;
const start = performance.now();
if (csvFile !== "--dry") {
  result = await importCsv({ db, workspaceId: "T0BENCH", kind: "assignments", input: createReadStream(csvFile), rejects: null });
}
const ms = performance.now() - start;
await db.close();
const { rows = 0, imported = 0, duplicates = 0, rejected = 0 } = result ?? {};
console.log(JSON.stringify({ rows, imported, duplicates, rejected, ms, maxRssKiB: peakRssKiB() }));
