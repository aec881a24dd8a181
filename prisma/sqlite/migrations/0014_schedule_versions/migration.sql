-- CreateTable
CREATE TABLE "schedule_recomputes" (
    "workspace_id" TEXT NOT NULL PRIMARY KEY,
    "from_at" DATETIME NOT NULL,
    "after_id" TEXT,
    "until_at" DATETIME,
    "requested_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_business_schedules" (
    "workspace_id" TEXT NOT NULL,
    "effective_from" DATETIME NOT NULL,
    "schedule" TEXT NOT NULL,
    "follows_time_zone" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("workspace_id", "effective_from")
);
INSERT INTO "new_business_schedules" ("created_at", "effective_from", "schedule", "workspace_id") SELECT "created_at", "effective_from", "schedule", "workspace_id" FROM "business_schedules";
DROP TABLE "business_schedules";
ALTER TABLE "new_business_schedules" RENAME TO "business_schedules";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Backfill. The hours before a workspace's first version were the default ones in its zone as
-- it is now: write them as a version from the start, so that a later zone change cannot alter
-- them (src/domain/schedule-versions.ts). Timestamps are epoch milliseconds here.
INSERT INTO "business_schedules" ("workspace_id", "effective_from", "schedule", "follows_time_zone")
SELECT w."id", 0, '{"timeZone":"' || w."time_zone" || '","intervals":[{"day":1,"start":"09:00","end":"17:00"},{"day":2,"start":"09:00","end":"17:00"},{"day":3,"start":"09:00","end":"17:00"},{"day":4,"start":"09:00","end":"17:00"},{"day":5,"start":"09:00","end":"17:00"}],"holidays":[]}', true
FROM "workspaces" w
WHERE EXISTS (SELECT 1 FROM "business_schedules" b WHERE b."workspace_id" = w."id")
  AND NOT EXISTS (SELECT 1 FROM "business_schedules" b WHERE b."workspace_id" = w."id" AND b."effective_from" <= 0);

-- Conversations were measured with the zone in force when each was last rebuilt: measure them
-- all once more under the versions (the app does it in batches after start-up).
INSERT INTO "schedule_recomputes" ("workspace_id", "from_at")
SELECT DISTINCT "workspace_id", 0 FROM "email_conversations";
