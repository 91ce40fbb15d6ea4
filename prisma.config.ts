// Read only by the Prisma CLI: `prisma generate` (postinstall) and, on a machine that can download
// the schema engine, `prisma migrate deploy|status|diff`. The app never reads it: it applies the
// same migration folders at start-up through the WebAssembly engine (src/store/migrations.ts).
// The provider follows DATABASE_URL like src/store/datasource.ts does (kept standalone on purpose:
// the CLI loads this file with its own TS loader).
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL || 'file:./data/rapport.db';
const provider = /^postgres(ql)?:\/\//i.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
