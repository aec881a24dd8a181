import { parseEvent } from "../../src/ingest/event-schemas.ts";
import { generateTraffic } from "../lib/events.ts";
const { events } = generateTraffic(100_000, "T");
const strip = (p: any) => (p ? { id: p.id, name: p.name } : p);
const noEmail = events.map((e: any) => ({ ...e, assignee: strip(e.assignee), ...(e.assignedBy ? { assignedBy: strip(e.assignedBy) } : {}), ...(e.previousAssignee !== undefined ? { previousAssignee: strip(e.previousAssignee) } : {}) }));
const minimal = events.map((e: any) => ({ type: "assignment", id: e.id, occurredAt: e.occurredAt, contact: { id: e.contact.id }, assignee: null, source: e.source }));
for (let k = 0; k < 3; k++) for (const [label, list] of [["full", events], ["no emails", noEmail], ["minimal (no persons)", minimal]] as const) {
  const t = performance.now();
  for (const e of list) if (!parseEvent(e).ok) throw new Error(JSON.stringify(parseEvent(e)));
  console.log(label, ((performance.now() - t) * 1000 / list.length).toFixed(2), "us/ev");
}
