import { Prisma } from '../db/generated/client';

// PostgreSQL forms of the read models' raw SQL (the SQLite forms sit in each query's file). The
// results have the same column names and meanings; differences: identifiers are quoted (PostgreSQL
// folds unquoted names to lower case), JSON fields come from `data::json->>`, string_agg replaces
// group_concat, and times are timestamp(3) columns, so the bucket arithmetic the SQLite forms do in
// Unix milliseconds goes through extract(epoch ...) here.

const HOUR = 3_600_000;

/** `Target t` scope filters of listTargets. */
export function targetScopePg(opts: {
  includeRemoved?: boolean;
  name?: string;
  hostName?: string;
  ids?: readonly number[];
}): Prisma.Sql {
  const scope: Prisma.Sql[] = [];
  if (!opts.includeRemoved) scope.push(Prisma.sql`t."removedAt" IS NULL`);
  if (opts.name !== undefined) scope.push(Prisma.sql`t."name" = ${opts.name}`);
  if (opts.hostName !== undefined) scope.push(Prisma.sql`h."name" = ${opts.hostName}`);
  if (opts.ids !== undefined) scope.push(Prisma.sql`t."id" = ANY(${[...opts.ids]}::int[])`);
  return scope.length ? Prisma.sql`WHERE ${Prisma.join(scope, ' AND ')}` : Prisma.empty;
}

/**
 * listTargets' rows: the full observation, only the fields the fleet page shows (facts), or none of
 * them (lean: what ordering the fleet needs).
 */
export function listTargetsPg(where: Prisma.Sql, fieldSet: 'observation' | 'facts' | 'lean'): Prisma.Sql {
  const fields =
    fieldSet === 'observation'
      ? Prisma.sql`o."data" AS "observation", NULL AS "rngCurrent", NULL AS "kernelRelease", NULL AS "observedPoolsize",
        NULL AS "platform", NULL AS "hostFacts"`
      : fieldSet === 'lean'
        ? Prisma.sql`NULL AS "observation", NULL AS "rngCurrent", NULL AS "kernelRelease", NULL AS "observedPoolsize",
        NULL AS "platform", NULL AS "hostFacts"`
        : Prisma.sql`NULL AS "observation", o."data"::json->>'rngCurrent' AS "rngCurrent",
        o."data"::json->>'kernelRelease' AS "kernelRelease", o."data"::json->>'poolsize' AS "observedPoolsize",
        o."data"::json->'host'->>'platform' AS "platform", json_typeof(o."data"::json->'host') AS "hostFacts"`;
  return Prisma.sql`
    SELECT t."id", t."name", t."kind", h."name" AS "hostName", t."domain", t."address", t."lastPollAt",
           t."lastStatus", t."lastError", t."lastEntropyAvail", t."lastPoolsize", t."removedAt", ${fields}
    FROM "Target" t LEFT JOIN "Target" h ON h."id" = t."hostId" LEFT JOIN "Observation" o ON o."targetId" = t."id"
    ${where}`;
}

/**
 * readFleetOrder's one packed row (JSON text): per target id, name, open findings that count (critical,
 * warning, info), latest entropy, last poll (unix ms), last status, and with `withText` domain, address
 * and host name.
 */
export function fleetOrderPg(opts: { includeRemoved: boolean; now: Date; withText: boolean }): Prisma.Sql {
  const text = opts.withText ? Prisma.sql`, t."domain", t."address", h."name"` : Prisma.empty;
  return Prisma.sql`
    SELECT coalesce(json_agg(json_build_array(t."id", t."name", coalesce(fc."c", 0), coalesce(fc."w", 0),
             coalesce(fc."i", 0), t."lastEntropyAvail", (extract(epoch FROM t."lastPollAt") * 1000)::bigint,
             t."lastStatus"${text})), '[]')::text AS "rows"
    FROM "Target" t ${opts.withText ? Prisma.sql`LEFT JOIN "Target" h ON h."id" = t."hostId"` : Prisma.empty}
    LEFT JOIN (
      SELECT f."targetId", count(*) FILTER (WHERE f."severity" = 'critical') AS "c",
             count(*) FILTER (WHERE f."severity" = 'warning') AS "w",
             count(*) FILTER (WHERE f."severity" = 'info') AS "i"
      FROM "Finding" f LEFT JOIN "Silence" s ON s."id" = f."silenceId"
      WHERE f."state" = 'open' AND f."acceptedReason" IS NULL AND f."pendingColdBootSince" IS NULL
        AND (s."expiresAt" IS NULL OR s."expiresAt" <= ${opts.now})
      GROUP BY f."targetId"
    ) fc ON fc."targetId" = t."id"
    ${opts.includeRemoved ? Prisma.empty : Prisma.sql`WHERE t."removedAt" IS NULL`}`;
}

/** Hourly sparkline points since `sinceBucket` (unix ms), as one "slot:avg,…" string per target. */
export function sparklinePg(where: Prisma.Sql, sinceBucket: number): Prisma.Sql {
  return Prisma.sql`
    SELECT t."id" AS "targetId",
           string_agg(
             (floor((extract(epoch FROM r."bucket") * 1000 - ${sinceBucket}::bigint) / ${HOUR}))::int || ':' ||
             ((r."sumEntropy" + r."count" / 2) / r."count"), ',') AS "points"
    FROM "Target" t LEFT JOIN "Target" h ON h."id" = t."hostId"
    JOIN "SampleRollup" r ON r."targetId" = t."id" AND r."bucket" >= ${new Date(sinceBucket)} AND r."count" > 0
    ${where}
    GROUP BY t."id"`;
}

/** Open findings grouped for the per-target counts (with the silence each is under); `ids` limits the targets. */
export function openFindingCountsPg(ids?: readonly number[]): Prisma.Sql {
  return Prisma.sql`
    SELECT f."targetId", f."severity", f."acceptedReason", s."expiresAt",
           CASE WHEN f."pendingColdBootSince" IS NULL THEN 0 ELSE 1 END AS "waiting", COUNT(*) AS "n"
    FROM "Finding" f LEFT JOIN "Silence" s ON s."id" = f."silenceId"
    WHERE f."state" = 'open' ${ids === undefined ? Prisma.empty : Prisma.sql`AND f."targetId" = ANY(${[...ids]}::int[])`}
    GROUP BY f."targetId", f."severity", f."acceptedReason", s."expiresAt", 5`;
}

/** listFindings' filters; `now` is when silences are judged. */
export function findingsWherePg(
  filter: {
    id?: number;
    state?: string;
    silenced?: boolean;
    accepted?: boolean;
    severity?: string[];
    target?: string;
    rule?: string;
  },
  now: Date,
): { where: Prisma.Sql[]; muted: Prisma.Sql } {
  const silencedNow = Prisma.sql`(f."state" = 'open' AND s."id" IS NOT NULL AND s."expiresAt" > ${now})`;
  const acceptedOpen = Prisma.sql`(f."state" = 'open' AND f."acceptedReason" IS NOT NULL)`;
  const where: Prisma.Sql[] = [];
  if (filter.id !== undefined) {
    where.push(Prisma.sql`f."id" = ${filter.id}`);
  } else {
    const state = filter.state ?? 'open';
    if (state === 'open' || state === 'resolved') where.push(Prisma.sql`f."state" = ${state}`);
    if (state === 'silenced' || filter.silenced === true) where.push(silencedNow);
    if (filter.silenced === false) where.push(Prisma.sql`NOT ${silencedNow}`);
    if (state === 'accepted' || filter.accepted === true) where.push(acceptedOpen);
    if (filter.accepted === false) where.push(Prisma.sql`NOT ${acceptedOpen}`);
    if (filter.severity?.length) where.push(Prisma.sql`f."severity" IN (${Prisma.join(filter.severity)})`);
    if (filter.target !== undefined) where.push(Prisma.sql`t."name" = ${filter.target}`);
    if (filter.rule !== undefined) where.push(Prisma.sql`f."rule" = ${filter.rule}`);
  }
  const waiting = Prisma.sql`(f."state" = 'open' AND f."pendingColdBootSince" IS NOT NULL)`;
  return {
    where,
    muted: Prisma.sql`CASE WHEN ${silencedNow} OR ${acceptedOpen} OR ${waiting} THEN 1 ELSE 0 END`,
  };
}

/** listFindings' rows in its order: open first, unmuted first, by severity, most recently changed. */
export function listFindingsPg(where: Prisma.Sql[], muted: Prisma.Sql, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT f."id", t."name" AS "target", t."kind" AS "targetKind", h."name" AS "host", f."rule", f."severity",
           f."subject", f."state", f."summary", f."detail", f."remediation", f."openedAt", f."updatedAt",
           f."resolvedAt", f."acceptedReason", f."pendingColdBootSince", s."id" AS "silenceId", s."comment" AS "silenceComment",
           s."createdBy" AS "silenceCreatedBy", s."expiresAt" AS "silenceExpiresAt", ${muted} AS "muted"
    FROM "Finding" f JOIN "Target" t ON t."id" = f."targetId" LEFT JOIN "Target" h ON h."id" = t."hostId"
    LEFT JOIN "Silence" s ON s."id" = f."silenceId"
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    ORDER BY CASE f."state" WHEN 'open' THEN 0 ELSE 1 END, "muted",
             CASE f."severity" WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
             coalesce(f."resolvedAt", f."updatedAt") DESC, f."id" DESC
    LIMIT ${limit}`;
}

/** A target's entropy series in buckets of `step` ms between from and to (unix ms). */
export function sampleSeriesPg(
  source: 'rollup' | 'raw',
  targetId: number,
  step: number,
  from: number,
  to: number,
) {
  const ms = (col: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${col}) * 1000)::bigint`;
  if (source === 'rollup') {
    const b = ms(Prisma.sql`"bucket"`);
    return Prisma.sql`
      SELECT ${b} - ${b} % ${step}::bigint AS "b", MIN("minEntropy") AS "mn", MAX("maxEntropy") AS "mx",
             SUM("sumEntropy") AS "total", SUM("count") AS "ok", SUM("failures") AS "failures"
      FROM "SampleRollup"
      WHERE "targetId" = ${targetId} AND "bucket" >= ${new Date(from)} AND "bucket" < ${new Date(to)}
      GROUP BY 1 ORDER BY 1`;
  }
  const a = ms(Prisma.sql`"at"`);
  return Prisma.sql`
    SELECT ${a} - ${a} % ${step}::bigint AS "b", MIN("entropyAvail") AS "mn", MAX("entropyAvail") AS "mx",
           SUM(CASE WHEN "status" = 'ok' THEN "entropyAvail" END) AS "total",
           SUM(CASE WHEN "status" = 'ok' AND "entropyAvail" IS NOT NULL THEN 1 ELSE 0 END) AS "ok",
           SUM(CASE WHEN "status" = 'ok' THEN 0 ELSE 1 END) AS "failures"
    FROM "Sample"
    WHERE "targetId" = ${targetId} AND "at" >= ${new Date(from)} AND "at" < ${new Date(to)}
    GROUP BY 1 ORDER BY 1`;
}

/** Identity facts of every current target's latest observation (and of `name`, even if removed). */
export function cloneIdentityPg(name: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t."name", o."data"::json->>'machineId' AS "machineId", (o."data"::json->'sshHostKeys')::text AS "keys",
           o."data"::json->>'randomSeedSha256' AS "seed"
    FROM "Observation" o JOIN "Target" t ON t."id" = o."targetId"
    WHERE t."removedAt" IS NULL OR t."name" = ${name}`;
}
