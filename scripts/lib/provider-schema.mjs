// The two provider schemas are prisma/schema.base.prisma plus a header naming the provider.
// Shared by scripts/generate-prisma-clients.mjs (which writes them) and by the migration
// tooling and tests (which must see the base schema as it is now, even before regeneration).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const providers = /** @type {const} */ (['sqlite', 'postgresql']);

export function baseSchemaPath() {
  return path.join(root, 'prisma/schema.base.prisma');
}

export function providerSchemaPath(provider) {
  return path.join(root, 'prisma', provider, 'schema.prisma');
}

export function renderProviderSchema(provider, base = readFileSync(baseSchemaPath(), 'utf8')) {
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
  return header + '\n' + base;
}
