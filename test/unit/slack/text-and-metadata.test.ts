import { describe, expect, it } from 'vitest';
import type { Form } from '../../../src/chat/reply.js';
import { decodeActionId, encodeActionId, OPEN_FORM_ACTION } from '../../../src/platforms/slack/action-ids.js';
import { decodeFormMetadata, encodeFormMetadata } from '../../../src/platforms/slack/form-metadata.js';
import { decodeFormFromButton, encodeFormForButton, formOfferReply } from '../../../src/platforms/slack/form-offer.js';
import { slackTextToPlain, toPlainText, truncate } from '../../../src/platforms/slack/text.js';
import { raceDeadline } from '../../../src/platforms/slack/timing.js';

describe('slackTextToPlain', () => {
  it('turns Slack escapes and links into plain text, keeping mentions and channels as the grammar reads them', () => {
    expect(slackTextToPlain('hi <@U123|ann> in <#C1|sales> see <https://x.io/a|the deal> or <https://x.io> &lt;3 &amp;')).toBe(
      'hi <@U123> in <#C1|sales> see the deal (https://x.io/a) or https://x.io <3 &',
    );
    // Message events send a picked channel with an empty name.
    expect(slackTextToPlain('channel=<#C0123ABCD|> or <#C0123ABCD>')).toBe('channel=<#C0123ABCD> or <#C0123ABCD>');
  });
  it('keeps what was typed of emails and phone numbers Slack linked by itself', () => {
    expect(slackTextToPlain('<!here> mail <mailto:bo@x.io|bo@x.io> call <tel:+8613812345678|+86 138 1234 5678>')).toBe('@here mail bo@x.io call +86 138 1234 5678');
    expect(slackTextToPlain('phone=<tel:13812345678|138-1234-5678> email=<mailto:Bo@X.io|Bo@X.io>')).toBe('phone=138-1234-5678 email=Bo@X.io');
    // A link whose label says something else keeps both.
    expect(slackTextToPlain('<mailto:bo@x.io|write to Bo> <tel:+8613812345678|the office>')).toBe('write to Bo (bo@x.io) the office (+8613812345678)');
  });
});

describe('truncate / toPlainText', () => {
  it('keeps short text, cuts long text with an ellipsis within the limit', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab😀c', 4)).toBe('ab…'); // the emoji's two halves go together
  });
  it('strips the markup for plain_text fields', () => {
    expect(toPlainText('**Acme** `C-1`')).toBe('Acme C-1');
  });
});

describe('action ids', () => {
  it('round-trips names that contain the separator, and refuses names that do not fit', () => {
    expect(decodeActionId(encodeActionId('poll#vote', 7) ?? '')).toBe('poll#vote');
    expect(decodeActionId('no-index')).toBe('no-index');
    expect(encodeActionId('a'.repeat(254), 10)).toBeNull();
  });
});

describe('form metadata', () => {
  it('carries state and response_url, dropping the URL first when space runs out', () => {
    const url = 'https://hooks.slack.com/commands/T1/2/3';
    expect(decodeFormMetadata(encodeFormMetadata({ state: 's', responseUrl: url }))).toEqual({ state: 's', responseUrl: url });
    const big = 'x'.repeat(2980);
    expect(decodeFormMetadata(encodeFormMetadata({ state: big, responseUrl: url }))).toEqual({ state: big });
    expect(() => encodeFormMetadata({ state: 'x'.repeat(3000) })).toThrow(/too long/);
    expect(decodeFormMetadata('legacy-raw-state')).toEqual({ state: 'legacy-raw-state' });
  });
});

describe('form offer', () => {
  const form: Form = { id: 'f', title: '记录联系', submitLabel: '保存', closeLabel: '取消', state: '{"a":1}', inputs: [{ id: 'd', type: 'date', label: '日期' }] };

  it('round-trips a form through the button value', () => {
    const value = encodeFormForButton(form);
    expect(value).not.toBeNull();
    expect(decodeFormFromButton(value ?? '')).toEqual(form);
    expect(decodeFormFromButton('garbage')).toBeNull();
  });

  it('offers the form with its own (localized) title as the button label', () => {
    const offer = formOfferReply(form);
    expect(offer.blocks[0]).toMatchObject({ type: 'section', accessory: { action: OPEN_FORM_ACTION, label: '记录联系' } });
  });

  it('offers no button when the form cannot fit in a button value', () => {
    const noisy = { ...form, state: Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('') };
    expect(encodeFormForButton(noisy)).toBeNull();
    expect(formOfferReply(noisy).blocks[0]).not.toHaveProperty('accessory');
  });
});

describe('raceDeadline', () => {
  it('returns the value in time, or the still-running promise', async () => {
    expect(await raceDeadline(Promise.resolve(1), 50)).toEqual({ settled: true, value: 1 });
    const slow = new Promise<number>((resolve) => setTimeout(() => resolve(2), 60));
    const race = await raceDeadline(slow, 10);
    expect(race.settled).toBe(false);
    if (!race.settled) expect(await race.later).toBe(2);
  });
});
