-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "chart_mode" TEXT,
ADD COLUMN     "erase_on_uninstall" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "retention_days" INTEGER,
ADD COLUMN     "uninstalled_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "slack_installations" (
    "id" TEXT NOT NULL,
    "enterprise_id" TEXT,
    "team_id" TEXT,
    "is_enterprise_install" BOOLEAN NOT NULL DEFAULT false,
    "bot_user_id" TEXT,
    "installed_by" TEXT,
    "installation" TEXT NOT NULL,
    "installed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_installations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_links" (
    "workspace_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_links_pkey" PRIMARY KEY ("workspace_id","slack_user_id")
);

