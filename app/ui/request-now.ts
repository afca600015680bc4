import { cache } from 'react';
import { appNow } from '@/lib/config/clock';

/** "Now" for one request (memoised), so every card of a page judges freshness at the same instant. */
export const requestNow = cache(() => appNow());
