-- DropIndex
DROP INDEX "email_events_workspace_id_thread_id_idx";

-- DropIndex
DROP INDEX "email_conversations_workspace_id_customer_email_idx";

-- CreateIndex
CREATE INDEX "email_events_workspace_id_thread_id_occurred_at_idx" ON "email_events"("workspace_id", "thread_id", "occurred_at");

-- CreateIndex
CREATE INDEX "email_conversations_workspace_id_customer_email_started_at_idx" ON "email_conversations"("workspace_id", "customer_email", "started_at");

