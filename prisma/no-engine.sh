#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded offline.
# `prisma generate` only checks that this file exists; migrations run on the WASM engine (lib/db/migrate.ts).
echo "native schema engine not installed: migrations run through npm run migrate" >&2
exit 1
