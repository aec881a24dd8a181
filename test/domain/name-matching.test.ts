// The one fold that names are compared on (stored at ingest, applied to filter values), and
// the suggestions for a value that matches no one.
import { describe, expect, it } from "vitest";
import { closestNames, foldName } from "../../src/domain/name-matching.ts";
import { foldText } from "../../src/domain/sources.ts";

describe("foldName", () => {
  it.each([
    ["Élodie Brun", "elodie brun"],
    ["E\u0301LODIE BRUN", "elodie brun"], // decomposed as some senders store it
    ["Zoé Dubois", "zoe dubois"],
    ["José Núñez", "jose nunez"],
    ["Straße", "strasse"],
    ["STRASSE", "strasse"],
    ["ẞ", "ss"],
    ["Søren Ørsted", "soren orsted"],
    ["Œuvre Cœur", "oeuvre coeur"],
    ["Æsa", "aesa"],
    ["Łukasz Wałęsa", "lukasz walesa"],
    ["Đorđe", "dorde"],
    ["Þór", "thor"],
    ["İlkay Işık", "ilkay isik"],
    ["ΟΔΥΣΣΕΑΣ", "οδυσσεασ"], // final sigma as sigma
    ["ﬁona", "fiona"], // ligature
    ["Ｚｏｅ", "zoe"], // full-width
    ["O’Brien", "o'brien"], // a phone's apostrophe
    ["Jean‐Pierre – Roux", "jean-pierre - roux"],
    ["  Zoé \t  Dubois ", "zoe dubois"],
    ["Zoé\u00a0Dubois", "zoe dubois"],
    ["Camille Martin", "camille martin"],
    ["50% off_now", "50% off_now"],
  ])("%s -> %s", (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it("keeps what changes a letter in other scripts: Indic vowel signs, kana voicing, Hangul", () => {
    expect(foldName("राम")).not.toBe(foldName("रम"));
    expect(foldName("ガ")).not.toBe(foldName("カ"));
    expect(foldName("한국")).toBe("한국");
    expect(foldName("ｶﾞ")).toBe("ガ"); // half-width kana as full-width
  });

  it("is idempotent", () => {
    for (const name of ["Élodie Brun", "Straße", "ﬁona", "O’Brien", "ΟΔΥΣΣΕΑΣ", "İlkay"])
      expect(foldName(foldName(name))).toBe(foldName(name));
  });

  it("is what typed keywords are compared on, without spaces or punctuation", () => {
    expect(foldText("Flux de travail")).toBe("fluxdetravail");
    expect(foldText("Publicité « Cliquez pour discuter »")).toBe("publicitecliquezpourdiscuter");
  });
});

describe("closestNames", () => {
  const names = ["Camille Martin", "Camille Roux", "Zoé Dubois", "José Núñez", "Élodie Brun", "Fox"];

  it("finds names a typo away from the whole name or from as many of its words", () => {
    expect(closestNames("camile", names)).toEqual(["Camille Martin", "Camille Roux"]);
    expect(closestNames("zoe dubios", names)).toEqual(["Zoé Dubois"]);
    expect(closestNames("Nunes", names)).toEqual(["José Núñez"]);
    expect(closestNames("Elodei", names)).toEqual(["Élodie Brun"]);
    expect(closestNames("camille rous", names)).toEqual(["Camille Roux"]);
  });

  it("ranks by distance, then alphabetically, and keeps at most the limit", () => {
    expect(closestNames("martn", ["Martin B", "Marty", "Martin A"])).toEqual(["Martin A", "Martin B", "Marty"]);
    expect(closestNames("martn", ["Martin B", "Marty", "Martin A"], 2)).toEqual(["Martin A", "Martin B"]);
  });

  it("suggests nothing far away, and allows one edit for short values", () => {
    expect(closestNames("xyzzy", names)).toEqual([]);
    expect(closestNames("fx", names)).toEqual(["Fox"]);
    expect(closestNames("ab", names)).toEqual([]);
    expect(closestNames("\u0301", names)).toEqual([]);
  });

  it("shows one of the names that fold alike", () => {
    expect(closestNames("zoee", ["Zoé", "Zoe", "ZOE"])).toHaveLength(1);
  });
});
