-- PostgreSQL only, written by hand: "Sample" becomes a table partitioned by month on "at", so
-- retention drops whole months (lib/db/providers/sample-partitions.ts) instead of deleting rows one
-- by one. PostgreSQL wants the partition key in the primary key: ("id", "at"), as the PostgreSQL
-- variant of schema.prisma says (lib/db/providers/postgres-schema.ts). The partitions live in their
-- own schema, so Prisma's view of "public" (and the drift test) sees only the parent table.
-- Existing rows are kept; the id sequence continues where it was.

CREATE SCHEMA IF NOT EXISTS "entropy_watch_partitions";

ALTER TABLE "Sample" RENAME TO "Sample_unpartitioned";
ALTER TABLE "Sample_unpartitioned" RENAME CONSTRAINT "Sample_pkey" TO "Sample_unpartitioned_pkey";
ALTER TABLE "Sample_unpartitioned" RENAME CONSTRAINT "Sample_targetId_fkey" TO "Sample_unpartitioned_targetId_fkey";
ALTER INDEX "Sample_targetId_at_idx" RENAME TO "Sample_unpartitioned_targetId_at_idx";
ALTER INDEX "Sample_at_idx" RENAME TO "Sample_unpartitioned_at_idx";
ALTER SEQUENCE "Sample_id_seq" RENAME TO "Sample_unpartitioned_id_seq";

CREATE TABLE "Sample" (
    "id" SERIAL NOT NULL,
    "targetId" INTEGER NOT NULL,
    "runId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "durationMs" INTEGER,
    "entropyAvail" INTEGER,
    "poolsize" INTEGER,
    "uptimeSec" DOUBLE PRECISION,

    CONSTRAINT "Sample_pkey" PRIMARY KEY ("id", "at")
) PARTITION BY RANGE ("at");

CREATE INDEX "Sample_targetId_at_idx" ON "Sample"("targetId", "at");
CREATE INDEX "Sample_at_idx" ON "Sample"("at");
ALTER TABLE "Sample" ADD CONSTRAINT "Sample_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rows whose month has no partition (yet) land here; the job creates partitions a month ahead.
CREATE TABLE "entropy_watch_partitions"."Sample_default" PARTITION OF "Sample" DEFAULT;

-- One partition per month from the oldest stored sample to next month (UTC, as the times are stored).
DO $$
DECLARE
  m date := date_trunc('month', coalesce((SELECT min("at") FROM "Sample_unpartitioned"), now() AT TIME ZONE 'UTC'))::date;
  last date := (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month')::date;
BEGIN
  WHILE m <= last LOOP
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF "Sample" FOR VALUES FROM (%L) TO (%L)',
      'entropy_watch_partitions', 'Sample_' || to_char(m, 'YYYY_MM'), m, (m + interval '1 month')::date);
    m := (m + interval '1 month')::date;
  END LOOP;
END $$;

INSERT INTO "Sample" SELECT * FROM "Sample_unpartitioned";
SELECT setval('"Sample_id_seq"', coalesce((SELECT max("id") FROM "Sample_unpartitioned"), 0) + 1, false);
DROP TABLE "Sample_unpartitioned";
