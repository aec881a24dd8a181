-- CreateTable
CREATE TABLE "workspaces" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ingest_tokens" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspace_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "label" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" DATETIME
);

-- CreateTable
CREATE TABLE "webhook_secrets" (
    "workspace_id" TEXT NOT NULL PRIMARY KEY,
    "signing_key" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "assignments" (
    "workspace_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "conversation_id" TEXT,
    "contact_id" TEXT NOT NULL,
    "contact_name" TEXT,
    "previous_assignee_id" TEXT,
    "previous_assignee_name" TEXT,
    "previous_assignee_email" TEXT,
    "assignee_id" TEXT,
    "assignee_name" TEXT,
    "assignee_email" TEXT,
    "source" TEXT NOT NULL,
    "assigned_by_id" TEXT,
    "assigned_by_name" TEXT,
    "assigned_by_email" TEXT,

    PRIMARY KEY ("workspace_id", "event_id")
);

-- CreateTable
CREATE TABLE "contact_conversation_events" (
    "workspace_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "contact_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,

    PRIMARY KEY ("workspace_id", "event_id")
);

-- CreateTable
CREATE TABLE "email_events" (
    "workspace_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "thread_id" TEXT NOT NULL,
    "customer_email" TEXT,
    "customer_name" TEXT,
    "agent_id" TEXT,
    "agent_name" TEXT,
    "agent_email" TEXT,
    "automatic" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("workspace_id", "event_id")
);

-- CreateTable
CREATE TABLE "email_threads" (
    "workspace_id" TEXT NOT NULL,
    "thread_id" TEXT NOT NULL,
    "customer_email" TEXT NOT NULL,

    PRIMARY KEY ("workspace_id", "thread_id")
);

-- CreateTable
CREATE TABLE "email_conversations" (
    "workspace_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "customer_email" TEXT NOT NULL,
    "customer_name" TEXT,
    "started_at" DATETIME NOT NULL,
    "first_response_at" DATETIME,
    "first_responder_id" TEXT,
    "first_responder_name" TEXT,
    "first_responder_email" TEXT,
    "closed_at" DATETIME,
    "closer_id" TEXT,
    "closer_name" TEXT,
    "closer_email" TEXT,
    "reopen_count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("workspace_id", "id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ingest_tokens_token_hash_key" ON "ingest_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "ingest_tokens_workspace_id_idx" ON "ingest_tokens"("workspace_id");

-- CreateIndex
CREATE INDEX "assignments_workspace_id_occurred_at_idx" ON "assignments"("workspace_id", "occurred_at");

-- CreateIndex
CREATE INDEX "assignments_workspace_id_contact_id_occurred_at_idx" ON "assignments"("workspace_id", "contact_id", "occurred_at");

-- CreateIndex
CREATE INDEX "contact_conversation_events_workspace_id_contact_id_occurred_at_idx" ON "contact_conversation_events"("workspace_id", "contact_id", "occurred_at");

-- CreateIndex
CREATE INDEX "email_events_workspace_id_thread_id_idx" ON "email_events"("workspace_id", "thread_id");

-- CreateIndex
CREATE INDEX "email_threads_workspace_id_customer_email_idx" ON "email_threads"("workspace_id", "customer_email");

-- CreateIndex
CREATE INDEX "email_conversations_workspace_id_customer_email_idx" ON "email_conversations"("workspace_id", "customer_email");

-- CreateIndex
CREATE INDEX "email_conversations_workspace_id_started_at_idx" ON "email_conversations"("workspace_id", "started_at");

-- CreateIndex
CREATE INDEX "email_conversations_workspace_id_closed_at_idx" ON "email_conversations"("workspace_id", "closed_at");

