-- CreateTable
CREATE TABLE "slack_installations" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enterprise_id" TEXT,
    "team_id" TEXT,
    "is_enterprise_install" BOOLEAN NOT NULL DEFAULT false,
    "bot_user_id" TEXT,
    "installed_by" TEXT,
    "installation" TEXT NOT NULL,
    "installed_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "agent_links" (
    "workspace_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("workspace_id", "slack_user_id")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_workspaces" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "chart_mode" TEXT,
    "retention_days" INTEGER,
    "erase_on_uninstall" BOOLEAN NOT NULL DEFAULT false,
    "uninstalled_at" DATETIME
);
INSERT INTO "new_workspaces" ("created_at", "id", "name", "time_zone") SELECT "created_at", "id", "name", "time_zone" FROM "workspaces";
DROP TABLE "workspaces";
ALTER TABLE "new_workspaces" RENAME TO "workspaces";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

