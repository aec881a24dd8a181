-- AlterTable
ALTER TABLE "assignments" ADD COLUMN "assigned_by_name_folded" TEXT;
ALTER TABLE "assignments" ADD COLUMN "assignee_name_folded" TEXT;
ALTER TABLE "assignments" ADD COLUMN "contact_name_folded" TEXT;

-- AlterTable (written by hand: SQLite adds a NOT NULL column with a default in place; Prisma
-- would copy the table)
ALTER TABLE "assignment_counts" ADD COLUMN "assignee_name_folded" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "email_conversations" ADD COLUMN "closer_name_folded" TEXT;
ALTER TABLE "email_conversations" ADD COLUMN "first_responder_name_folded" TEXT;

-- The folded copies of the names already stored are written by src/store/folded-names.ts,
-- which src/store/migrate.ts runs right after this script, in the same transaction.
