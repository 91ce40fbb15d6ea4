-- CreateTable
CREATE TABLE "PlatformState" (
    "platform" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "key")
);
