// The layering of shared/DESIGN.md, read from the code: every import of src/ (import and
// export-from statements, dynamic import(), import types) is parsed with the TypeScript
// compiler, and each rule lists what breaks it, by file and import.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

interface Import {
  /** As written: "../store/engine/sql.ts", "pg". */
  specifier: string;
  /** Our file it names, relative to the repository ("src/store/engine/sql.ts"); null for a package. */
  target: string | null;
  /** Erased at run time: `import type`, every name `type`, or `import("...")` in a type. */
  typeOnly: boolean;
  line: number;
}

interface SourceFacts {
  imports: Import[];
  /** `.sql`, `.prisma`, `.reader` read off something, or destructured out of it. */
  handles: { name: string; line: number }[];
  /** String literals that start as a SQL statement. */
  sql: { text: string; line: number }[];
}

const HANDLES = new Set(["sql", "prisma", "reader"]);
const SQL_STATEMENT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|VACUUM|TRUNCATE)\b/;

/** What a module imports, which handles it reads, and which SQL it writes. `file` is relative to the repository. */
function readSource(file: string, text: string): SourceFacts {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const facts: SourceFacts = { imports: [], handles: [], sql: [] };
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    const spec = specifier.text;
    const target = spec.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : null;
    facts.imports.push({ specifier: spec, target, typeOnly, line: lineOf(node) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause;
      add(
        node,
        node.moduleSpecifier,
        node.isTypeOnly || (named !== undefined && ts.isNamedExports(named) && named.elements.every((e) => e.isTypeOnly)),
      );
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    } else if (ts.isPropertyAccessExpression(node) && HANDLES.has(node.name.text)) {
      facts.handles.push({ name: node.name.text, line: lineOf(node) });
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = node.propertyName ?? node.name;
      if (ts.isIdentifier(key) && HANDLES.has(key.text)) facts.handles.push({ name: key.text, line: lineOf(node) });
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && SQL_STATEMENT.test(node.text)) {
      facts.sql.push({ text: node.text.trim().split(/\s+/).slice(0, 4).join(" "), line: lineOf(node) });
    } else if (ts.isTemplateExpression(node) && SQL_STATEMENT.test(node.head.text)) {
      facts.sql.push({ text: node.head.text.trim().split(/\s+/).slice(0, 4).join(" "), line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith("src/generated/"))
    .sort();
}

const FILES = new Map(sourceFiles("src").map((file) => [file, readSource(file, readFileSync(join(ROOT, file), "utf8"))]));

const inside = (file: string, folder: string) => file.startsWith(`${folder}/`);
const importLine = (file: string, i: Import) => `${file}:${i.line} imports "${i.specifier}"${i.typeOnly ? " (types only)" : ""}`;

/** Every import of the files in `from` (all of src/ by default) that `allowed` refuses. */
function violations(allowed: (file: string, i: Import) => boolean, from = (_file: string) => true): string[] {
  return [...FILES].flatMap(([file, facts]) =>
    from(file) ? facts.imports.filter((i) => !allowed(file, i)).map((i) => importLine(file, i)) : [],
  );
}

const DATABASE_PACKAGES = /^(better-sqlite3|pg|pg-copy-streams|@prisma\/.+)$/;

describe("the layers of src/", () => {
  it("reads every module, with its imports", () => {
    expect(FILES.size).toBeGreaterThan(100);
    const app = FILES.get("src/app.ts")!;
    expect(app.imports.map((i) => i.target)).toContain("src/slack/slack-app.ts");
    // Every import of ours names a file that exists.
    const missing = [...FILES].flatMap(([file, facts]) =>
      facts.imports
        .filter((i) => i.target !== null && !i.target.startsWith("src/generated/") && !FILES.has(i.target))
        .map((i) => importLine(file, i)),
    );
    expect(missing).toEqual([]);
  });

  it("nothing imports slack/ but app.ts", () => {
    expect(
      violations(
        (_, i) => i.target === null || !inside(i.target, "src/slack"),
        (file) => file !== "src/app.ts" && !inside(file, "src/slack"),
      ),
    ).toEqual([]);
  });

  it("domain/ imports nothing of ours", () => {
    expect(
      violations(
        (_, i) => i.target === null || inside(i.target, "src/domain"),
        (file) => inside(file, "src/domain"),
      ),
    ).toEqual([]);
  });

  it("render/ imports only domain/, and reports/ for their result types", () => {
    expect(
      violations(
        (_, i) =>
          i.target === null ||
          inside(i.target, "src/render") ||
          inside(i.target, "src/domain") ||
          (inside(i.target, "src/reports") && i.typeOnly),
        (file) => inside(file, "src/render"),
      ),
    ).toEqual([]);
  });

  it("only store/ imports a database driver, Prisma or the generated client", () => {
    expect(
      violations(
        (_, i) => (i.target === null ? !DATABASE_PACKAGES.test(i.specifier) : !inside(i.target, "src/generated")),
        (file) => !inside(file, "src/store"),
      ),
    ).toEqual([]);
  });

  // enabled once the store hides its handles
  it.skip("only store/ touches a database handle (.sql, .prisma, .reader) or writes SQL", () => {
    const outside = [...FILES].filter(([file]) => !inside(file, "src/store"));
    const handles = outside.flatMap(([file, facts]) => facts.handles.map((h) => `${file}:${h.line} reads .${h.name}`));
    const sql = outside.flatMap(([file, facts]) => facts.sql.map((s) => `${file}:${s.line} writes SQL "${s.text} ..."`));
    expect([...handles, ...sql]).toEqual([]);
  });
});

describe("the import reader", () => {
  it("sees static, re-exported, dynamic and type-only imports, and handles and SQL", () => {
    const facts = readSource(
      "src/render/example.ts",
      [
        'import { a } from "../domain/a.ts";',
        'import type { B } from "../reports/b.ts";',
        'import { type C, type D } from "../reports/c.ts";',
        'import { type E, f } from "../reports/e.ts";',
        'export * from "./g.ts";',
        'export type { H } from "../slack/h.ts";',
        'const i = await import("../slack/i.ts");',
        'let j: import("../store/j.ts").J;',
        'import "pg";',
        `const rows = db.sql.query(\`SELECT 1 FROM t WHERE id = \${id}\`);`,
        "const { prisma } = db;",
        'const words = "Select a period";',
      ].join("\n"),
    );
    expect(facts.imports.map((i) => [i.target ?? i.specifier, i.typeOnly, i.line])).toEqual([
      ["src/domain/a.ts", false, 1],
      ["src/reports/b.ts", true, 2],
      ["src/reports/c.ts", true, 3],
      ["src/reports/e.ts", false, 4],
      ["src/render/g.ts", false, 5],
      ["src/slack/h.ts", true, 6],
      ["src/slack/i.ts", false, 7],
      ["src/store/j.ts", true, 8],
      ["pg", false, 9],
    ]);
    expect(facts.handles).toEqual([
      { name: "sql", line: 10 },
      { name: "prisma", line: 11 },
    ]);
    expect(facts.sql).toEqual([{ text: "SELECT 1 FROM t", line: 10 }]);
  });
});
