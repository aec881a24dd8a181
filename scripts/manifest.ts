// `npm run manifest`: writes manifest.json, the Slack CLI's format (Socket Mode first: no
// public URL), from manifest.yml (HTTP mode), so that the two cannot drift apart:
// test/slack-manifest.test.ts fails while manifest.json differs from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Without the URLs Slack would send requests to: in Socket Mode everything comes over the socket. */
function withoutUrls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutUrls);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "url" && key !== "request_url" && key !== "redirect_urls")
      .map(([key, v]) => [key, withoutUrls(v)]),
  );
}

export function socketModeManifest(yaml: string): Json {
  const http = parse(yaml) as { [key: string]: Json } & { settings: { [key: string]: Json } };
  const manifest = withoutUrls(http) as typeof http;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    ...manifest,
    settings: { ...manifest.settings, socket_mode_enabled: true },
  };
}

export const MANIFEST_JSON = `${JSON.stringify(socketModeManifest(readFileSync("manifest.yml", "utf8")), null, 2)}\n`;

if (process.argv[1]?.endsWith("manifest.ts")) writeFileSync("manifest.json", MANIFEST_JSON);
