-- AlterTable
ALTER TABLE "assignments" ADD COLUMN "previous_assignee_derived" BOOLEAN NOT NULL DEFAULT false;
