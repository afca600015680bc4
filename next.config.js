/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules (better-sqlite3, ssh2) load from node_modules at run time, not from the bundle.
  serverExternalPackages: [
    'better-sqlite3',
    'ssh2',
    'cpu-features',
    '@prisma/adapter-better-sqlite3',
    '@prisma/schema-engine-wasm',
  ],
  poweredByHeader: false,
  // The icon is app/icon.svg, linked from every page's head; browsers still ask for /favicon.ico now
  // and then (Chromium did during a client-side navigation), and a 404 there is noise in every log.
  async redirects() {
    return [{ source: '/favicon.ico', destination: '/icon.svg', permanent: true }];
  },
};
export default nextConfig;
