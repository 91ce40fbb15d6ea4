// Writes one schema per provider from prisma/schema.base.prisma and generates both clients.
// `prisma generate` never runs the schema engine, but the CLI insists on finding its binary:
// on a machine without internet, any existing file satisfies it (see README, "Offline").
//   --schemas-only  write prisma/<provider>/schema.prisma and stop (no client generation)
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { root, providers, providerSchemaPath, renderProviderSchema } from './lib/provider-schema.mjs';

for (const provider of providers) {
  const file = providerSchemaPath(provider);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, renderProviderSchema(provider));
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
