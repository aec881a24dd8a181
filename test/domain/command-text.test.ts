import { describe, expect, it } from "vitest";
import { parseCommandText, requestToText, tokenize } from "../../src/domain/command-text.ts";
import { messageText } from "../../src/domain/message.ts";

const request = (text: string) => {
  const parsed = parseCommandText("assignments", text);
  if (parsed.kind !== "request") throw new Error(JSON.stringify(parsed));
  return parsed.request;
};
const error = (text: string) => {
  const parsed = parseCommandText("assignments", text);
  if (parsed.kind !== "error") throw new Error(JSON.stringify(parsed));
  return { ...parsed, message: messageText(parsed.message) };
};

describe("command text", () => {
  it("defaults to the last 7 days with no filters", () => {
    expect(request("")).toMatchObject({ period: { preset: "last-7-days" }, page: 0, filters: { sources: [] } });
  });

  it.each([
    ["last-7-days", "last-7-days"],
    ["last7days", "last-7-days"],
    ["LAST-7-DAYS", "last-7-days"],
    ["7d", "last-7-days"],
    ["Last_14_Days", "last-14-days"],
    ["30d", "last-30-days"],
    ["today", "today"],
    ["Aujourd'hui", "today"],
    ["hier", "yesterday"],
    ["this-month", "this-month"],
    ["ce-mois-ci", "this-month"],
    ["mois-dernier", "last-month"],
    ["lastmonth", "last-month"],
  ])("understands the period %s", (text, preset) => {
    expect(request(text).period).toEqual({ preset });
  });

  it("reads a custom range", () => {
    expect(request("2026-01-01..2026-01-31").period).toEqual({ from: "2026-01-01", to: "2026-01-31" });
    expect(error("2026-02-01..2026-01-31").message).toContain("ends");
  });

  it("reads every filter, repeated sources, French source names, quotes and Slack escapes", () => {
    const r = request(
      'source:bot SOURCE:"Flux de travail" source:utilisateur source:Publicité assignee:"Camille Martin" by:<@U0123ABC|lead> ' +
        "contact:<mailto:joe@example.com|joe@example.com> conversation:conv-9 assignee:fox@example.com",
    );
    expect(r.filters).toEqual({
      sources: ["bot", "workflow", "user", "click_to_chat_ad"],
      assignees: ["Camille Martin", "fox@example.com"],
      assignedBy: ["<@U0123ABC>"],
      contacts: ["joe@example.com"],
      conversations: ["conv-9"],
      agents: [],
    });
  });

  it("names an unknown word and suggests the closest", () => {
    expect(error("lst-7-days")).toMatchObject({ word: "lst-7-days", suggestion: "last-7-days" });
    expect(error("sorce:bot")).toMatchObject({ word: "sorce:bot", suggestion: "source:bot" });
    expect(error("source:bto")).toMatchObject({ suggestion: "source:bot" });
    expect(error("source:bto").message).toContain("is not a source");
    expect(error("banana").message).toContain("neither a period nor a filter");
    expect(error("source:").message).toContain("needs a value");
    expect(error("today yesterday").message).toContain("only one period");
  });

  it("answers help", () => {
    expect(parseCommandText("assignments", "help").kind).toBe("help");
    expect(parseCommandText("assignments", "AIDE").kind).toBe("help");
  });

  it("turns a request back into the text that asks for it", () => {
    const text = 'last-30-days source:bot assignee:"Camille Martin" conversation:c-1';
    expect(requestToText(request(text))).toBe(text);
    expect(tokenize("a “b c” d")).toEqual(["a", "b c", "d"]);
  });

  it("keeps a Slack mention whole when its name holds spaces", () => {
    expect(tokenize("by:<@U0123ABC|Camille Martin> today a<b")).toEqual(["by:<@U0123ABC|Camille Martin>", "today", "a<b"]);
    expect(request("by:<@U0123ABC|Camille Martin> contact:<mailto:joe@example.com|Joe Doe>").filters).toMatchObject({
      assignedBy: ["<@U0123ABC>"],
      contacts: ["joe@example.com"],
    });
  });
});
