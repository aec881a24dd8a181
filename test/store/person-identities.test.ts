// Who is who (src/domain/person-identities.ts), as pure rules: links by id and email, what a
// name alone means, labels told apart, and answers that do not depend on the identities' order.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/demo/random.ts";
import { distinctLabels, groupPerson, resolvePeople, type People } from "../../src/domain/person-identities.ts";
import { foldName } from "../../src/domain/name-matching.ts";
import { personKey, type Person } from "../../src/domain/person.ts";

const p = (fields: Partial<Person>): Person => ({ id: null, name: null, email: null, ...fields });
const groupKey = (people: People, person: Person) => people.groupOf(personKey(person)).key;

describe("resolvePeople", () => {
  it("one person for identities sharing an id or an email (any case), linked by one that carries both", () => {
    const byId = p({ id: "42", name: "Val" });
    const byEmail = p({ email: "Val@X.com", name: "Val" });
    expect(groupKey(resolvePeople([byId, byEmail]), byId)).not.toBe(groupKey(resolvePeople([byId, byEmail]), byEmail));

    const people = resolvePeople([byId, byEmail, p({ id: "42", email: "val@x.com" }), p({ email: "VAL@x.COM" })]);
    expect(people.groups).toHaveLength(1);
    expect(people.groups[0]).toMatchObject({
      key: "id:42",
      ids: ["42"],
      emails: ["val@x.com"],
      names: ["Val"],
      keys: ["email:val@x.com", "id:42"],
    });
    expect(groupKey(people, byEmail)).toBe("id:42");
  });

  it("links through chains: an id to an email to another id", () => {
    const people = resolvePeople([
      p({ id: "b", email: "one@x" }),
      p({ id: "a", email: "two@x" }),
      p({ id: "b", email: "two@x" }),
      p({ email: "one@x" }),
    ]);
    expect(people.groups.map((g) => g.key)).toEqual(["id:a"]);
    expect(people.groups[0]!.ids).toEqual(["a", "b"]);
  });

  it("a name alone is the one person known by id or email with that name, ignoring case and accents", () => {
    const tom = p({ id: "7", name: "Tom", email: "tom@x.com" });
    const zoe = p({ email: "zoe@x.com", name: "Zoé Dubois" });
    const people = resolvePeople([tom, p({ name: "Tom" }), p({ name: "TOM" }), zoe, p({ name: "zoe dubois" })]);
    expect(people.groups.map((g) => g.key).sort()).toEqual(["email:zoe@x.com", "id:7"]);
    expect(groupKey(people, p({ name: "TOM" }))).toBe("id:7");
    expect(groupKey(people, p({ name: "zoe dubois" }))).toBe("email:zoe@x.com");
  });

  it("a name that several people carry, or nobody known, stays a person of its own, one per folded name", () => {
    const people = resolvePeople([
      p({ email: "tom.a@x.com", name: "Tom" }),
      p({ email: "tom.b@x.com", name: "tom" }),
      p({ name: "Tom" }),
      p({ name: "tóm" }),
      p({ name: "Ann" }),
    ]);
    expect(people.groups.map((g) => g.key).sort()).toEqual(["email:tom.a@x.com", "email:tom.b@x.com", "name:ann", "name:tom"]);
    expect(people.groupOf("name:tóm")).toBe(people.groupOf("name:Tom"));
  });

  it("a name carried by the same person twice (two emails later linked) is still that person's", () => {
    const people = resolvePeople([
      p({ email: "tom@a.com", name: "Tom" }),
      p({ email: "tom@b.com", name: "Tom" }),
      p({ name: "Tom" }),
      p({ id: "7", email: "tom@a.com" }),
      p({ id: "7", email: "tom@b.com" }),
    ]);
    expect(people.groups.map((g) => g.key)).toEqual(["id:7"]);
  });

  it("a key no identity has is a person of its own", () => {
    expect(resolvePeople([]).groupOf("email:x@y")).toMatchObject({ key: "email:x@y", keys: ["email:x@y"] });
  });

  it("gives the same people whatever the order of the identities", () => {
    const random = mulberry32(5);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    for (let run = 0; run < 200; run++) {
      const identities = Array.from({ length: 2 + Math.floor(random() * 10) }, () => {
        const id = random() < 0.4 ? pick(["1", "2", "3"]) : null;
        const email = random() < 0.4 ? pick(["a@x", "B@x", "b@x", "c@x"]) : null;
        const name = random() < 0.7 || (id === null && email === null) ? pick(["Tom", "tom", "Tóm", "Val", "Ann"]) : null;
        return p({ id, email, name });
      });
      const shuffled = [...identities].sort(() => random() - 0.5);
      const view = (people: People) =>
        identities.map((i) => {
          const g = people.groupOf(personKey(i));
          return [g.key, g.ids, g.emails, g.names, g.keys];
        });
      expect(view(resolvePeople(shuffled))).toEqual(view(resolvePeople(identities)));
    }
  });
});

describe("groupPerson and distinctLabels", () => {
  it("takes each field from the newest row that has it, else from the group", () => {
    const people = resolvePeople([p({ id: "7", name: "Tom", email: "tom@x.com" }), p({ id: "7", name: "Thomas" })]);
    const group = people.groupOf("id:7");
    expect(groupPerson(group, [p({ id: "7" }), p({ name: "Thomas" })])).toEqual({ id: "7", name: "Thomas", email: "tom@x.com" });
    expect(groupPerson(group, [])).toEqual({ id: "7", name: "Thomas", email: "tom@x.com" });
  });

  it("tells apart labels that read alike by email, else id, else 'name only'", () => {
    const labels = distinctLabels([
      { key: "id:42", person: p({ id: "42", name: "Val" }) },
      { key: "email:val@x.com", person: p({ email: "val@x.com", name: "Val" }) },
      { key: "name:val", person: p({ name: "vál" }) },
      { key: "id:1", person: p({ id: "1", name: "Ann", email: "ann@x.com" }) },
    ]);
    expect([...labels.values()]).toEqual(["Val (id 42)", "Val (val@x.com)", "vál (name only)", "Ann"]);
  });

  it("folds names by decomposing, dropping combining marks and lower-casing", () => {
    expect(foldName("Élodie NÚÑEZ")).toBe("elodie nunez");
    expect(foldName("Zoe\u0301")).toBe("zoe");
  });
});
