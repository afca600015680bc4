-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Target" (
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
    "collector" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "removedAt" DATETIME,
    "discovered" BOOLEAN NOT NULL DEFAULT false,
    "lastPollAt" DATETIME,
    "lastStatus" TEXT,
    "lastError" TEXT,
    "lastEntropyAvail" INTEGER,
    "lastPoolsize" INTEGER,
    CONSTRAINT "Target_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Target" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Target" ("address", "collector", "createdAt", "domain", "hostId", "id", "kind", "lastEntropyAvail", "lastError", "lastPollAt", "lastPoolsize", "lastStatus", "libvirtUri", "name", "port", "removedAt", "updatedAt", "user", "via") SELECT "address", "collector", "createdAt", "domain", "hostId", "id", "kind", "lastEntropyAvail", "lastError", "lastPollAt", "lastPoolsize", "lastStatus", "libvirtUri", "name", "port", "removedAt", "updatedAt", "user", "via" FROM "Target";
DROP TABLE "Target";
ALTER TABLE "new_Target" RENAME TO "Target";
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");
CREATE INDEX "Target_hostId_idx" ON "Target"("hostId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
