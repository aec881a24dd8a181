-- AlterTable
ALTER TABLE "assignments" ADD COLUMN "assigned_by_name_folded" TEXT;
ALTER TABLE "assignments" ADD COLUMN "assignee_name_folded" TEXT;
ALTER TABLE "assignments" ADD COLUMN "contact_name_folded" TEXT;

-- AlterTable
ALTER TABLE "email_conversations" ADD COLUMN "closer_name_folded" TEXT;
ALTER TABLE "email_conversations" ADD COLUMN "first_responder_name_folded" TEXT;

-- RedefineTables: the key of assignment_counts gains assignee_name_folded, and SQLite changes
-- a key only by copying the table. Written by hand around Prisma's script: legacy_alter_table
-- keeps the RENAME from checking migration 0010's trigger on "assignments", which names
-- "assignment_counts" and would find it missing for a moment.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
PRAGMA legacy_alter_table=ON;
CREATE TABLE "new_assignment_counts" (
    "workspace_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "assignee_id" TEXT NOT NULL,
    "assignee_name" TEXT NOT NULL,
    "assignee_email" TEXT NOT NULL,
    "assignee_name_folded" TEXT NOT NULL DEFAULT '',
    "n" INTEGER NOT NULL,

    PRIMARY KEY ("workspace_id", "hour", "source", "assignee_id", "assignee_name", "assignee_email", "assignee_name_folded")
);
INSERT INTO "new_assignment_counts" ("assignee_email", "assignee_id", "assignee_name", "hour", "n", "source", "workspace_id") SELECT "assignee_email", "assignee_id", "assignee_name", "hour", "n", "source", "workspace_id" FROM "assignment_counts";
DROP TABLE "assignment_counts";
ALTER TABLE "new_assignment_counts" RENAME TO "assignment_counts";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The folded copies of the names already stored are written by src/store/folded-names.ts,
-- which src/store/migrate.ts runs right after this script, in the same transaction.
