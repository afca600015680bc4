export { POST } from '@/lib/http/endpoints/findings-bulk-apply';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
