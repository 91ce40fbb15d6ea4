// Issue 11 §4 after the merge: what people typed shows as typed in Slack's plain-text places too —
// button labels, select options (the customer picker, the reassign list) and modal labels. Slack
// formats nothing there, so the renderer must not read the reply model's markup in them either
// (it used to drop a typed `**` or backtick from a label). Real signed HTTP, real database.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, blockSuggestionPayload, messageImEventPayload, RESPONSE_URL_ORIGIN, responseUrlPath } from '../helpers/slack.js';
import { renderForm, renderReply } from '../../src/platforms/slack/render.js';
import { captureResponseUrl, captureSlackApi, findButton, slackShown, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
// Tuesday 24 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');
const TRADING = '**Star** Trading_co `x` <b> & ~y~';
const GOODS = '**Star** Goods';
/** What Slack sends for typed text: &, < and > escaped. */
const asSlackSends = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const t = useTestDatabase();
const app = useSlackApp(t, NOW);
beforeEach(async () => {
  await app.command(ANN, `customer add "${asSlackSends(TRADING)}"`);
  await app.command(ANN, `customer add "${GOODS}"`);
});

type Element = { type: string; action_id?: string; text?: { text: string }; options?: Array<{ text: { text: string } }> };
function labels(message: Record<string, unknown>): string[] {
  const blocks = (message.blocks ?? []) as Array<{ elements?: Element[]; accessory?: Element }>;
  return blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).map((e) => e.text?.text ?? '');
}

describe('typed names in Slack plain-text places', () => {
  it('the buttons of several matches carry the names as typed', async () => {
    const choices = await app.command(ANN, 'customer show Star');
    expect(labels(choices)).toEqual(expect.arrayContaining([`${TRADING} (#1)`, `${GOODS} (#2)`]));
    // The message text around them shows the same names (mrkdwn, escaped for Slack).
    expect(slackShown(String(choices.text))).toContain('**Star** Trading_co `x` &lt;b&gt; &amp; ~y~ (#1)');
    // The button opens the right card.
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = captureResponseUrl(responseUrl);
    const button = findButton(choices, 'cmd.run', 'Goods');
    await app.send('interaction', blockActionsPayload({ actionId: button.action_id, value: button.value, userId: ANN, responseUrl }));
    const card = (await answered) as { blocks: Array<{ type: string; text?: { text: string } }> };
    expect(card.blocks.find((b) => b.type === 'header')?.text?.text).toBe(GOODS);
  });

  it('the customer picker’s options, as typed', async () => {
    const response = await app.send('interaction', blockSuggestionPayload({ value: 'star', userId: ANN }));
    const options = (response.json as { options: Array<{ text: { text: string } }> }).options.map((o) => o.text.text);
    expect(options).toEqual(expect.arrayContaining([`${TRADING} (#1)`, `${GOODS} (#2)`]));
  });

  it('a not-found offer to create names the customer as typed', async () => {
    const reply = await app.command(ANN, 'customer show `Moon`_Inc');
    expect(labels(reply).join('\n')).toContain('`Moon`_Inc');
  });
});

describe('the plain-text fallback (notifications)', () => {
  it('a draft’s summary reads as typed, not as formatting', async () => {
    const posted = captureSlackApi('chat.postMessage', { ok: true, ts: '1.2' });
    const event = messageImEventPayload({ text: 'called Star Goods about the **new** _price_ list, follow up next Tuesday', userId: ANN, eventId: 'Ev0TYPED01' });
    expect((await app.send('event', event)).status).toBe(200);
    const draft = await posted;
    const text = slackShown(String(draft.text));
    expect(text).toContain('**new** _price_ list');
    expect(String(draft.text)).not.toMatch(/(^|[^*])\*new\*([^*]|$)/);
  });
});

describe('the renderer: labels are plain text', () => {
  it('button, option, placeholder and modal labels go as written', () => {
    const message = renderReply({
      text: 'x',
      blocks: [
        { type: 'actions', elements: [{ type: 'button', action: 'a', label: '**b** `c`', value: '1' }, { type: 'select', action: 's', placeholder: '_p_', options: [{ label: '~o~ **x**', value: '1' }] }] },
      ],
    });
    const [actions] = message.blocks as Array<{ elements: Array<{ text?: { text: string }; placeholder?: { text: string }; options?: Array<{ text: { text: string } }> }> }>;
    expect(actions?.elements[0]?.text?.text).toBe('**b** `c`');
    expect(actions?.elements[1]?.placeholder?.text).toBe('_p_');
    expect(actions?.elements[1]?.options?.[0]?.text.text).toBe('~o~ **x**');
    const view = renderForm({ id: 'f', title: 'Rate **us**', submitLabel: 'Send', closeLabel: 'Close', state: '', inputs: [{ type: 'select', id: 'score', label: 'How was `it`?', options: [{ label: '5', value: '5' }] }] }, '') as unknown as { title: { text: string }; blocks: Array<{ label: { text: string } }> };
    expect(view.title.text).toBe('Rate **us**');
    expect(view.blocks[0]?.label.text).toBe('How was `it`?');
  });
});

