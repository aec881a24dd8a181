-- AlterTable
ALTER TABLE "business_schedules" ADD COLUMN     "follows_time_zone" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "schedule_recomputes" (
    "workspace_id" TEXT NOT NULL,
    "from_at" TIMESTAMP(3) NOT NULL,
    "after_id" TEXT,
    "until_at" TIMESTAMP(3),
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_recomputes_pkey" PRIMARY KEY ("workspace_id")
);


-- Backfill. The hours before a workspace's first version were the default ones in its zone as
-- it is now: write them as a version from the start, so that a later zone change cannot alter
-- them (src/domain/schedule-versions.ts).
INSERT INTO "business_schedules" ("workspace_id", "effective_from", "schedule", "follows_time_zone")
SELECT w."id", TIMESTAMP 'epoch', '{"timeZone":"' || w."time_zone" || '","intervals":[{"day":1,"start":"09:00","end":"17:00"},{"day":2,"start":"09:00","end":"17:00"},{"day":3,"start":"09:00","end":"17:00"},{"day":4,"start":"09:00","end":"17:00"},{"day":5,"start":"09:00","end":"17:00"}],"holidays":[]}', true
FROM "workspaces" w
WHERE EXISTS (SELECT 1 FROM "business_schedules" b WHERE b."workspace_id" = w."id")
  AND NOT EXISTS (SELECT 1 FROM "business_schedules" b WHERE b."workspace_id" = w."id" AND b."effective_from" <= TIMESTAMP 'epoch');

-- Conversations were measured with the zone in force when each was last rebuilt: measure them
-- all once more under the versions (the app does it in batches after start-up).
INSERT INTO "schedule_recomputes" ("workspace_id", "from_at")
SELECT DISTINCT "workspace_id", TIMESTAMP 'epoch' FROM "email_conversations";
