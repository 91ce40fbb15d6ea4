// A list of choices end to end on Slack: signed slash commands over real HTTP → the app → the real
// database → the Block Kit sent back. Matching customers show as buttons within Slack's limits,
// and those beyond the list are counted, never left out in silence.
import { describe, expect, it } from 'vitest';
import { SLACK_CAPABILITIES } from '../../src/platforms/slack/limits.js';
import { useTestDatabase } from '../helpers/database.js';
import { findButton, messageText, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const app = useSlackApp(t, NOW);

type AnyBlock = { type: string; elements?: Array<{ type: string; text?: string | { text: string } }> };

describe('matching customers on Slack', () => {
  it('ten matches: eight buttons and a visible “… (+2)” in the blocks and the text', async () => {
    for (let i = 1; i <= 10; i++) await app.command(ANN, `customer add "Acme ${String(i).padStart(2, '0')}"`);
    const reply = await app.command(ANN, 'customer show acme');
    expect(messageText(reply)).toContain('Several customers match “acme”');
    const blocks = reply.blocks as AnyBlock[];
    const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    expect(buttons).toHaveLength(SLACK_CAPABILITIES.choiceButtonsMax);
    expect(buttons.every((e) => e.type === 'button')).toBe(true);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… (+2)' }] });
    expect(String(reply.text)).toContain('… (+2)');
    // A choice still acts on the customer it names.
    expect(findButton(reply, 'cmd.run', 'Acme 01').value).toContain('#1');
  });

  it('two matches: two buttons and no count, the blocks as before', async () => {
    await app.command(ANN, 'customer add "Acme Trading"');
    await app.command(ANN, 'customer add "Acme Foods"');
    const blocks = (await app.command(ANN, 'customer show acme')).blocks as AnyBlock[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'actions']);
    expect(blocks[1]!.elements).toHaveLength(2);
  });
});
