// Alert rules as a manager types them after `/pulse alert add #channel`: every form of the
// grammar, every error, the words for lists, and the canonical text that reads back the same.
import { describe, expect, it } from "vitest";
import {
  type AlertClock,
  type AlertCondition,
  type AlertRuleSpec,
  alertRuleText,
  describeAlertRule,
  parseAlertRule,
} from "../../src/domain/alert-rules.ts";
import { SOURCES } from "../../src/domain/sources.ts";

const MIN = 60;
const H = 3600;
const D = 86_400;

const rule = (text: string): AlertRuleSpec => {
  const parsed = parseAlertRule(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error}`);
  return parsed.rule;
};
const condition = (text: string): AlertCondition => rule(text).condition;
const error = (text: string): string => {
  const parsed = parseAlertRule(text);
  if (parsed.ok) throw new Error(`${text} parsed: ${JSON.stringify(parsed.rule)}`);
  return parsed.error;
};

const team = { statistic: "median", clock: "business", agent: null, minVolume: 5 } as const;

/** A small seeded generator, so that a failing case comes back on the next run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("parseAlertRule: waiting", () => {
  it("reads a waiting rule in business hours, with the default cooldown", () => {
    expect(rule("waiting > 2h")).toEqual({
      condition: { kind: "waiting", thresholdSeconds: 2 * H, clock: "business" },
      cooldownSeconds: H,
    });
  });

  it.each(["waiting>2h", "waiting > 2 h", "WAITING >2H", "Waiting> 2 hours", "waiting &gt; 2h", "attente > 2 heures", '"waiting" > 2h'])(
    "reads %s with or without spaces, in any case, as Slack sends it",
    (text) => {
      expect(condition(text)).toEqual({ kind: "waiting", thresholdSeconds: 2 * H, clock: "business" });
    },
  );

  it.each(["any-time", "anytime", "any time", "ANY-TIME", "24/7", "clock"])("counts clock time with %s", (word) => {
    expect(condition(`waiting > 2h ${word}`)).toMatchObject({ clock: "any-time" });
  });

  it("accepts business hours said explicitly", () => {
    expect(condition("waiting > 2h business")).toMatchObject({ clock: "business" });
    expect(condition("waiting > 2h business hours")).toMatchObject({ clock: "business" });
  });
});

describe("parseAlertRule: response times", () => {
  it("reads the team's median first response over a window", () => {
    expect(condition("first-response > 1h over 4h")).toEqual({
      kind: "response-time",
      metric: "first-response",
      thresholdSeconds: H,
      windowSeconds: 4 * H,
      ...team,
    });
  });

  it("reads resolution the same way", () => {
    expect(condition("resolution > 8h over 1d")).toEqual({
      kind: "response-time",
      metric: "resolution",
      thresholdSeconds: 8 * H,
      windowSeconds: D,
      ...team,
    });
  });

  it.each([
    ["first-response>1h over 4h", "first-response"],
    ["first response > 1h over 4h", "first-response"],
    ["First_Response > 1h over 4h", "first-response"],
    ["frt > 1h over 4h", "first-response"],
    ["première réponse > 1h over 4h", "first-response"],
    ["Résolution > 1h over 4h", "resolution"],
  ])("reads %s", (text, metric) => {
    expect(condition(text)).toMatchObject({ metric });
  });

  it.each([
    ["agent:<@U123ABC|lea>", "<@U123ABC>"],
    ["agent:<@U123ABC|Léa Bernard>", "<@U123ABC>"],
    ["agent:<@U123ABC>", "<@U123ABC>"],
    ["agent:lea@x.com", "lea@x.com"],
    ["agent:<mailto:lea@x.com|lea@x.com>", "lea@x.com"],
    ['agent:"Léa Bernard"', "Léa Bernard"],
    ["agent:“Léa Bernard”", "Léa Bernard"],
    ["AGENT:Léa", "Léa"],
  ])("narrows to one agent with %s, kept as typed", (word, agent) => {
    expect(condition(`first-response > 1h over 4h ${word}`)).toMatchObject({ agent });
  });

  it.each([
    ["avg", "average"],
    ["average", "average"],
    ["mean", "average"],
    ["moyenne", "average"],
    ["AVG", "average"],
    ["median", "median"],
    ["médiane", "median"],
  ])("takes the statistic from %s", (word, statistic) => {
    expect(condition(`resolution > 8h over 1d ${word}`)).toMatchObject({ statistic });
  });

  it("reads a minimum volume and clock time", () => {
    expect(condition("first-response > 1h over 4h min 3 any-time")).toMatchObject({ minVolume: 3, clock: "any-time" });
    expect(condition("first-response > 1h over 4h min:12")).toMatchObject({ minVolume: 12 });
    expect(condition("first-response > 1h over 4h minimum 1")).toMatchObject({ minVolume: 1 });
  });

  it("takes options in any order after the rule", () => {
    const expected = { agent: "x", windowSeconds: 4 * H, statistic: "average", minVolume: 3 };
    expect(condition("first-response > 1h agent:x over 4h avg min 3")).toMatchObject(expected);
    expect(condition("first-response > 1h min 3 avg agent:x over 4h")).toMatchObject(expected);
    expect(condition("first-response > 1h avg over:4h min 3 agent:x")).toMatchObject(expected);
    expect(condition("first-response > 1h over the last 4h agent:x avg min 3")).toMatchObject(expected);
    expect(condition("first-response > 1h last 4h agent:x avg min 3")).toMatchObject(expected);
  });
});

describe("parseAlertRule: source changes", () => {
  it("reads a spike", () => {
    expect(condition("source:bot change > 100% over 1d")).toEqual({
      kind: "source-change",
      source: "bot",
      direction: "up",
      percent: 100,
      windowSeconds: D,
      minVolume: 20,
    });
  });

  it("reads a drop", () => {
    expect(condition("source:bot change < -50% over 1d")).toEqual({
      kind: "source-change",
      source: "bot",
      direction: "down",
      percent: 50,
      windowSeconds: D,
      minVolume: 20,
    });
  });

  it.each([
    ["source:bot change>100% over 1d", "bot", "up", 100],
    ["source:bot change &lt; -50% over 1d", "bot", "down", 50],
    ["source:bot change<-50% over 1d", "bot", "down", 50],
    ["source:bot change < −50 % over 1d", "bot", "down", 50], // a typographic minus, % apart
    ['source:"Flux de travail" change > 20% over 12h', "workflow", "up", 20],
    ["source:Publicité change > +12.5% over 1d", "click_to_chat_ad", "up", 12.5],
    ["source:click_to_chat_ad change < -100% over 1d", "click_to_chat_ad", "down", 100],
    ["change > 100% over 1d source:api", "developer_api", "up", 100],
    ["source:user variation > 1,5% over 1d", "user", "up", 1.5],
  ])("reads %s", (text, source, direction, percent) => {
    expect(condition(text)).toMatchObject({ source, direction, percent });
  });

  it("reads a minimum volume and a cooldown", () => {
    expect(rule("source:bot change > 100% over 1d min 50 cooldown 6h")).toMatchObject({
      condition: { minVolume: 50 },
      cooldownSeconds: 6 * H,
    });
  });
});

describe("parseAlertRule: durations", () => {
  it.each([
    ["30m", 30 * MIN],
    ["30min", 30 * MIN],
    ["30 min", 30 * MIN],
    ["30mn", 30 * MIN],
    ["30 minutes", 30 * MIN],
    ["2h", 2 * H],
    ["2 hours", 2 * H],
    ["2hrs", 2 * H],
    ["1.5h", 90 * MIN],
    ["1,5h", 90 * MIN],
    [".5h", 30 * MIN],
    ["0.1h", 6 * MIN],
    ["1h30m", 90 * MIN],
    ["1h30", 90 * MIN],
    ["1h 30m", 90 * MIN],
    ["1 h 30", 90 * MIN],
    ["1h30min", 90 * MIN],
    ["90min", 90 * MIN],
    ["300s", 5 * MIN],
    ["1d", D],
    ["1j", D],
    ["2 jours", 2 * D],
    ["1d12h", 36 * H],
    ["1w", 7 * D],
    ["1d2h30m", D + 2 * H + 30 * MIN],
  ])("reads %s", (text, seconds) => {
    expect(condition(`waiting > ${text} any-time`)).toMatchObject({ thresholdSeconds: seconds });
  });

  it("takes thresholds from 5 min to 30 d", () => {
    expect(error("waiting > 4m59s")).toBe('4m59s is under 5 min: the threshold goes from 5 min to 30 d, e.g. "waiting > 2h"');
    expect(error("waiting > 4.99m")).toContain("is under 5 min");
    expect(condition("waiting > 5m")).toMatchObject({ thresholdSeconds: 5 * MIN });
    expect(condition("waiting > 30d")).toMatchObject({ thresholdSeconds: 30 * D });
    expect(condition("first-response > 720h over 1d")).toMatchObject({ thresholdSeconds: 30 * D });
    expect(error("waiting > 30d1m")).toContain("30d1m is over 30 d");
    expect(error("waiting > 999999999999999999999999d")).toContain("is over 30 d");
  });

  it("takes windows from 5 min to 7 d", () => {
    expect(error("first-response > 1h over 4m59s")).toContain("4m59s is under 5 min: the window goes from 5 min to 7 d");
    expect(condition("first-response > 1h over 5m")).toMatchObject({ windowSeconds: 5 * MIN });
    expect(condition("first-response > 1h over 7d")).toMatchObject({ windowSeconds: 7 * D });
    expect(condition("source:bot change > 100% over 168h")).toMatchObject({ windowSeconds: 7 * D });
    expect(error("first-response > 1h over 8d")).toBe('8d is over 7 d: the window goes from 5 min to 7 d, e.g. "over 4h"');
    expect(error("source:bot change > 100% over 7d1m")).toContain("is over 7 d");
  });

  it("takes a cooldown from 5 min to 7 d, 1 h when not given", () => {
    expect(rule("waiting > 2h").cooldownSeconds).toBe(H);
    expect(rule("waiting > 2h cooldown 30m").cooldownSeconds).toBe(30 * MIN);
    expect(rule("waiting > 2h cooldown 5m").cooldownSeconds).toBe(5 * MIN);
    expect(rule("waiting > 2h cooldown:7d").cooldownSeconds).toBe(7 * D);
    expect(rule("first-response > 1h cooldown 2h over 4h").cooldownSeconds).toBe(2 * H);
    expect(error("waiting > 2h cooldown 4m")).toContain("4m is under 5 min: the cooldown goes from 5 min to 7 d");
    expect(error("waiting > 2h cooldown 8d")).toContain("8d is over 7 d: the cooldown");
  });

  it.each([
    ["waiting > 2", "2 needs a unit: 2m, 2h or 2d"],
    ["waiting > 2x", "x is not a unit: use m (minutes), h (hours) or d (days), e.g. 2h"],
    ["waiting > 2hous", "hous is not a unit: use m (minutes), h (hours) or d (days), e.g. 2h. Did you mean 2hour?"],
    ["waiting > soon", "soon is not a duration: write a number and a unit, e.g. 30m, 2h, 1h30m, 1d"],
    ["waiting > 30m1h", "30m1h: give each unit once, the largest first, e.g. 1h30m"],
    ["waiting > 1h1h", "1h1h: give each unit once, the largest first"],
    ["waiting > 5m30s", '5m30s is not a whole number of minutes: the threshold counts minutes, e.g. "waiting > 2h"'],
    ["waiting > 1d12", "1d12 is not a duration"],
  ])("%s: %s", (text, message) => {
    expect(error(text)).toContain(message);
  });
});

describe("parseAlertRule: errors", () => {
  it.each([
    // No rule, or help.
    ["", "No rule given. An alert rule is one of"],
    ["   ", "No rule given."],
    ["help", 'An alert rule is one of "waiting > 2h"'],
    ["over 4h", '"over 4h" needs a rule. An alert rule is one of'],
    // Unknown words, with the likely one.
    ["waitng > 2h", "waitng is not understood. Rules start with waiting, first-response, resolution, change"],
    ["waitng > 2h", "Did you mean waiting?"],
    ["resoluton > 8h over 1d", "Did you mean resolution?"],
    ["first-response > 1h over 4h medain", "Did you mean median?"],
    ["first-response > 1h over 4h avrage", "Did you mean average?"],
    ["waiting > 2h cooldwn 30m", "Did you mean cooldown?"],
    ["waiting > 2h anytme", "Did you mean any-time?"],
    ["waiting > 2h banana", "banana is not understood"],
    ["sorce:bot change > 100% over 1d", "sorce: is not an option. Options with a colon: agent:, source:. Did you mean source:bot?"],
    ["first-response > 1h over 4h agnet:x", "Did you mean agent:x?"],
    ["first-response > 1h over 4h <@U123|lea>", "<@U123> is not understood: to watch one agent, write agent:<@U123>"],
    ["waiting > 2h 30d%", "30d% is not understood"],
    ["waiting > 2h 5%", "5% is out of place: a percentage comes after change > or change <"],
    ["first-response > 1h 4h", "4h is out of place: a duration comes after >, over or cooldown"],
    ["waiting > 2h >", "> is out of place: it comes right after the rule's name"],
    // Operators.
    ["waiting", 'waiting needs a threshold, e.g. "waiting > 2h"'],
    ["waiting 2h", 'expected > after waiting, not 2h, e.g. "waiting > 2h"'],
    ["waiting < 2h", 'expected > after waiting, not <: alerts fire when times are too long, e.g. "waiting > 2h"'],
    ["waiting >= 2h", "expected > after waiting, not >=: alerts fire when times are too long"],
    ["waiting => 2h", "not >=:"],
    ["waiting = 2h", "expected > after waiting, not =:"],
    [
      "first-response < 1h over 4h",
      'expected > after first-response, not <: alerts fire when times are too long, e.g. "first-response > 1h over 4h"',
    ],
    ["waiting >", '"waiting >" needs a duration after it, e.g. "waiting > 2h"'],
    ["waiting > any-time", "any-time is not a duration"],
    ["waiting > agent:x", '"waiting >" needs a duration after it'],
    ["source:bot change 100% over 1d", "expected > (a rise) or < (a drop) after change, not 100%"],
    [
      "source:bot change >= 100% over 1d",
      'expected > (a rise) or < (a drop) after change, not >=, e.g. "change > 100%" or "change < -50%"',
    ],
    ["source:bot change >", '"change >" needs a percentage after it'],
    // Percentages.
    ["source:bot change < 50% over 1d", 'a drop is written with a minus sign, "change < -50%"'],
    ["source:bot change > -50% over 1d", 'a drop is written "change < -50%", a rise "change > 50%"'],
    ["source:bot change > 100 over 1d", '100 needs a % sign: e.g. "change > 100%"'],
    ["source:bot change > lots over 1d", "lots is not a percentage"],
    ["source:bot change > 0% over 1d", "0%: the change must be above 0%"],
    ["source:bot change < -0% over 1d", "-0%: the change must be above 0%"],
    ["source:bot change < -101% over 1d", "-101% is beyond -100% (no assignments at all)"],
    ["source:bot change > 10001% over 1d", "10001% is over 10000%"],
    ["source:bot change > 12.345% over 1d", "12.345% has more than 2 decimals"],
    // What a rule needs.
    ["first-response > 1h", 'first-response needs a window: add over, e.g. "first-response > 1h over 4h"'],
    ["resolution > 8h", 'resolution needs a window: add over, e.g. "resolution > 8h over 1d"'],
    ["source:bot change > 100%", 'change needs a window: add over, e.g. "source:bot change > 100% over 1d"'],
    ["change > 100% over 1d", 'change needs a source, written before it, e.g. "source:bot change > 100% over 1d"'],
    ["first-response > 1h over", 'over needs a value after it, e.g. "over 4h"'],
    ["first-response > 1h over:", 'over: needs a value, e.g. "over 4h"'],
    ["first-response > 1h over 4h min", 'min needs a value after it, e.g. "min 5"'],
    ["waiting > 2h cooldown", 'cooldown needs a value after it, e.g. "cooldown 30m"'],
    ["first-response > 1h over 4h agent:", "agent: needs an email, a name in quotes or an @mention, e.g. agent:lea@example.com"],
    ["first-response > 1h over 4h lea@x.com", "lea@x.com is not understood: to watch one agent, write agent:lea@x.com"],
    ["first-response > 1h over 4h <mailto:lea@x.com|lea@x.com>", "write agent:lea@x.com"],
    [`first-response > 1h over 4h agent:${"x".repeat(201)}`, "agent: value is longer than 200 characters"],
    ["source: change > 100% over 1d", "source: needs a source. Sources: source:developer_api"],
    ["source:bto change > 100% over 1d", "bto is not a source. Sources: source:developer_api, source:workflow"],
    ["source:bto change > 100% over 1d", "Did you mean source:bot?"],
    // Options that do not fit the rule.
    ["waiting > 2h over 4h", '"over 4h" does not apply to waiting: each conversation is checked as it waits'],
    ["waiting > 2h agent:x", "agent:x does not apply to waiting"],
    ["waiting > 2h avg", "avg does not apply to waiting"],
    ["waiting > 2h min 5", '"min 5" does not apply to waiting: one conversation waiting too long is enough'],
    ["waiting > 2h source:bot", "source:bot does not apply to waiting: source: is for change rules, e.g. source:bot change > 100% over 1d"],
    ["first-response > 1h over 4h source:bot", "source:bot does not apply to first-response"],
    ["source:bot change > 100% over 1d agent:x", "agent:x does not apply to change"],
    ["source:bot change > 100% over 1d median", "median does not apply to change"],
    ["source:bot change > 100% over 1d any-time", "any-time does not apply to change: it counts assignments, not times"],
    // Volumes.
    ["first-response > 1h over 4h min 0", '"min 0": the minimum volume is at least 1, e.g. "min 5"'],
    ["first-response > 1h over 4h min 2.5", 'min needs a whole number, not 2.5, e.g. "min 5"'],
    ["first-response > 1h over 4h min -3", "min needs a whole number, not -3"],
    ["first-response > 1h over 4h min five", "min needs a whole number, not five"],
    ["source:bot change > 100% over 1d min 100001", '"min 100001" is over 100000'],
    // Twice.
    ["waiting > 2h waiting > 3h", "waiting and waiting both set the rule (one at a time): keep one"],
    ["waiting > 2h first-response > 1h over 4h", "waiting and first-response both set the rule"],
    ["first-response > 1h over 4h over 2h", '"over 4h" and "over 2h" both set the window: keep one'],
    ["first-response > 1h over 4h avg median", "avg and median both set the statistic (median or average): keep one"],
    ["first-response > 1h over 4h avg mean", "avg and mean both set the statistic"],
    ["first-response > 1h over 4h agent:x agent:y", "agent:x and agent:y both set the agent: keep one"],
    ["first-response > 1h over 4h min 3 min 4", '"min 3" and "min 4" both set the minimum volume'],
    ["waiting > 2h any-time business", "any-time and business both set the clock (business hours or any time): keep one"],
    ["waiting > 2h cooldown 1h cooldown 2h", '"cooldown 1h" and "cooldown 2h" both set the cooldown'],
    ["source:bot source:user change > 100% over 1d", "source:bot and source:user both set the source"],
  ])("%j: %s", (text, message) => {
    expect(error(text)).toContain(message);
  });
});

describe("describeAlertRule", () => {
  it.each([
    ["waiting > 2h", "Customers waiting > 2 h for a first reply (business hours)"],
    ["waiting > 90m any-time cooldown 30m", "Customers waiting > 1 h 30 min for a first reply (any time, cooldown 30 min)"],
    // Business time in hours, as the reports show it: 24 open hours are 3 working days.
    ["waiting > 1d", "Customers waiting > 24 h for a first reply (business hours)"],
    ["waiting > 1d2h30m any-time", "Customers waiting > 26 h 30 min for a first reply (any time)"],
    ["waiting > 2d any-time", "Customers waiting > 2 d for a first reply (any time)"],
    ["first-response > 1h over 4h", "Median first response > 1 h over the last 4 h (business hours, team, min 5)"],
    [
      "first-response > 45m over 2h agent:<@U1|lea> avg any-time min 3 cooldown 2h",
      "Average first response > 45 min over the last 2 h (any time, agent <@U1>, min 3, cooldown 2 h)",
    ],
    ["resolution > 8h over 1d agent:lea@x.com", "Median resolution > 8 h over the last 24 h (business hours, agent lea@x.com, min 5)"],
    ["source:bot change > 100% over 1d", "Bot assignments up > 100% over the last 24 h vs the median of the 4 weeks before (min 20)"],
    [
      "source:workflow change < -50% over 12h min 40 cooldown 1d",
      "Workflow assignments down > 50% over the last 12 h vs the median of the 4 weeks before (min 40, cooldown 1 d)",
    ],
    [
      "source:ad change > 2500.5% over 3d",
      "Click-to-chat ad assignments up > 2,500.5% over the last 3 days vs the median of the 4 weeks before (min 20)",
    ],
  ])("%s: %s", (text, words) => {
    expect(describeAlertRule(rule(text))).toBe(words);
  });
});

describe("alertRuleText", () => {
  it.each([
    ["WAITING>2 hours", "waiting > 2h"],
    ["waiting > 1d", "waiting > 24h"],
    ["waiting > 1.5d any time", "waiting > 1d12h any-time"],
    ["waiting > 2h cooldown 60m", "waiting > 2h"],
    ["first response > 90 min over the last 4h moyenne min 5 cooldown 30m", "first-response > 1h30m over 4h avg cooldown 30m"],
    ['resolution > 8h agent:"Léa Bernard" median 24/7 min 3 over 1j', 'resolution > 8h over 1d agent:"Léa Bernard" any-time min 3'],
    ["change<-50% over 1d source:Bot min 20", "source:bot change < -50% over 1d"],
    ["source:flux change > 12,5 % over 30m min 21", "source:workflow change > 12.5% over 30m min 21"],
  ])("%s is written %s", (text, canonical) => {
    expect(alertRuleText(rule(text))).toBe(canonical);
  });

  it("writes back, as the same rule, 2,000 random rules", () => {
    const next = random(7);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
    const minutes = (from: number, to: number) => (from + Math.floor(next() * (to - from + 1))) * MIN;
    const agents = [null, "<@U0123ABC>", "lea@x.com", "Léa Bernard", "O’Brien", "Jean-Pierre  Roux", "a:b", "A&B"];
    for (let n = 0; n < 2000; n++) {
      const kind = pick(["waiting", "response-time", "source-change"] as const);
      const clock: AlertClock = pick(["business", "any-time"] as const);
      const threshold = next() < 0.5 ? minutes(5, 600) : minutes(5, 30 * 1440);
      const window = next() < 0.5 ? minutes(5, 600) : minutes(5, 7 * 1440);
      const condition: AlertCondition =
        kind === "waiting"
          ? { kind, thresholdSeconds: threshold, clock }
          : kind === "response-time"
            ? {
                kind,
                metric: pick(["first-response", "resolution"] as const),
                thresholdSeconds: threshold,
                windowSeconds: window,
                statistic: pick(["median", "average"] as const),
                clock,
                agent: pick(agents),
                minVolume: pick([1, 5, 7, 100_000]),
              }
            : {
                kind,
                source: pick(SOURCES),
                direction: next() < 0.5 ? "up" : "down",
                percent: pick([0.01, 1, 12.5, 50, 99.99, 100]),
                windowSeconds: window,
                minVolume: pick([1, 20, 33]),
              };
      const spec: AlertRuleSpec = { condition, cooldownSeconds: next() < 0.5 ? H : minutes(5, 7 * 1440) };
      const text = alertRuleText(spec);
      expect(parseAlertRule(text), text).toEqual({ ok: true, rule: spec });
      expect(describeAlertRule(spec)).not.toContain("undefined");
    }
  });
});

describe("parseAlertRule on anything", () => {
  it("answers ok or an error for 5,000 random token strings, and what it reads it writes back", () => {
    const next = random(42);
    const tokens = [
      ...["waiting", "first-response", "first", "response", "resolution", "change", "source:bot", "source:", "source:flux", "agent:"],
      ...["agent:lea", 'agent:"Léa B"', "agent:<@U1|Léa B>", "<@U1>", "<mailto:a@b.c|a@b.c>", "over", "over:", "the", "last"],
      ...["cooldown", "min", "min:", "avg", "median", "any", "time", "any-time", "business", "help", "?", ">", "<", ">=", "=", "&gt;"],
      ...["&lt;", "&amp;", "2h", "2", "h", "1h30", "30", "m", "5m", "4m59s", "7d", "8d", "1.5h", "1,5h", "31d", "100%", "-50%", "50%"],
      ...["%", "-", "+", "0", "5", "20", "0.5", '"', "“", "”", ":", "é", "\u0000", "\u{1F600}", "9".repeat(400), "1e9h", ".", ","],
    ];
    const garbage = () => String.fromCodePoint(...Array.from({ length: 1 + Math.floor(next() * 6) }, () => Math.floor(next() * 0x2fff)));
    const valid = [
      "waiting > 2h any-time",
      "first-response > 1h over 4h agent:x avg min 3",
      "source:bot change < -50% over 1d cooldown 1h30",
    ];
    /** A valid rule with a few characters deleted, doubled or replaced. */
    const mutated = () => {
      let text = valid[Math.floor(next() * valid.length)]!;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        const choice = next();
        const replacement = choice < 0.33 ? "" : choice < 0.66 ? text.slice(at, at + 2) : garbage().slice(0, 1);
        text = text.slice(0, at) + replacement + text.slice(at + 1);
      }
      return text;
    };
    const counts = { ok: 0, error: 0 };
    for (let n = 0; n < 5000; n++) {
      const length = Math.floor(next() * 12);
      const words = Array.from({ length }, () => (next() < 0.1 ? garbage() : tokens[Math.floor(next() * tokens.length)]!));
      const text = n % 2 === 0 ? mutated() : words.join(next() < 0.2 ? "" : " ");
      const parsed = parseAlertRule(text);
      if (parsed.ok) {
        counts.ok++;
        expect(parseAlertRule(alertRuleText(parsed.rule)), text).toEqual(parsed);
      } else {
        counts.error++;
        expect(parsed.error, text).toMatch(/\S/);
      }
    }
    // Both answers come up: the mutations leave some rules readable.
    expect(counts.ok).toBeGreaterThan(100);
    expect(counts.error).toBeGreaterThan(3000);
  });

  it("reads back rules built from valid words in any order", () => {
    const next = random(3);
    const heads = ["waiting > 2h", "first-response > 1h", "resolution > 8 h", "source:bot change > 100%", "change < -50% source:flux"];
    const options = ["over 4h", "over the last 1d", "agent:x", "avg", "median", "min 3", "any-time", "cooldown 30m", "business"];
    let readable = 0;
    for (let n = 0; n < 3000; n++) {
      const words = [heads[Math.floor(next() * heads.length)]!];
      for (const option of options) if (next() < 0.3) words.splice(Math.floor(next() * (words.length + 1)), 0, option);
      const parsed = parseAlertRule(words.join(" "));
      if (!parsed.ok) continue;
      readable++;
      expect(parseAlertRule(alertRuleText(parsed.rule))).toEqual(parsed);
    }
    expect(readable).toBeGreaterThan(300);
  });
});
