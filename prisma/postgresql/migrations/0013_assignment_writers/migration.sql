-- CreateTable
CREATE TABLE "assignment_writers" (
    "workspace_id" TEXT NOT NULL,
    "last_writer" BIGINT NOT NULL,

    CONSTRAINT "assignment_writers_pkey" PRIMARY KEY ("workspace_id")
);

-- Written by hand. Ingest stamps its own inserts (src/store/latest-assignments.ts); any
-- update or delete, whoever makes it (retention, erasure, the rewrite of a derived previous
-- assignee, hand SQL), stamps the workspaces of its rows with its transaction id here, so
-- that a replica's memory of the rows no longer holds. Statement-level: one upsert per statement.
CREATE FUNCTION "assignment_writers_stamp"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO "assignment_writers" ("workspace_id", "last_writer")
    SELECT DISTINCT "workspace_id", txid_current() FROM "changed_rows" ORDER BY 1
    ON CONFLICT ("workspace_id") DO UPDATE SET "last_writer" = EXCLUDED."last_writer";
    RETURN NULL;
END $$;

CREATE TRIGGER "assignment_writers_update" AFTER UPDATE ON "assignments"
    REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "assignment_writers_stamp"();
CREATE TRIGGER "assignment_writers_delete" AFTER DELETE ON "assignments"
    REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "assignment_writers_stamp"();

-- TRUNCATE has no rows to read: it stamps every workspace.
CREATE FUNCTION "assignment_writers_stamp_all"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE "assignment_writers" SET "last_writer" = txid_current();
    RETURN NULL;
END $$;

CREATE TRIGGER "assignment_writers_truncate" AFTER TRUNCATE ON "assignments"
    FOR EACH STATEMENT EXECUTE FUNCTION "assignment_writers_stamp_all"();
