export { GET } from '@/lib/http/endpoints/findings';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
