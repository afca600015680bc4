export { POST_ONE as POST } from '@/lib/http/endpoints/cold-boot';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
