-- Written by hand: prisma migrate diff redefines the table for this, which would drop the
-- trigger on assignments (migration 0010). Existing rows get rank 0: among a
-- contact's assignments at the same instant they stay in event id order, as before.

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN "tie_rank" INTEGER NOT NULL DEFAULT 0;

-- DropIndex
DROP INDEX "assignments_workspace_id_contact_id_occurred_at_event_id_idx";

-- CreateIndex
CREATE INDEX "assignments_workspace_id_contact_id_occurred_at_tie_rank_event_id_idx" ON "assignments"("workspace_id", "contact_id", "occurred_at", "tie_rank", "event_id");
