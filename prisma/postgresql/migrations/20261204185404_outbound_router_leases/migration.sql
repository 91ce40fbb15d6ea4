-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "channelPlatform" TEXT;

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "claimedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ChurnAlertDelivery" (
    "alertId" INTEGER NOT NULL,
    "destination" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChurnAlertDelivery_pkey" PRIMARY KEY ("alertId","destination")
);

-- CreateTable
CREATE TABLE "UndeliverableMessage" (
    "id" SERIAL NOT NULL,
    "what" TEXT NOT NULL,
    "platform" TEXT NOT NULL DEFAULT '',
    "recipient" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UndeliverableMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UndeliverableMessage_at_idx" ON "UndeliverableMessage"("at");

-- AddForeignKey
ALTER TABLE "ChurnAlertDelivery" ADD CONSTRAINT "ChurnAlertDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "ChurnAlert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
