-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "discovered" BOOLEAN NOT NULL DEFAULT false;
