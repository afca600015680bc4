import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { getCloneIdentity } from '@/lib/queries/get-clone-identity';
import { getTarget } from '@/lib/queries/get-target';
import { listFindings } from '@/lib/queries/list-findings';
import { readInventorySettings } from '@/lib/queries/inventory-settings';
import { maskForViewer } from '@/lib/auth/exposure-server';
import { requestNow } from './request-now';

// Per-request memoised reads for the host and guest pages (several cards need the same rows).

// maskForViewer: non-admins see no key paths and libvirt URIs without user-info/query (lib/auth/exposure.ts).
export const loadTarget = cache(async (name: string) =>
  maskForViewer(await getTarget(getDb(), name, requestNow())),
);
export const loadTargetFindings = cache(async (name: string) =>
  maskForViewer(await listFindings(getDb(), { target: name, state: 'all', limit: 300 })),
);
export const loadOpenFindings = cache(async () =>
  maskForViewer(await listFindings(getDb(), { state: 'open', limit: 10_000 })),
);
export const loadCloneIdentity = cache((name: string) => getCloneIdentity(getDb(), name));
export const loadInventorySettings = cache(() => readInventorySettings());
