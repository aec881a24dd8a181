-- Existing rows get rank 0: among a contact's assignments at the same instant they stay in
-- event id order, as before. (ADD COLUMN with a constant default rewrites no row.)

-- DropIndex
DROP INDEX "assignments_workspace_id_contact_id_occurred_at_event_id_idx";

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "tie_rank" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "assignments_workspace_id_contact_id_occurred_at_tie_rank_ev_idx" ON "assignments"("workspace_id", "contact_id", "occurred_at", "tie_rank", "event_id");

