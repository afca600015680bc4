export { GET, PATCH, DELETE } from '@/lib/http/endpoints/silence';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
