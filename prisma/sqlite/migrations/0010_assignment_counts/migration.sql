-- DropIndex
DROP INDEX "assignments_report_counts_idx";

-- CreateTable
CREATE TABLE "assignment_counts" (
    "workspace_id" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "assignee_id" TEXT NOT NULL,
    "assignee_name" TEXT NOT NULL,
    "assignee_email" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    PRIMARY KEY ("workspace_id", "hour", "source", "assignee_id", "assignee_name", "assignee_email")
);


-- Ingest adds each batch's counts (src/store/assignment-counts.ts); deletes come from
-- several places (retention, erasure), so this trigger counts them down. Counted columns are
-- never updated (only previous_assignee_* are).
CREATE TRIGGER "assignment_counts_delete" AFTER DELETE ON "assignments" BEGIN
    UPDATE "assignment_counts" SET "n" = "n" - 1
    WHERE "workspace_id" = OLD."workspace_id" AND "hour" = OLD."occurred_at" - OLD."occurred_at" % 3600000 AND "source" = OLD."source"
      AND "assignee_id" = COALESCE(OLD."assignee_id", '') AND "assignee_name" = COALESCE(OLD."assignee_name", '')
      AND "assignee_email" = COALESCE(OLD."assignee_email", '');
    DELETE FROM "assignment_counts"
    WHERE "workspace_id" = OLD."workspace_id" AND "hour" = OLD."occurred_at" - OLD."occurred_at" % 3600000 AND "source" = OLD."source"
      AND "assignee_id" = COALESCE(OLD."assignee_id", '') AND "assignee_name" = COALESCE(OLD."assignee_name", '')
      AND "assignee_email" = COALESCE(OLD."assignee_email", '') AND "n" <= 0;
END;

INSERT INTO "assignment_counts" ("workspace_id", "hour", "source", "assignee_id", "assignee_name", "assignee_email", "n")
SELECT "workspace_id", "occurred_at" - "occurred_at" % 3600000, "source",
       COALESCE("assignee_id", ''), COALESCE("assignee_name", ''), COALESCE("assignee_email", ''), COUNT(*)
FROM "assignments" GROUP BY 1, 2, 3, 4, 5, 6;
