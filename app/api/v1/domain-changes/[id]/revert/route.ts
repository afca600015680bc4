export { POST } from '@/lib/http/endpoints/domain-change-revert';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
