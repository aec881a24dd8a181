-- DropIndex
DROP INDEX "email_conversations_first_response_report_idx";

-- DropIndex
DROP INDEX "email_conversations_resolution_report_idx";

-- CreateTable
CREATE TABLE "email_customers" (
    "id" SERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,

    CONSTRAINT "email_customers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "email_customers_workspace_id_email_key" ON "email_customers"("workspace_id", "email");

-- AlterTable, with a backfill (written by hand): a number for every customer with conversations.
ALTER TABLE "email_conversations" ADD COLUMN "customer_id" INTEGER;
INSERT INTO "email_customers" ("workspace_id", "email")
SELECT DISTINCT "workspace_id", "customer_email" FROM "email_conversations" ORDER BY 1, 2;
UPDATE "email_conversations" e SET "customer_id" = c."id" FROM "email_customers" c WHERE c."workspace_id" = e."workspace_id" AND c."email" = e."customer_email";
ALTER TABLE "email_conversations" ALTER COLUMN "customer_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "email_conversations_first_response_report_idx" ON "email_conversations"("workspace_id", "first_responder_key", "first_response_at", "first_response_s", "first_response_business_s", "first_response_in_hours", "customer_id");

-- CreateIndex
CREATE INDEX "email_conversations_resolution_report_idx" ON "email_conversations"("workspace_id", "closer_key", "closed_at", "resolution_s", "resolution_business_s", "closed_in_hours", "customer_id");

