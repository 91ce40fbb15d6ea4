-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "cadenceDays" INTEGER,
ADD COLUMN     "tier" TEXT NOT NULL DEFAULT 'general';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "workDays" TEXT NOT NULL DEFAULT '1,2,3,4,5',
ADD COLUMN     "workEnd" TEXT NOT NULL DEFAULT '18:00',
ADD COLUMN     "workStart" TEXT NOT NULL DEFAULT '09:00';

-- CreateTable
CREATE TABLE "Callback" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "assigneeId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "deliverAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "occurrenceKey" TEXT NOT NULL,
    "claimToken" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "messageRef" TEXT,
    "escalatedAt" TIMESTAMP(3),
    "escalationClaimedUntil" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "completedById" INTEGER,
    "snoozedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Callback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Callback_occurrenceKey_key" ON "Callback"("occurrenceKey");

-- CreateIndex
CREATE INDEX "Callback_status_deliverAt_idx" ON "Callback"("status", "deliverAt");

-- CreateIndex
CREATE INDEX "Callback_status_dueAt_idx" ON "Callback"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Callback_assigneeId_status_dueAt_idx" ON "Callback"("assigneeId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Callback_customerId_status_idx" ON "Callback"("customerId", "status");

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
