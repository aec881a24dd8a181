-- CreateTable
CREATE TABLE "digest_subscriptions" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paused_at" TIMESTAMP(3),
    "paused_reason" TEXT,

    CONSTRAINT "digest_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest_runs" (
    "subscription_id" TEXT NOT NULL,
    "period_key" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "due_at" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_at" TIMESTAMP(3),
    "claimed_by" TEXT,
    "finished_at" TIMESTAMP(3),
    "message_ts" TEXT,
    "error" TEXT,

    CONSTRAINT "digest_runs_pkey" PRIMARY KEY ("subscription_id","period_key")
);

-- CreateIndex
CREATE INDEX "digest_subscriptions_workspace_id_idx" ON "digest_subscriptions"("workspace_id");

-- CreateIndex
CREATE INDEX "digest_runs_workspace_id_idx" ON "digest_runs"("workspace_id");

