// The sandbox's renderer on the server side: semantic blocks laid out within the page's own
// capabilities (limits.ts) and people written by name, before a reply is stored. The page script
// (page.ts) then draws basic blocks only, the same way for every message.
import { layoutBlocks } from '../../chat/layout.js';
import { literal } from '../../chat/markup.js';
import { renderPersonRefs } from '../../chat/person-ref.js';
import type { Block, Reply } from '../../chat/reply.js';
import { SANDBOX_CAPABILITIES } from './limits.js';

export const capabilities = SANDBOX_CAPABILITIES;

/** A person on the page: their name, marked as a mention (the page has no accounts to link to). */
const named = (markup: string) => renderPersonRefs(markup, (p) => `@${literal(p.name)}`);

function renderBlock(b: Block): Block {
  switch (b.type) {
    case 'header':
    case 'section':
    case 'context':
      return { ...b, text: named(b.text) };
    case 'fields':
      return { ...b, fields: b.fields.map((f) => ({ label: named(f.label), value: named(f.value) })) };
    case 'actions':
      return { ...b, elements: b.elements.map((c) => (c.type === 'button' ? { ...c, label: named(c.label) } : c)) };
    default:
      return b;
  }
}

export function renderForSandbox<R extends Pick<Reply, 'text' | 'blocks'>>(reply: R): R {
  return { ...reply, text: named(reply.text), blocks: layoutBlocks(reply.blocks, capabilities).map(renderBlock) };
}
