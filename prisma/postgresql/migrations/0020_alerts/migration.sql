-- Alert rules, their episodes and the ledger of their posts (src/alerts/), and an index of the
-- conversations still waiting for a first reply (the waiting alert).
-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paused_at" TIMESTAMP(3),
    "paused_reason" TEXT,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_episodes" (
    "rule_id" TEXT NOT NULL,
    "episode" INTEGER NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),
    "value" DOUBLE PRECISION NOT NULL,
    "detail" TEXT NOT NULL,
    "notified_value" DOUBLE PRECISION NOT NULL,
    "notified_at" TIMESTAMP(3) NOT NULL,
    "notifications" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "channel_id" TEXT NOT NULL,
    "message_ts" TEXT,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMP(3),
    "snoozed_until" TIMESTAMP(3),

    CONSTRAINT "alert_episodes_pkey" PRIMARY KEY ("rule_id","episode")
);

-- CreateTable
CREATE TABLE "alert_steps" (
    "rule_id" TEXT NOT NULL,
    "episode" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_at" TIMESTAMP(3),
    "claimed_by" TEXT,
    "finished_at" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "alert_steps_pkey" PRIMARY KEY ("rule_id","episode","step")
);

-- CreateIndex
CREATE INDEX "alert_rules_workspace_id_idx" ON "alert_rules"("workspace_id");

-- CreateIndex
CREATE INDEX "alert_episodes_workspace_id_idx" ON "alert_episodes"("workspace_id");

-- CreateIndex
CREATE INDEX "alert_steps_workspace_id_idx" ON "alert_steps"("workspace_id");

-- CreateIndex
CREATE INDEX "email_conversations_workspace_id_first_response_at_started__idx" ON "email_conversations"("workspace_id", "first_response_at", "started_at");

