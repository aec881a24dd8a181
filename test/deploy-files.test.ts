// The Dockerfile and compose.yaml cannot be built here (no Docker engine): this checks what can
// be checked without one. Every file they copy exists and is not .dockerignored, every command
// they run exists (scripts/image.sh's steps, package.json's scripts, dist/'s files), and their
// ports and variables are settings of the config schema with values it accepts.
// scripts/image.sh rehearse (CI) runs the image's steps themselves on the host.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readConfig, SETTINGS } from "../src/config.ts";

interface Instruction {
  op: string;
  args: string;
}

function dockerfile(): Instruction[] {
  return readFileSync("Dockerfile", "utf8")
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const [op, ...rest] = line.trim().split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(" ") };
    });
}

const instructions = dockerfile();
const all = (op: string) => instructions.filter((i) => i.op === op).map((i) => i.args);
const ignored = readFileSync(".dockerignore", "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"));
const imageScript = readFileSync("scripts/image.sh", "utf8");
const steps = [...imageScript.matchAll(/^ {2}([a-z]+)\)$/gm)].map((m) => m[1]);
const packageScripts = Object.keys(JSON.parse(readFileSync("package.json", "utf8")).scripts);
const defaults = readConfig({});

/** Each `bash scripts/image.sh STEP` is a step of the script; each node file it starts is built. */
function expectRunnable(command: string, where: string) {
  // The exec form (["bash", "scripts/image.sh", "start"]) or the shell form.
  const words = command.startsWith("[") ? (JSON.parse(command) as string[]).join(" ") : command;
  const step = /^bash scripts\/image\.sh (\w+)$/.exec(words);
  expect(step, `${where}: ${command} does not run scripts/image.sh`).not.toBeNull();
  expect(steps, `${where}: scripts/image.sh has no step ${step![1]}`).toContain(step![1]);
}

describe("Dockerfile", () => {
  it("has a build stage and a runtime stage, on the Node of .nvmrc (which CI tests)", () => {
    const stages = all("FROM");
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/ AS build$/);
    const image = /^NODE_IMAGE=node:(\S+)-bookworm-slim$/.exec(all("ARG")[0]!);
    expect(image?.[1]).toBe(readFileSync(".nvmrc", "utf8").trim());
  });

  it("copies only files that exist and are not .dockerignored", () => {
    const copies = all("COPY").filter((args) => !args.startsWith("--from"));
    expect(copies.length).toBeGreaterThan(3);
    for (const args of copies) {
      const sources = args.split(" ").slice(0, -1);
      for (const source of sources) {
        expect(existsSync(source), `COPY ${source}`).toBe(true);
        expect(ignored, `COPY ${source} is in .dockerignore`).not.toContain(source);
      }
    }
  });

  it("takes from the build stage what was copied into it or what its build step makes", () => {
    const copiedIn = all("COPY")
      .filter((args) => !args.startsWith("--from"))
      .flatMap((args) => args.split(" ").slice(0, -1));
    const built = [
      "node_modules",
      JSON.parse(readFileSync("tsconfig.build.json", "utf8").replace(/^\/\/.*$/gm, "")).compilerOptions.outDir,
    ];
    for (const args of all("COPY").filter((a) => a.startsWith("--from=build"))) {
      const source = args.split(" ")[1]!.replace(/^\/app\//, "");
      const known = copiedIn.some((c) => c === source || c.startsWith(`${source}/`)) || built.includes(source);
      expect(known, `COPY --from=build ${source}`).toBe(true);
    }
  });

  it("runs the steps of scripts/image.sh, whose commands exist", () => {
    const runs = all("RUN").filter((args) => args.includes("scripts/image.sh"));
    expect(runs).toHaveLength(1);
    expectRunnable(runs[0]!, "RUN");
    expectRunnable(all("CMD")[0]!, "CMD");
    expect(steps).toEqual(expect.arrayContaining(["build", "migrate", "start", "rehearse"]));
    for (const [, file] of imageScript.matchAll(/exec node (?:--\S+ )*(\S+\.js)/g)) {
      expect(existsSync(file!), `${file} (npm run build writes it)`).toBe(true);
      expect(existsSync(file!.replace(/^dist\//, "src/").replace(/\.js$/, ".ts")), `the source of ${file}`).toBe(true);
    }
    for (const [, script] of imageScript.matchAll(/npm run (\w+)/g)) expect(packageScripts).toContain(script);
  });

  it("runs as a non-root user behind tini, with a /data volume and a health check on /readyz", () => {
    expect(all("USER")).toEqual(["node"]);
    expect(all("ENTRYPOINT")).toEqual(['["/usr/bin/tini", "--"]']);
    expect(all("VOLUME")).toEqual(["/data"]);
    expect(all("HEALTHCHECK")[0]).toContain("/readyz");
  });

  it("sets settings of the schema to values it accepts, and exposes PORT", () => {
    const env = Object.fromEntries(all("ENV").flatMap((args) => args.split(" ").map((pair) => pair.split("=", 2) as [string, string])));
    const settings = Object.keys(env).filter((name) => name !== "NODE_ENV");
    for (const name of settings) expect(SETTINGS, `ENV ${name}`).toContain(name);
    const config = readConfig(env);
    expect(config.DATABASE_URL).toMatch(/^file:\/data\//);
    expect(all("EXPOSE")).toEqual([String(config.PORT)]);
    expect(config.PORT).toBe(defaults.PORT);
  });
});

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment: Record<string, string>;
  volumes: string[];
  healthcheck: { test: string[] };
  depends_on: Record<string, { condition: string }>;
  restart?: string;
  expose?: string[];
  ports?: string[];
  stop_grace_period?: string;
}

// compose's ${NAME:-default}, with the default.
const interpolate = (value: string) => value.replace(/\$\{\w+:-([^}]*)\}/g, "$1");

describe("compose.yaml", () => {
  const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true });
  const services: Record<string, Service> = compose.services;
  const apps = Object.entries(services).filter(([, s]) => s.build === "." && s.command === undefined);

  it("runs PostgreSQL 16 on a named volume, with a health check", () => {
    const postgres = services.postgres!;
    expect(postgres.image).toBe("postgres:16");
    const [volume] = (postgres.volumes[0] as string).split(":");
    expect(Object.keys(compose.volumes)).toContain(volume);
    expect(postgres.healthcheck.test.join(" ")).toContain("pg_isready");
  });

  it("migrates once, with a step of scripts/image.sh, before the replicas start", () => {
    const migrate = services.migrate!;
    expectRunnable(JSON.stringify(migrate.command), "migrate");
    expect(migrate.restart).toBe("no");
    expect(migrate.depends_on.postgres?.condition).toBe("service_healthy");
    for (const [name, app] of apps) expect(app.depends_on.migrate?.condition, name).toBe("service_completed_successfully");
  });

  it("runs two app replicas with settings the schema accepts, no migration at start and a private metrics port", () => {
    expect(apps.length).toBeGreaterThanOrEqual(2);
    for (const [name, app] of apps) {
      const env = Object.fromEntries(Object.entries(app.environment).map(([k, v]) => [k, interpolate(v)]));
      for (const variable of Object.keys(env)) expect(SETTINGS, `${name}: ${variable}`).toContain(variable);
      const config = readConfig(env);
      expect(config.DATABASE_URL).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
      expect(config.MIGRATE_ON_START).toBe(false);
      expect(app.expose).toEqual([String(config.PORT), String(config.METRICS_PORT)]);
      expect(app.ports, `${name} publishes no port: the proxy is the way in`).toBeUndefined();
      expect(app.stop_grace_period).toBe("30s");
    }
  });

  it("puts the replicas behind Caddy, which checks /readyz", () => {
    const proxy = services.proxy!;
    const [file, target] = (proxy.volumes[0] as string).split(":");
    expect(existsSync(file!), file).toBe(true);
    expect(target).toBe("/etc/caddy/Caddyfile");
    const caddyfile = readFileSync(file!, "utf8");
    const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddyfile)![1]!.trim().split(/\s+/);
    const port = readConfig(
      Object.fromEntries(Object.entries(apps[0]![1].environment).map(([k, v]) => [k, interpolate(v as string)])),
    ).PORT;
    expect(upstreams.sort()).toEqual(apps.map(([name]) => `${name}:${port}`).sort());
    expect(caddyfile).toMatch(/health_uri \/readyz/);
    for (const [name] of apps) expect(proxy.depends_on[name]?.condition).toBe("service_healthy");
  });
});
