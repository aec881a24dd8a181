// Prisma CLI configuration. The provider follows DATABASE_URL (unset: embedded SQLite).
// Migrations run through the WebAssembly schema engine and a driver adapter, because
// Prisma's native engines cannot be downloaded here (see docs/operations.md, "Prisma offline").
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { ensureSqliteFolder, parseDatabaseUrl } from "./src/store/engine/database-url.ts";

const target = parseDatabaseUrl(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${target.provider}/schema.prisma`,
  migrations: { path: `prisma/${target.provider}/migrations` },
  async adapter() {
    if (target.provider === "sqlite") {
      ensureSqliteFolder(target.file);
      return new PrismaBetterSQLite3({ url: target.file }, { timestampFormat: "unixepoch-ms" });
    }
    // search_path puts the tables (and _prisma_migrations) in the URL's ?schema=.
    // A 1 ms idle timeout lets the CLI exit when done (pg keeps idle clients for 10 s).
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      options: `-c search_path=${target.schema}`,
      idleTimeoutMillis: 1,
    });
    return new PrismaPg(pool, { schema: target.schema });
  },
});
