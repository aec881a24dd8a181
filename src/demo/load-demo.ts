// Fills a database with the demo events through the one write path (ingestEvents), in
// batches, so that a second run finds every event already stored.
import { EVENT_TYPES } from "../ingest/event-schemas.ts";
import { ingestEvents } from "../ingest/ingest-service.ts";
import type { Database } from "../store/engine/database.ts";
import { applyScheduleChange } from "../store/workspace/schedule-changes.ts";
import { DEMO_TIME_ZONE, generateDemoEvents, type DemoOptions, type RawInboxEvent } from "./demo-data.ts";

const DEMO_BATCH_SIZE = 5000;

type EventType = (typeof EVENT_TYPES)[number];

interface DemoCounts {
  stored: number;
  alreadyThere: number;
}

export interface DemoLoadSummary extends DemoCounts {
  events: number;
  byType: Record<EventType, DemoCounts>;
}

export interface DemoProgress extends DemoCounts {
  events: number;
  /** occurredAt of the last event sent so far. */
  through: string;
}

export async function loadDemo(
  db: Database,
  options: DemoOptions,
  onBatch: (progress: DemoProgress) => void = () => {},
): Promise<DemoLoadSummary> {
  const { workspaceId } = options;
  await db.prisma.workspace.upsert({ where: { id: workspaceId }, create: { id: workspaceId, name: "Acme Support (demo)" }, update: {} });
  // Through a schedule change: the default hours follow the zone from the start.
  await applyScheduleChange(db.sql, workspaceId, { kind: "time-zone", timeZone: DEMO_TIME_ZONE, from: "start" });

  const byType = Object.fromEntries(EVENT_TYPES.map((type) => [type, { stored: 0, alreadyThere: 0 }])) as Record<EventType, DemoCounts>;
  const summary: DemoLoadSummary = { events: 0, stored: 0, alreadyThere: 0, byType };
  let batch: RawInboxEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcome = await ingestEvents(db.sql, workspaceId, batch);
    for (const result of outcome.results) {
      // The generator's events are valid by construction: a rejection is a bug in it.
      if (result.status === "rejected") {
        throw new Error(`demo event ${result.id ?? `#${result.index}`} rejected: ${JSON.stringify(result.errors)}`);
      }
      const counts = byType[batch[result.index]!.type];
      if (result.status === "stored") counts.stored++;
      else counts.alreadyThere++;
    }
    summary.events += batch.length;
    summary.stored += outcome.stored;
    summary.alreadyThere += outcome.duplicates;
    const { events, stored, alreadyThere } = summary;
    onBatch({ events, stored, alreadyThere, through: batch[batch.length - 1]!.occurredAt });
    batch = [];
  };
  for (const event of generateDemoEvents(options)) {
    batch.push(event);
    if (batch.length === DEMO_BATCH_SIZE) await flush();
  }
  await flush();
  return summary;
}
