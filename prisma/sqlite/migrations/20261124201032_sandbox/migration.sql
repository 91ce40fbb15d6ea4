-- CreateTable
CREATE TABLE "SandboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "conversation" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "visibleTo" TEXT,
    "reply" TEXT NOT NULL,
    "fileName" TEXT,
    "fileType" TEXT,
    "fileData" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SandboxState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "SandboxMessage_conversation_id_idx" ON "SandboxMessage"("conversation", "id");
