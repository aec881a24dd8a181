// CSV import: files of N/10 and N rows (N = 1,000,000), each imported by importCsv in a
// child process; rows/s and peak RSS per size. A streaming importer keeps the peak flat
// as the file grows: the RSS ratio of the two sizes is the figure to watch.
import { createWriteStream, statSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { CSV_HEADER, assignmentFacts, toCsvLine } from "./lib/events.ts";
import { benchSize, int, mib, perSecond, rate, secs, slower, startChild, tempFolder, times, type BenchResult } from "./lib/report.ts";

const MAX_RSS_GROWTH = 1.5;

async function writeCsv(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let chunk = `${CSV_HEADER}\n`;
  for (const fact of assignmentFacts(count, { prefix: "csv" })) {
    chunk += `${toCsvLine(fact)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

interface ChildReport {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  ms: number;
  maxRssKiB: number;
}

async function importInChild(dbFile: string, csvFile: string): Promise<ChildReport> {
  const child = startChild("csv-import-child.ts", [dbFile, csvFile]);
  try {
    return await child.nextMessage<ChildReport>();
  } finally {
    await child.finish();
  }
}

export async function run(): Promise<BenchResult> {
  const big = benchSize(1_000_000);
  const sizes = [Math.floor(big / 10), big];
  const tmp = tempFolder("csv-import");
  try {
    const notes: string[] = [];
    const dry = await importInChild(join(tmp.dir, "dry.db"), "--dry");
    const reports: ChildReport[] = [];
    for (const size of sizes) {
      const csv = join(tmp.dir, `assignments-${size}.csv`);
      await writeCsv(csv, size);
      const report = await importInChild(join(tmp.dir, `import-${size}.db`), csv);
      if (report.rows !== size || report.imported !== size) {
        throw new Error(
          `importCsv read ${report.rows} rows and imported ${report.imported} of ${size} (rejected ${report.rejected}, duplicates ${report.duplicates})`,
        );
      }
      notes.push(`${int(size)} rows: ${mib(statSync(csv).size)} of CSV imported in ${secs(report.ms)}`);
      reports.push(report);
    }
    const [small, large] = reports as [ChildReport, ChildReport];
    const rssRatio = large.maxRssKiB / small.maxRssKiB;
    const growth = (large.maxRssKiB - dry.maxRssKiB) / Math.max(1, small.maxRssKiB - dry.maxRssKiB);
    notes.push(
      `peak RSS above the no-import floor: ${mib((small.maxRssKiB - dry.maxRssKiB) * 1024)} -> ${mib((large.maxRssKiB - dry.maxRssKiB) * 1024)} (${times(growth)})`,
    );
    return {
      rows: [
        {
          what: `CSV import, ${int(large.rows)} rows`,
          figure: rate(perSecond(large.rows, large.ms), "rows/s"),
          baseline: `${rate(perSecond(small.rows, small.ms), "rows/s")} (${int(small.rows)} rows)`,
          ratio: slower(perSecond(small.rows, small.ms) / perSecond(large.rows, large.ms)),
          target: "-",
        },
        {
          what: `CSV import peak RSS, ${int(large.rows)} rows`,
          figure: mib(large.maxRssKiB * 1024),
          baseline: `${mib(small.maxRssKiB * 1024)} (${int(small.rows)} rows); ${mib(dry.maxRssKiB * 1024)} no import`,
          ratio: times(rssRatio),
          target: `<= ${MAX_RSS_GROWTH}x (flat)`,
          checks: [{ label: `RSS <= ${MAX_RSS_GROWTH}x`, ok: rssRatio <= MAX_RSS_GROWTH }],
        },
      ],
      notes,
    };
  } finally {
    tmp.remove();
  }
}
