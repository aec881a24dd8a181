// manifest.json (Slack CLI, Socket Mode) is generated from manifest.yml (HTTP mode) and agrees
// with it; both declare the commands the app registers, with usage hints that fit Slack's
// one-line autocomplete (about 100 characters).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { MANIFEST_JSON } from "../scripts/manifest.ts";
import { REPORT_COMMANDS } from "../src/domain/report-commands.ts";
import { BOT_SCOPES } from "../src/slack/bot-scopes.ts";

interface Manifest {
  features: { slash_commands: { command: string; description: string; usage_hint: string; url?: string; should_escape: boolean }[] };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const yml = parse(readFileSync("manifest.yml", "utf8")) as Manifest;
const json = JSON.parse(readFileSync("manifest.json", "utf8")) as Manifest & { _metadata: unknown };

describe("the Slack manifests", () => {
  it("manifest.json is what npm run manifest writes from manifest.yml", () => {
    expect(readFileSync("manifest.json", "utf8")).toBe(MANIFEST_JSON);
  });

  it("manifest.json is Socket Mode, in the Slack CLI's format, with no URL at all", () => {
    expect(json._metadata).toEqual({ major_version: 1, minor_version: 1 });
    expect(json.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(json)).not.toMatch(/https?:\/\//);
    expect(json.settings.interactivity.is_enabled).toBe(true);
  });

  it("manifest.yml is HTTP mode: every request goes to /slack/events", () => {
    expect(yml.settings.socket_mode_enabled).toBe(false);
    const urls = [
      ...yml.features.slash_commands.map((c) => c.url),
      yml.settings.event_subscriptions.request_url,
      yml.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(yml.oauth_config.redirect_urls).toEqual([expect.stringMatching(/\/slack\/oauth_redirect$/)]);
  });

  it("both declare the same commands, scopes and events: the commands the app registers and the scopes it asks for", () => {
    for (const manifest of [yml, json]) {
      expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...Object.keys(REPORT_COMMANDS), "/pulse"].sort());
      expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
      expect(manifest.settings.event_subscriptions.bot_events).toEqual(yml.settings.event_subscriptions.bot_events);
    }
    expect(json.features.slash_commands).toEqual(yml.features.slash_commands.map(({ url: _, ...command }) => command));
  });

  it("keeps usage hints to Slack's one-line autocomplete, and commands to 32 characters", () => {
    for (const command of yml.features.slash_commands) {
      expect(command.usage_hint.length, command.command).toBeLessThanOrEqual(100);
      expect(command.command.length).toBeLessThanOrEqual(32);
      expect(command.should_escape).toBe(true);
    }
  });
});
