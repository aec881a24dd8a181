// The version in package.json, read where the app runs from (src/ or dist/: both one level
// below the package): `inbox-pulse --version` and the OpenAPI document show it.
import { readFileSync } from "node:fs";

export const VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
