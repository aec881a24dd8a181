// `inbox-pulse migrate` (`npm run migrate`): applies the pending migrations and stops, for
// deployments where one job migrates before the replicas start with MIGRATE_ON_START=false.
import { readConfig } from "../config.ts";
import { openDatabase } from "../store/engine/database.ts";
import { parseCommandArgs } from "./args.ts";

export async function migrateCommand(args: string[]): Promise<number> {
  parseCommandArgs(args, {});
  const db = await openDatabase(readConfig().DATABASE_URL);
  try {
    const applied = db.migrationsApplied;
    process.stdout.write(
      applied.length === 0
        ? "The database is up to date: no migration to apply.\n"
        : `Applied ${applied.length} migration(s): ${applied.join(", ")}.\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
