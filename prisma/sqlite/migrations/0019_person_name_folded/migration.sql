-- AlterTable: written by hand as ADD COLUMN (Prisma's script would copy the table; SQLite
-- adds a NOT NULL column with a default in place).
ALTER TABLE "person_identities" ADD COLUMN "person_name_folded" TEXT NOT NULL DEFAULT '';

-- The folded copies of the names already stored are written by src/store/folded-names.ts,
-- which src/store/migrate.ts runs right after this script, in the same transaction.
