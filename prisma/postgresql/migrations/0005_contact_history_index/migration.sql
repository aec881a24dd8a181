-- DropIndex
DROP INDEX "assignments_workspace_id_contact_id_occurred_at_idx";

-- CreateIndex
CREATE INDEX "assignments_workspace_id_contact_id_occurred_at_event_id_idx" ON "assignments"("workspace_id", "contact_id", "occurred_at", "event_id");

