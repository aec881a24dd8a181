-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "assigned_by_name_folded" TEXT,
ADD COLUMN     "assignee_name_folded" TEXT,
ADD COLUMN     "contact_name_folded" TEXT;

-- AlterTable
ALTER TABLE "assignment_counts" DROP CONSTRAINT "assignment_counts_pkey",
ADD COLUMN     "assignee_name_folded" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "assignment_counts_pkey" PRIMARY KEY ("workspace_id", "hour", "source", "assignee_id", "assignee_name", "assignee_email", "assignee_name_folded");

-- AlterTable
ALTER TABLE "email_conversations" ADD COLUMN     "closer_name_folded" TEXT,
ADD COLUMN     "first_responder_name_folded" TEXT;


-- The folded copies of the names already stored are written by src/store/folded-names.ts,
-- which src/store/migrate.ts runs right after this script, in the same transaction.
