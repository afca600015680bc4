export { POST } from '@/lib/http/endpoints/finding-apply';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
