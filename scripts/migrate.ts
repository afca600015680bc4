// npm run migrate: apply prisma/migrations to DATABASE_URL (default ./data/entropy-watch.db) offline.
import { boot } from '../lib/config/boot';

await boot();
