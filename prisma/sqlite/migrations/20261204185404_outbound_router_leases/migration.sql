-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "channelPlatform" TEXT;

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN "claimedUntil" DATETIME;

-- CreateTable
CREATE TABLE "ChurnAlertDelivery" (
    "alertId" INTEGER NOT NULL,
    "destination" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("alertId", "destination"),
    CONSTRAINT "ChurnAlertDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "ChurnAlert" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UndeliverableMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "what" TEXT NOT NULL,
    "platform" TEXT NOT NULL DEFAULT '',
    "recipient" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "UndeliverableMessage_at_idx" ON "UndeliverableMessage"("at");
