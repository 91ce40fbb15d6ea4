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
    "lastContactAt" DATETIME,
    "channelId" TEXT,
    "channelName" TEXT,
    "language" TEXT,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Customer_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Customer" ("cadenceDays", "channelId", "channelName", "company", "createdAt", "email", "erasedAt", "fScore", "id", "industry", "language", "lastContactAt", "lastOrderAt", "lifecycleStage", "mScore", "name", "nameKey", "orderCount", "ownerId", "phone", "rScore", "region", "rfmScore", "riskLevel", "riskScore", "riskSince", "scoredAt", "stageOverride", "stageOverrideAt", "tags", "tier", "totalSpend", "updatedAt") SELECT "cadenceDays", "channelId", "channelName", "company", "createdAt", "email", "erasedAt", "fScore", "id", "industry", "language", "lastContactAt", "lastOrderAt", "lifecycleStage", "mScore", "name", "nameKey", "orderCount", "ownerId", "phone", "rScore", "region", "rfmScore", "riskLevel", "riskScore", "riskSince", "scoredAt", "stageOverride", "stageOverrideAt", "tags", "tier", "totalSpend", "updatedAt" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE UNIQUE INDEX "Customer_nameKey_key" ON "Customer"("nameKey");
CREATE INDEX "Customer_ownerId_nameKey_idx" ON "Customer"("ownerId", "nameKey");
CREATE INDEX "Customer_tier_ownerId_idx" ON "Customer"("tier", "ownerId");
CREATE INDEX "Customer_riskScore_idx" ON "Customer"("riskScore");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
