export { GET } from '@/lib/http/endpoints/apply-run';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
