-- Secrets the app generates for itself when the environment gives none: the hash of the
-- generated admin password (printed once at first start) and the session-signing secret, so
-- both survive restarts and are shared by every web process of the same database.
-- CreateTable
CREATE TABLE "app_secrets" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_secrets_pkey" PRIMARY KEY ("key")
);
