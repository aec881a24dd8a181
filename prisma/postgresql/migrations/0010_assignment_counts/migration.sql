-- DropIndex
DROP INDEX "assignments_report_counts_idx";

-- CreateTable
CREATE TABLE "assignment_counts" (
    "workspace_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "assignee_id" TEXT NOT NULL,
    "assignee_name" TEXT NOT NULL,
    "assignee_email" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "assignment_counts_pkey" PRIMARY KEY ("workspace_id","hour","source","assignee_id","assignee_name","assignee_email")
);


-- Ingest adds each batch's counts (src/store/assignment-counts.ts); deletes come from
-- several places (retention, erasure), so this statement-level trigger counts them down.
-- Counted columns are never updated (only previous_assignee_* are). The function keeps the
-- schema it was created in (search_path FROM CURRENT): a session with another search_path
-- still counts down this schema's table.
CREATE FUNCTION "assignment_counts_remove"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE "assignment_counts" AS c SET "n" = c."n" - gone."n"
    FROM (SELECT "workspace_id", date_trunc('hour', "occurred_at") AS "hour", "source",
                 COALESCE("assignee_id", '') AS "assignee_id", COALESCE("assignee_name", '') AS "assignee_name",
                 COALESCE("assignee_email", '') AS "assignee_email", COUNT(*) AS "n"
          FROM "old_rows" GROUP BY 1, 2, 3, 4, 5, 6) AS gone
    WHERE c."workspace_id" = gone."workspace_id" AND c."hour" = gone."hour" AND c."source" = gone."source"
      AND c."assignee_id" = gone."assignee_id" AND c."assignee_name" = gone."assignee_name" AND c."assignee_email" = gone."assignee_email";
    DELETE FROM "assignment_counts" AS c
    USING (SELECT DISTINCT "workspace_id", date_trunc('hour', "occurred_at") AS "hour" FROM "old_rows") AS gone
    WHERE c."workspace_id" = gone."workspace_id" AND c."hour" = gone."hour" AND c."n" <= 0;
    RETURN NULL;
END $$;

CREATE TRIGGER "assignment_counts_delete" AFTER DELETE ON "assignments"
    REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "assignment_counts_remove"();

INSERT INTO "assignment_counts" ("workspace_id", "hour", "source", "assignee_id", "assignee_name", "assignee_email", "n")
SELECT "workspace_id", date_trunc('hour', "occurred_at"), "source",
       COALESCE("assignee_id", ''), COALESCE("assignee_name", ''), COALESCE("assignee_email", ''), COUNT(*)
FROM "assignments" GROUP BY 1, 2, 3, 4, 5, 6;
