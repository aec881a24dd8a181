function statementKey(sql: string): string {
  const text = sql.replace(/\s+/g, " ").trim();
  const ctes = new Set([...text.matchAll(/(?:WITH|,) (\w+)(?:\([^)]*\))? AS \(/gi)].map((m) => m[1]!.toLowerCase()));
  const verb = /\b(SELECT|INSERT|UPDATE|DELETE)\b/i.exec(text)?.[1]?.toUpperCase() ?? text.split(" ")[0]!;
  const tables = [...text.matchAll(/\b(?:INTO|FROM|JOIN|UPDATE) "?(\w+)\b"?(?!\()/gi)].map((m) => m[1]!);
  return `${verb} ${tables.find((t) => !ctes.has(t.toLowerCase())) ?? "?"}`;
}
for (const q of [`WITH p(contact_id, before) AS (VALUES (?, ?), (?, ?))
         SELECT p.contact_id, a.assignee_id FROM p
         JOIN assignments a ON a.workspace_id = ? AND a.event_id = (SELECT b.event_id FROM assignments b)`,
  `INSERT INTO assignments (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING`,
  `INSERT INTO assignments (a) SELECT u.c0 FROM unnest(?::text[]) AS u(c0) ON CONFLICT DO NOTHING RETURNING event_id AS k`,
  `SELECT DISTINCT ON (a.contact_id) a.contact_id FROM unnest(?::text[], ?::float8[]) AS p(contact_id, before_ms) JOIN assignments a ON a.workspace_id = ?`]) console.log(statementKey(q));
