// No import cycles in src/ (type-only imports included): a file that needs part of another that
// needs it back means the shared part belongs in a file of its own.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph } from '../../scripts/lib/import-cycles.js';

const generated = (file: string) => file.includes(`${path.sep}generated${path.sep}`);

describe('import cycles', () => {
  it('src/ has none', () => {
    const root = path.resolve(import.meta.dirname, '../../src');
    const graph = importGraph(root, generated);
    expect(graph.size).toBeGreaterThan(100); // the walker really read the project
    expect(findCycles(graph, root)).toEqual([]);
  });

  it('the walker finds a cycle through imports, type imports and re-exports, each cycle once', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-cycles-'));
    try {
      mkdirSync(path.join(root, 'chat'));
      writeFileSync(path.join(root, 'a.ts'), "import { b } from './chat/b.js';\nexport const a = b;\n");
      writeFileSync(path.join(root, 'chat', 'b.ts'), "import type { C } from './c.js';\nexport const b = 1 as unknown as C;\n");
      writeFileSync(path.join(root, 'chat', 'c.ts'), "export { a as C } from '../a.js';\n// import { nothing } from './d.js';\n");
      writeFileSync(path.join(root, 'chat', 'd.ts'), "import { a } from '../a.js';\nexport const d = a;\n");
      const cycles = findCycles(importGraph(root), root);
      expect(cycles).toEqual([['a.ts', path.join('chat', 'b.ts'), path.join('chat', 'c.ts'), 'a.ts']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
