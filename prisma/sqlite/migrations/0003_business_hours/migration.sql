-- AlterTable
ALTER TABLE "email_conversations" ADD COLUMN "closed_in_hours" BOOLEAN;
ALTER TABLE "email_conversations" ADD COLUMN "closer_key" TEXT;
ALTER TABLE "email_conversations" ADD COLUMN "first_responder_key" TEXT;
ALTER TABLE "email_conversations" ADD COLUMN "first_response_business_s" INTEGER;
ALTER TABLE "email_conversations" ADD COLUMN "first_response_in_hours" BOOLEAN;
ALTER TABLE "email_conversations" ADD COLUMN "first_response_s" INTEGER;
ALTER TABLE "email_conversations" ADD COLUMN "resolution_business_s" INTEGER;
ALTER TABLE "email_conversations" ADD COLUMN "resolution_s" INTEGER;

-- CreateTable
CREATE TABLE "business_schedules" (
    "workspace_id" TEXT NOT NULL,
    "effective_from" DATETIME NOT NULL,
    "schedule" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("workspace_id", "effective_from")
);

-- CreateIndex
CREATE INDEX "email_conversations_workspace_id_first_response_at_idx" ON "email_conversations"("workspace_id", "first_response_at");

