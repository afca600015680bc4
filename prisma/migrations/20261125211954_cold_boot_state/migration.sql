-- AlterTable
ALTER TABLE "Finding" ADD COLUMN "pendingColdBootSince" DATETIME;

-- AlterTable
ALTER TABLE "Target" ADD COLUMN "pollRequestedAt" DATETIME;
