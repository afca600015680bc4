export { GET } from '@/lib/http/endpoints/targets';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
