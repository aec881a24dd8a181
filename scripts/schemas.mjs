// Writes the per-provider Prisma schemas from prisma/models.prisma (one source of truth).
// With --check it writes nothing and exits 1 when a committed schema differs.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";

const providers = {
  sqlite: { url: "file:../../data/inbox-pulse.db" },
  postgresql: { url: "postgresql://localhost/placeholder" },
};
const models = readFileSync("prisma/models.prisma", "utf8");
const check = process.argv.includes("--check");
let drift = false;

for (const [provider, { url }] of Object.entries(providers)) {
  const path = `prisma/${provider}/schema.prisma`;
  const text = `// GENERATED from prisma/models.prisma by \`npm run schemas\`. Do not edit.

generator client {
  provider   = "prisma-client"
  output     = "../../src/generated/${provider}"
  engineType = "client"
  moduleFormat = "esm"
}

// Prisma 6 requires a url here; it is ignored because prisma.config.ts supplies a driver adapter.
datasource db {
  provider = "${provider}"
  url      = "${url}"
}

${models}`;
  if (check) {
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {
      /* missing counts as drift */
    }
    if (current !== text) {
      drift = true;
      console.error(`${path} differs from prisma/models.prisma: run npm run schemas`);
    }
  } else {
    mkdirSync(`prisma/${provider}`, { recursive: true });
    writeFileSync(path, text);
  }
}
process.exit(drift ? 1 : 0);
