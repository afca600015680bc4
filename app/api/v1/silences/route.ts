export { GET, POST } from '@/lib/http/endpoints/silences';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
