-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "fScore" DOUBLE PRECISION,
ADD COLUMN     "mScore" DOUBLE PRECISION,
ADD COLUMN     "rScore" DOUBLE PRECISION,
ADD COLUMN     "rfmScore" DOUBLE PRECISION,
ADD COLUMN     "riskLevel" TEXT NOT NULL DEFAULT 'ok',
ADD COLUMN     "riskScore" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "riskSince" TIMESTAMP(3),
ADD COLUMN     "scoredAt" TIMESTAMP(3),
ADD COLUMN     "stageOverride" TEXT,
ADD COLUMN     "stageOverrideAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Order" (
    "id" SERIAL NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" INTEGER NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "currency" TEXT,
    "orderedAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TierChange" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "fromTier" TEXT,
    "toTier" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TierChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageChange" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "fromStage" TEXT NOT NULL,
    "toStage" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "reason" TEXT,
    "actorId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChurnAlert" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "riskScore" INTEGER NOT NULL,
    "signals" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "claimedUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChurnAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "key" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_orderId_key" ON "Order"("orderId");

-- CreateIndex
CREATE INDEX "Order_customerId_orderedAt_idx" ON "Order"("customerId", "orderedAt");

-- CreateIndex
CREATE INDEX "Order_orderedAt_idx" ON "Order"("orderedAt");

-- CreateIndex
CREATE INDEX "TierChange_at_idx" ON "TierChange"("at");

-- CreateIndex
CREATE INDEX "TierChange_customerId_at_idx" ON "TierChange"("customerId", "at");

-- CreateIndex
CREATE INDEX "StageChange_at_idx" ON "StageChange"("at");

-- CreateIndex
CREATE INDEX "StageChange_customerId_at_idx" ON "StageChange"("customerId", "at");

-- CreateIndex
CREATE INDEX "ChurnAlert_sentAt_createdAt_idx" ON "ChurnAlert"("sentAt", "createdAt");

-- CreateIndex
CREATE INDEX "ImportBatch_userId_status_idx" ON "ImportBatch"("userId", "status");

-- CreateIndex
CREATE INDEX "Customer_tier_ownerId_idx" ON "Customer"("tier", "ownerId");

-- CreateIndex
CREATE INDEX "Customer_riskScore_idx" ON "Customer"("riskScore");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierChange" ADD CONSTRAINT "TierChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageChange" ADD CONSTRAINT "StageChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChurnAlert" ADD CONSTRAINT "ChurnAlert_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
