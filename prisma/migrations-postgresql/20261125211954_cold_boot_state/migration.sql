-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "pendingColdBootSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "pollRequestedAt" TIMESTAMP(3);
