-- CreateTable
CREATE TABLE "Order" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" TEXT NOT NULL,
    "customerId" INTEGER NOT NULL,
    "amount" DECIMAL NOT NULL,
    "currency" TEXT,
    "orderedAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TierChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" INTEGER NOT NULL,
    "fromTier" TEXT,
    "toTier" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "TierChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StageChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" INTEGER NOT NULL,
    "fromStage" TEXT NOT NULL,
    "toStage" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "reason" TEXT,
    "actorId" INTEGER,
    "at" DATETIME NOT NULL,
    CONSTRAINT "StageChange_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChurnAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" INTEGER NOT NULL,
    "riskScore" INTEGER NOT NULL,
    "signals" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "claimedUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ChurnAlert_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobRun" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL,
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "report" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "company" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "industry" TEXT,
    "region" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "ownerId" INTEGER NOT NULL,
    "lifecycleStage" TEXT NOT NULL DEFAULT 'prospect',
    "tier" TEXT NOT NULL DEFAULT 'general',
    "rScore" REAL,
    "fScore" REAL,
    "mScore" REAL,
    "rfmScore" REAL,
    "scoredAt" DATETIME,
    "riskScore" INTEGER NOT NULL DEFAULT 0,
    "riskLevel" TEXT NOT NULL DEFAULT 'ok',
    "riskSince" DATETIME,
    "stageOverride" TEXT,
    "stageOverrideAt" DATETIME,
    "cadenceDays" INTEGER,
    "totalSpend" DECIMAL NOT NULL DEFAULT 0,
    "orderCount" INTEGER NOT NULL DEFAULT 0,
    "lastOrderAt" DATETIME,
    "nextFollowUpAt" DATETIME,
    "lastContactAt" DATETIME,
    "channelId" TEXT,
    "channelName" TEXT,
    "language" TEXT,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Customer_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Customer" ("cadenceDays", "channelId", "channelName", "company", "createdAt", "email", "erasedAt", "id", "industry", "language", "lastContactAt", "lastOrderAt", "lifecycleStage", "name", "nameKey", "nextFollowUpAt", "orderCount", "ownerId", "phone", "region", "tags", "tier", "totalSpend", "updatedAt") SELECT "cadenceDays", "channelId", "channelName", "company", "createdAt", "email", "erasedAt", "id", "industry", "language", "lastContactAt", "lastOrderAt", "lifecycleStage", "name", "nameKey", "nextFollowUpAt", "orderCount", "ownerId", "phone", "region", "tags", "tier", "totalSpend", "updatedAt" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE UNIQUE INDEX "Customer_nameKey_key" ON "Customer"("nameKey");
CREATE INDEX "Customer_ownerId_nameKey_idx" ON "Customer"("ownerId", "nameKey");
CREATE INDEX "Customer_nextFollowUpAt_idx" ON "Customer"("nextFollowUpAt");
CREATE INDEX "Customer_tier_ownerId_idx" ON "Customer"("tier", "ownerId");
CREATE INDEX "Customer_riskScore_idx" ON "Customer"("riskScore");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
