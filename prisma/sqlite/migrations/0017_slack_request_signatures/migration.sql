-- CreateTable
CREATE TABLE "slack_request_signatures" (
    "signature_hash" TEXT NOT NULL PRIMARY KEY,
    "request_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "slack_request_signatures_request_at_idx" ON "slack_request_signatures"("request_at");

