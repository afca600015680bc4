// The handlers of /api/v1/targets/[name] (the route file in app/ re-exports them, so tests call them without app/).
import { appNow } from '../../config/clock';
import { getDb } from '../../db/client';
import { notFound, ok, serverError } from '../response';
import { getTarget } from '../../queries/get-target';
import { toTargetJson } from '../target-json';
import { maskFor } from '../../auth/exposure-server';
import { requireRole } from '../../auth/guard';

/** GET /api/v1/targets/{name}: one target with its observation, guests (hosts) or domain configuration (guests). */
export async function GET(request: Request, ctx: { params: Promise<{ name: string }> }) {
  const who = await requireRole(request, 'viewer');
  if (who instanceof Response) return who;
  const { name } = await ctx.params;
  try {
    // Non-admins: libvirtUri without user-info and query, no key paths (lib/auth/exposure.ts).
    const t = await maskFor(who, await getTarget(getDb(), name, appNow()));
    if (!t) return notFound(`unknown target "${name}"; GET /api/v1/targets lists the known names`);
    return ok({
      ...toTargetJson(t),
      user: t.user,
      port: t.port,
      libvirtUri: t.libvirtUri,
      via: t.via,
      observedAt: t.observedAt?.toISOString() ?? null,
      guests: t.kind === 'host' ? t.guests.map(toTargetJson) : undefined,
      domains: t.kind === 'host' ? t.hostDomains : undefined,
      domainConfig: t.domainConfig
        ? { ...t.domainConfig, at: t.domainConfig.at?.toISOString() ?? null }
        : t.kind === 'guest'
          ? null
          : undefined,
    });
  } catch (e) {
    return serverError(e);
  }
}
