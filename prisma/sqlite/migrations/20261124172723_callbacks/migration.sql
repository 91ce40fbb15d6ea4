-- CreateTable
CREATE TABLE "Callback" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" INTEGER NOT NULL,
    "assigneeId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "dueAt" DATETIME NOT NULL,
    "deliverAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "occurrenceKey" TEXT NOT NULL,
    "claimToken" TEXT,
    "claimedUntil" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "messageRef" TEXT,
    "escalatedAt" DATETIME,
    "escalationClaimedUntil" DATETIME,
    "completedAt" DATETIME,
    "completedById" INTEGER,
    "snoozedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Callback_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Callback_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
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
    "cadenceDays" INTEGER,
    "totalSpend" DECIMAL NOT NULL DEFAULT 0,
    "orderCount" INTEGER NOT NULL DEFAULT 0,
    "lastOrderAt" DATETIME,
    "nextFollowUpAt" DATETIME,
    "lastContactAt" DATETIME,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Customer_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Customer" ("company", "createdAt", "email", "erasedAt", "id", "industry", "lastContactAt", "lastOrderAt", "lifecycleStage", "name", "nameKey", "nextFollowUpAt", "orderCount", "ownerId", "phone", "region", "tags", "totalSpend", "updatedAt") SELECT "company", "createdAt", "email", "erasedAt", "id", "industry", "lastContactAt", "lastOrderAt", "lifecycleStage", "name", "nameKey", "nextFollowUpAt", "orderCount", "ownerId", "phone", "region", "tags", "totalSpend", "updatedAt" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE UNIQUE INDEX "Customer_nameKey_key" ON "Customer"("nameKey");
CREATE INDEX "Customer_ownerId_nameKey_idx" ON "Customer"("ownerId", "nameKey");
CREATE INDEX "Customer_nextFollowUpAt_idx" ON "Customer"("nextFollowUpAt");
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL DEFAULT '',
    "displayName" TEXT NOT NULL DEFAULT '',
    "role" TEXT NOT NULL DEFAULT 'rep',
    "locale" TEXT,
    "localeSeenAt" DATETIME,
    "timezone" TEXT,
    "workStart" TEXT NOT NULL DEFAULT '09:00',
    "workEnd" TEXT NOT NULL DEFAULT '18:00',
    "workDays" TEXT NOT NULL DEFAULT '1,2,3,4,5',
    "managerId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "displayName", "externalId", "id", "locale", "localeSeenAt", "managerId", "platform", "role", "timezone", "updatedAt", "workspaceId") SELECT "createdAt", "displayName", "externalId", "id", "locale", "localeSeenAt", "managerId", "platform", "role", "timezone", "updatedAt", "workspaceId" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE INDEX "User_managerId_idx" ON "User"("managerId");
CREATE UNIQUE INDEX "User_platform_externalId_key" ON "User"("platform", "externalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
