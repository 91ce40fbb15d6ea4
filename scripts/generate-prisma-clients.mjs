// Writes one schema per provider from prisma/schema.base.prisma and generates both clients.
// `prisma generate` never runs the schema engine, but the CLI insists on finding its binary:
// on a machine without internet, any existing file satisfies it (see README, "Offline").
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = readFileSync(path.join(root, 'prisma/schema.base.prisma'), 'utf8');
const providers = ['sqlite', 'postgresql'];

for (const provider of providers) {
  const dir = path.join(root, 'prisma', provider);
  mkdirSync(dir, { recursive: true });
  const header = `// GENERATED from prisma/schema.base.prisma by scripts/generate-prisma-clients.mjs: edit that file.
generator client {
  provider     = "prisma-client"
  output       = "../../src/generated/${provider}"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
}
`;
  writeFileSync(path.join(dir, 'schema.prisma'), header + '\n' + base);
}

if (process.argv.includes('--schemas-only')) process.exit(0);

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, 'package.json');
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
for (const provider of providers) {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', `prisma/${provider}/schema.prisma`],
    { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}
