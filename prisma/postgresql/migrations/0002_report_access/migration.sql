-- CreateTable
CREATE TABLE "report_access" (
    "workspace_id" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_access_pkey" PRIMARY KEY ("workspace_id","subject_id")
);

