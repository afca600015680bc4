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
};
export default nextConfig;
