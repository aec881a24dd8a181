// `npm run openapi`: writes docs/openapi.json from the zod schemas (src/ingest/openapi.ts).
// test/ingest/openapi.test.ts fails while the committed file differs from what this writes.
import { writeFileSync } from "node:fs";
import { openApiDocument } from "../src/ingest/openapi.ts";
import { VERSION } from "../src/version.ts";

writeFileSync("docs/openapi.json", `${JSON.stringify(openApiDocument(VERSION), null, 2)}\n`);
