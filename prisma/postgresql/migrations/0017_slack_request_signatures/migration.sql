-- CreateTable
CREATE TABLE "slack_request_signatures" (
    "signature_hash" TEXT NOT NULL,
    "request_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "slack_request_signatures_pkey" PRIMARY KEY ("signature_hash")
);

-- CreateIndex
CREATE INDEX "slack_request_signatures_request_at_idx" ON "slack_request_signatures"("request_at");

