export { GET } from '@/lib/http/endpoints/metrics';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
