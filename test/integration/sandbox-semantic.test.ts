// Semantic blocks through the sandbox's messenger into its stored conversations (SQLite and
// PostgreSQL) and out to the page's feed: laid out within the sandbox's own capabilities, so the page
// only ever draws basic blocks, and a person shows by name.
import { describe, expect, it } from 'vitest';
import { personRef } from '../../src/chat/person-ref.js';
import { block, button, type Reply } from '../../src/chat/reply.js';
import { createSandboxMessenger } from '../../src/platforms/sandbox/adapter.js';
import { createFeed } from '../../src/platforms/sandbox/feed.js';
import { SANDBOX_CAPABILITIES } from '../../src/platforms/sandbox/limits.js';
import { createSandboxStore } from '../../src/store/sandbox-store.js';
import { useTestDatabase } from '../helpers/database.js';

const t = useTestDatabase();
const CHANNEL = 'sandbox:acme';
const nps = Array.from({ length: 11 }, (_, i) => ({ label: String(i), value: `vote:${i}` }));
const many = Array.from({ length: SANDBOX_CAPABILITIES.optionsPerChoice + 3 }, (_, i) => ({ label: `Customer ${i}`, value: `customer show #${i}` }));

describe('the sandbox messenger with semantic blocks', () => {
  it('stores a poll and a long list as the page draws them, and updates keep the layout', async () => {
    const store = createSandboxStore(t.prisma);
    const messenger = createSandboxMessenger(store);
    const ann = personRef({ accounts: [{ platform: 'sandbox', externalId: 'rep-ann' }], displayName: 'Ann Lee' });
    const poll: Reply = { visibility: 'public', text: `NPS for ${ann}`, blocks: [block.section(`Asked by ${ann}`), block.rating('poll.vote', nps)] };
    const { ref } = await messenger.sendToChannel(CHANNEL, poll);

    const page = await createFeed(store).page('rep-ann', CHANNEL, undefined);
    const shown = page.messages[0]!.reply as Reply;
    expect(shown.text).toBe('NPS for @Ann Lee');
    expect(shown.blocks).toEqual([
      block.section('Asked by @Ann Lee'),
      block.actions(...nps.slice(0, 6).map((o) => button('poll.vote', o.label, o.value))),
      block.actions(...nps.slice(6).map((o) => button('poll.vote', o.label, o.value))),
    ]);

    await messenger.update(ref, { visibility: 'public', text: 'which one?', blocks: [block.choices('cmd.run', 'Choose a customer', many)] });
    const updated = (await store.find(page.messages[0]!.id))!.reply as Reply;
    expect(updated.blocks).toEqual([
      { type: 'actions', elements: [{ type: 'select', action: 'cmd.run', placeholder: 'Choose a customer', options: many.slice(0, SANDBOX_CAPABILITIES.optionsPerChoice) }] },
      { type: 'context', text: '… (+3)' },
    ]);
  });
});
