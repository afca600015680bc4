-- CreateTable
CREATE TABLE "DomainChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "findingId" INTEGER,
    "rule" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "beforeXml" TEXT NOT NULL,
    "afterXml" TEXT NOT NULL,
    "revertOf" INTEGER,
    "revertedAt" DATETIME,
    "revertedBy" TEXT
);

-- CreateIndex
CREATE INDEX "DomainChange_findingId_at_idx" ON "DomainChange"("findingId", "at");

-- CreateIndex
CREATE INDEX "DomainChange_host_domain_at_idx" ON "DomainChange"("host", "domain", "at");
