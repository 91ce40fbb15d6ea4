-- CreateTable
CREATE TABLE "SandboxMessage" (
    "id" SERIAL NOT NULL,
    "conversation" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "visibleTo" TEXT,
    "reply" TEXT NOT NULL,
    "fileName" TEXT,
    "fileType" TEXT,
    "fileData" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxState" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "SandboxState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SandboxMessage_conversation_id_idx" ON "SandboxMessage"("conversation", "id");
