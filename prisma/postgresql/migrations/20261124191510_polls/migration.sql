-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "channelId" TEXT,
ADD COLUMN     "channelName" TEXT,
ADD COLUMN     "language" TEXT;

-- CreateTable
CREATE TABLE "Poll" (
    "id" SERIAL NOT NULL,
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
    "closesAt" TIMESTAMP(3) NOT NULL,
    "createdById" INTEGER,
    "campaignId" INTEGER,
    "sourceKey" TEXT,
    "closedAt" TIMESTAMP(3),
    "resultsClaimedUntil" TIMESTAMP(3),
    "resultsPostedAt" TIMESTAMP(3),
    "revision" INTEGER NOT NULL DEFAULT 0,
    "renderedRevision" INTEGER NOT NULL DEFAULT 0,
    "refreshClaimedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollAnswer" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "respondentKey" TEXT NOT NULL,
    "respondentId" TEXT,
    "respondentName" TEXT,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "alertClaimedAt" TIMESTAMP(3),
    "alertRef" TEXT,

    CONSTRAINT "PollAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyCampaign" (
    "id" SERIAL NOT NULL,
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
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "lastRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyCampaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChurnSignal" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "score" INTEGER,
    "sourceKey" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChurnSignal_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Poll" ADD CONSTRAINT "Poll_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollAnswer" ADD CONSTRAINT "PollAnswer_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChurnSignal" ADD CONSTRAINT "ChurnSignal_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
