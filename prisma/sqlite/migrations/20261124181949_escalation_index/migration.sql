-- CreateIndex
CREATE INDEX "Callback_status_escalatedAt_dueAt_idx" ON "Callback"("status", "escalatedAt", "dueAt");
