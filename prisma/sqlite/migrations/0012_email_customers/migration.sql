-- CreateTable
CREATE TABLE "email_customers" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workspace_id" TEXT NOT NULL,
    "email" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "email_customers_workspace_id_email_key" ON "email_customers"("workspace_id", "email");

-- Backfill (written by hand): a number for every customer with conversations.
INSERT INTO "email_customers" ("workspace_id", "email")
SELECT DISTINCT "workspace_id", "customer_email" FROM "email_conversations" ORDER BY 1, 2;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_email_conversations" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "customer_email" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "customer_name" TEXT,
    "started_at" DATETIME NOT NULL,
    "first_response_at" DATETIME,
    "first_responder_id" TEXT,
    "first_responder_name" TEXT,
    "first_responder_email" TEXT,
    "closed_at" DATETIME,
    "closer_id" TEXT,
    "closer_name" TEXT,
    "closer_email" TEXT,
    "reopen_count" INTEGER NOT NULL DEFAULT 0,
    "first_responder_key" TEXT,
    "closer_key" TEXT,
    "first_response_s" INTEGER,
    "first_response_business_s" INTEGER,
    "first_response_in_hours" BOOLEAN,
    "resolution_s" INTEGER,
    "resolution_business_s" INTEGER,
    "closed_in_hours" BOOLEAN,

    PRIMARY KEY ("workspace_id", "id")
);
INSERT INTO "new_email_conversations" ("customer_id", "closed_at", "closed_in_hours", "closer_email", "closer_id", "closer_key", "closer_name", "customer_email", "customer_name", "first_responder_email", "first_responder_id", "first_responder_key", "first_responder_name", "first_response_at", "first_response_business_s", "first_response_in_hours", "first_response_s", "id", "reopen_count", "resolution_business_s", "resolution_s", "started_at", "workspace_id") SELECT (SELECT c."id" FROM "email_customers" c WHERE c."workspace_id" = "email_conversations"."workspace_id" AND c."email" = "email_conversations"."customer_email"), "closed_at", "closed_in_hours", "closer_email", "closer_id", "closer_key", "closer_name", "customer_email", "customer_name", "first_responder_email", "first_responder_id", "first_responder_key", "first_responder_name", "first_response_at", "first_response_business_s", "first_response_in_hours", "first_response_s", "id", "reopen_count", "resolution_business_s", "resolution_s", "started_at", "workspace_id" FROM "email_conversations";
DROP TABLE "email_conversations";
ALTER TABLE "new_email_conversations" RENAME TO "email_conversations";
CREATE INDEX "email_conversations_workspace_id_customer_email_started_at_idx" ON "email_conversations"("workspace_id", "customer_email", "started_at");
CREATE INDEX "email_conversations_workspace_id_started_at_idx" ON "email_conversations"("workspace_id", "started_at");
CREATE INDEX "email_conversations_first_response_report_idx" ON "email_conversations"("workspace_id", "first_responder_key", "first_response_at", "first_response_s", "first_response_business_s", "first_response_in_hours", "customer_id");
CREATE INDEX "email_conversations_resolution_report_idx" ON "email_conversations"("workspace_id", "closer_key", "closed_at", "resolution_s", "resolution_business_s", "closed_in_hours", "customer_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

