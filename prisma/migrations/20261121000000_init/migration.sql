-- CreateTable
CREATE TABLE "Target" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "hostId" INTEGER,
    "address" TEXT,
    "port" INTEGER,
    "user" TEXT,
    "domain" TEXT,
    "libvirtUri" TEXT,
    "via" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "removedAt" DATETIME,
    "lastPollAt" DATETIME,
    "lastStatus" TEXT,
    "lastError" TEXT,
    "lastEntropyAvail" INTEGER,
    "lastPoolsize" INTEGER,
    CONSTRAINT "Target_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Target" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Sample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" INTEGER NOT NULL,
    "runId" INTEGER,
    "at" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "durationMs" INTEGER,
    "entropyAvail" INTEGER,
    "poolsize" INTEGER,
    "uptimeSec" REAL,
    CONSTRAINT "Sample_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SampleRollup" (
    "targetId" INTEGER NOT NULL,
    "bucket" DATETIME NOT NULL,
    "minEntropy" INTEGER,
    "maxEntropy" INTEGER,
    "sumEntropy" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("targetId", "bucket"),
    CONSTRAINT "SampleRollup_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Observation" (
    "targetId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "data" TEXT NOT NULL,
    CONSTRAINT "Observation_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DomainSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "hash" TEXT NOT NULL,
    "disks" TEXT NOT NULL,
    "rngs" TEXT NOT NULL,
    "genid" TEXT,
    CONSTRAINT "DomainSnapshot_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CollectorRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "targets" INTEGER NOT NULL DEFAULT 0,
    "ok" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "intervalMs" INTEGER NOT NULL DEFAULT 60000,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "remediation" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    CONSTRAINT "Finding_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "uid" TEXT NOT NULL,
    "webhook" TEXT NOT NULL,
    "findingId" INTEGER,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "deliveredAt" DATETIME,
    "lastError" TEXT,
    CONSTRAINT "AlertEvent_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlertAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "statusCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    CONSTRAINT "AlertAttempt_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "AlertEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");

-- CreateIndex
CREATE INDEX "Target_hostId_idx" ON "Target"("hostId");

-- CreateIndex
CREATE INDEX "Sample_targetId_at_idx" ON "Sample"("targetId", "at");

-- CreateIndex
CREATE INDEX "Sample_at_idx" ON "Sample"("at");

-- CreateIndex
CREATE INDEX "DomainSnapshot_targetId_at_idx" ON "DomainSnapshot"("targetId", "at");

-- CreateIndex
CREATE INDEX "CollectorRun_startedAt_idx" ON "CollectorRun"("startedAt");

-- CreateIndex
CREATE INDEX "Finding_state_severity_idx" ON "Finding"("state", "severity");

-- CreateIndex
CREATE INDEX "Finding_targetId_rule_subject_state_idx" ON "Finding"("targetId", "rule", "subject", "state");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEvent_uid_key" ON "AlertEvent"("uid");

-- CreateIndex
CREATE INDEX "AlertEvent_state_nextAttemptAt_idx" ON "AlertEvent"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AlertEvent_webhook_createdAt_idx" ON "AlertEvent"("webhook", "createdAt");

-- CreateIndex
CREATE INDEX "AlertEvent_findingId_webhook_type_idx" ON "AlertEvent"("findingId", "webhook", "type");

-- CreateIndex
CREATE INDEX "AlertAttempt_eventId_at_idx" ON "AlertAttempt"("eventId", "at");
