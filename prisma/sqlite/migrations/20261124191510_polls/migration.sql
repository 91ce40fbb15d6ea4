-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "channelId" TEXT;
ALTER TABLE "Customer" ADD COLUMN "channelName" TEXT;
ALTER TABLE "Customer" ADD COLUMN "language" TEXT;

-- CreateTable
CREATE TABLE "Poll" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "allowInternal" BOOLEAN NOT NULL DEFAULT false,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL DEFAULT '',
    "channelId" TEXT NOT NULL,
    "channelName" TEXT,
    "messageRef" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closesAt" DATETIME NOT NULL,
    "createdById" INTEGER,
    "campaignId" INTEGER,
    "sourceKey" TEXT,
    "closedAt" DATETIME,
    "resultsClaimedUntil" DATETIME,
    "resultsPostedAt" DATETIME,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "renderedRevision" INTEGER NOT NULL DEFAULT 0,
    "refreshClaimedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Poll_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PollAnswer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pollId" INTEGER NOT NULL,
    "respondentKey" TEXT NOT NULL,
    "respondentId" TEXT,
    "respondentName" TEXT,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "alertClaimedAt" DATETIME,
    "alertRef" TEXT,
    CONSTRAINT "PollAnswer_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyCampaign" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "tier" TEXT,
    "cron" TEXT NOT NULL,
    "scheduleLabel" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "cooldownDays" INTEGER NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "question" TEXT,
    "platform" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "nextRunAt" DATETIME NOT NULL,
    "lastRunAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ChurnSignal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customerId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "score" INTEGER,
    "sourceKey" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChurnSignal_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Poll_sourceKey_key" ON "Poll"("sourceKey");

-- CreateIndex
CREATE INDEX "Poll_status_closesAt_idx" ON "Poll"("status", "closesAt");

-- CreateIndex
CREATE INDEX "Poll_customerId_createdAt_idx" ON "Poll"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "Poll_campaignId_idx" ON "Poll"("campaignId");

-- CreateIndex
CREATE INDEX "PollAnswer_pollId_score_idx" ON "PollAnswer"("pollId", "score");

-- CreateIndex
CREATE UNIQUE INDEX "PollAnswer_pollId_respondentKey_key" ON "PollAnswer"("pollId", "respondentKey");

-- CreateIndex
CREATE INDEX "SurveyCampaign_status_nextRunAt_idx" ON "SurveyCampaign"("status", "nextRunAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChurnSignal_sourceKey_key" ON "ChurnSignal"("sourceKey");

-- CreateIndex
CREATE INDEX "ChurnSignal_customerId_at_idx" ON "ChurnSignal"("customerId", "at");
