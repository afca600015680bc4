-- CreateTable
CREATE TABLE "ApplyRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "address" TEXT,
    "state" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "stopAfterFailures" INTEGER NOT NULL,
    "maxInFlight" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ApplyRunTarget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "findingId" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "diff" TEXT NOT NULL DEFAULT '',
    "startSeq" INTEGER,
    "endSeq" INTEGER,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "ApplyRunTarget_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ApplyRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApplyRunStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "exitCode" INTEGER,
    "output" TEXT NOT NULL DEFAULT '',
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "ApplyRunStep_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ApplyRunTarget" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ApplyRun_createdAt_idx" ON "ApplyRun"("createdAt");

-- CreateIndex
CREATE INDEX "ApplyRunTarget_runId_idx" ON "ApplyRunTarget"("runId");

-- CreateIndex
CREATE INDEX "ApplyRunStep_targetId_idx" ON "ApplyRunStep"("targetId");
