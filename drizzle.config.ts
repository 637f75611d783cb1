import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes the next numbered migration from the difference between
// src/schema.ts and the last snapshot. Migrations are never edited once committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './migrations',
});
