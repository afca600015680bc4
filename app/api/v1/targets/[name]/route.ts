export { GET } from '@/lib/http/endpoints/target';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
