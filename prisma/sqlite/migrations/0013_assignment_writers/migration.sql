-- CreateTable
CREATE TABLE "assignment_writers" (
    "workspace_id" TEXT NOT NULL PRIMARY KEY,
    "last_writer" BIGINT NOT NULL
);
