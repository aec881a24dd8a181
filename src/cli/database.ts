// Opens the configured database for one CLI command and closes it afterwards.
import { readConfig } from "../config.ts";
import { openDatabase, type Database } from "../store/engine/database.ts";

export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = readConfig();
  const db = await openDatabase(config.DATABASE_URL);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
