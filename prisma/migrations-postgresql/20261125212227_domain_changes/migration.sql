-- CreateTable
CREATE TABLE "DomainChange" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "findingId" INTEGER,
    "rule" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "beforeXml" TEXT NOT NULL,
    "afterXml" TEXT NOT NULL,
    "revertOf" INTEGER,
    "revertedAt" TIMESTAMP(3),
    "revertedBy" TEXT,

    CONSTRAINT "DomainChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DomainChange_findingId_at_idx" ON "DomainChange"("findingId", "at");

-- CreateIndex
CREATE INDEX "DomainChange_host_domain_at_idx" ON "DomainChange"("host", "domain", "at");
