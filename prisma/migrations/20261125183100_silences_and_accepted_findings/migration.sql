-- CreateTable
CREATE TABLE "Silence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule" TEXT,
    "target" TEXT,
    "host" TEXT,
    "subject" TEXT,
    "comment" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Finding" (
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
    "silenceId" INTEGER,
    "acceptedReason" TEXT,
    CONSTRAINT "Finding_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Finding_silenceId_fkey" FOREIGN KEY ("silenceId") REFERENCES "Silence" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Finding" ("detail", "id", "openedAt", "remediation", "resolvedAt", "rule", "severity", "state", "subject", "summary", "targetId", "updatedAt") SELECT "detail", "id", "openedAt", "remediation", "resolvedAt", "rule", "severity", "state", "subject", "summary", "targetId", "updatedAt" FROM "Finding";
DROP TABLE "Finding";
ALTER TABLE "new_Finding" RENAME TO "Finding";
CREATE INDEX "Finding_state_severity_idx" ON "Finding"("state", "severity");
CREATE INDEX "Finding_targetId_rule_subject_state_idx" ON "Finding"("targetId", "rule", "subject", "state");
CREATE INDEX "Finding_silenceId_idx" ON "Finding"("silenceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Silence_expiresAt_idx" ON "Silence"("expiresAt");
