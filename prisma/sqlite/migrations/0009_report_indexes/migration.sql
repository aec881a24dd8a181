-- DropIndex
DROP INDEX "email_conversations_workspace_id_closed_at_idx";

-- DropIndex
DROP INDEX "email_conversations_workspace_id_first_response_at_idx";

-- CreateIndex
CREATE INDEX "assignments_report_counts_idx" ON "assignments"("workspace_id", "source", "occurred_at", "assignee_id", "assignee_name", "assignee_email");

-- CreateIndex
CREATE INDEX "email_conversations_first_response_report_idx" ON "email_conversations"("workspace_id", "first_responder_key", "first_response_at", "first_response_s", "first_response_business_s", "first_response_in_hours", "customer_email");

-- CreateIndex
CREATE INDEX "email_conversations_resolution_report_idx" ON "email_conversations"("workspace_id", "closer_key", "closed_at", "resolution_s", "resolution_business_s", "closed_in_hours", "customer_email");

