-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "assigned_by_name_folded" TEXT,
ADD COLUMN     "contact_name_folded" TEXT;


-- The folded copies of the names already stored are written by src/store/folded-names.ts,
-- which src/store/migrate.ts runs right after this script, in the same transaction.
