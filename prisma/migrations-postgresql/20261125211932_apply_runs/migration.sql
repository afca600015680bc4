-- CreateTable
CREATE TABLE "ApplyRun" (
    "id" SERIAL NOT NULL,
    "rule" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "address" TEXT,
    "state" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "stopAfterFailures" INTEGER NOT NULL,
    "maxInFlight" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ApplyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplyRunTarget" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "findingId" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "diff" TEXT NOT NULL DEFAULT '',
    "startSeq" INTEGER,
    "endSeq" INTEGER,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ApplyRunTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplyRunStep" (
    "id" SERIAL NOT NULL,
    "targetId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "exitCode" INTEGER,
    "output" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ApplyRunStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApplyRun_createdAt_idx" ON "ApplyRun"("createdAt");

-- CreateIndex
CREATE INDEX "ApplyRunTarget_runId_idx" ON "ApplyRunTarget"("runId");

-- CreateIndex
CREATE INDEX "ApplyRunStep_targetId_idx" ON "ApplyRunStep"("targetId");

-- AddForeignKey
ALTER TABLE "ApplyRunTarget" ADD CONSTRAINT "ApplyRunTarget_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ApplyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplyRunStep" ADD CONSTRAINT "ApplyRunStep_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ApplyRunTarget"("id") ON DELETE CASCADE ON UPDATE CASCADE;
