-- AlterTable
ALTER TABLE "CollectorRun" ADD COLUMN "collectorId" TEXT;

-- AlterTable
ALTER TABLE "Target" ADD COLUMN "collector" TEXT;

-- CreateTable
CREATE TABLE "Collector" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "site" TEXT,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "lastCycleAt" DATETIME,
    "lastCycleMs" INTEGER,
    "targets" INTEGER NOT NULL DEFAULT 0,
    "metrics" TEXT NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "TargetLease" (
    "targetId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "collectorId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "TargetLease_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TargetLease_collectorId_idx" ON "TargetLease"("collectorId");

-- CreateIndex
CREATE INDEX "TargetLease_expiresAt_idx" ON "TargetLease"("expiresAt");

-- CreateIndex
CREATE INDEX "CollectorRun_collectorId_startedAt_idx" ON "CollectorRun"("collectorId", "startedAt");
