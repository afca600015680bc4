// npm run migrate: apply prisma/migrations to DATABASE_URL (default ./data/entropy-watch.db) offline.
import { installConsoleHygiene } from '../lib/text/console-hygiene';
import { boot } from '../lib/config/boot';

installConsoleHygiene(); // every line printed escapes control characters (lib/text)

await boot();
