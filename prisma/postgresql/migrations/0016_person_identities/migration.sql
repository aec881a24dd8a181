-- CreateTable
CREATE TABLE "person_identities" (
    "id" SERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "person_name" TEXT NOT NULL,
    "person_email" TEXT NOT NULL,

    CONSTRAINT "person_identities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "person_identities_workspace_id_stream_idx" ON "person_identities"("workspace_id", "stream");


-- Backfill (written by hand): every person the stored events carry.
INSERT INTO "person_identities" ("workspace_id", "stream", "person_id", "person_name", "person_email")
SELECT DISTINCT "workspace_id", 'email', COALESCE("agent_id", ''), COALESCE("agent_name", ''), COALESCE("agent_email", '')
FROM "email_events" WHERE "agent_id" IS NOT NULL OR "agent_name" IS NOT NULL OR "agent_email" IS NOT NULL;
INSERT INTO "person_identities" ("workspace_id", "stream", "person_id", "person_name", "person_email")
SELECT DISTINCT "workspace_id", 'assignments', COALESCE("assignee_id", ''), COALESCE("assignee_name", ''), COALESCE("assignee_email", '')
FROM "assignments" WHERE "assignee_id" IS NOT NULL OR "assignee_name" IS NOT NULL OR "assignee_email" IS NOT NULL;
