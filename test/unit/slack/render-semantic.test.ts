// Semantic blocks in Block Kit: a rating scale and a list of choices laid out within Slack's declared
// capabilities (limits.ts SLACK_CAPABILITIES), and a person reference written as a Slack mention.
import { describe, expect, it } from 'vitest';
import { block, button, type Block, type Option, type Reply } from '../../../src/chat/reply.js';
import { personRef } from '../../../src/chat/person-ref.js';
import { literal } from '../../../src/chat/markup.js';
import { createLogger } from '../../../src/logging.js';
import { LIMITS, SLACK_CAPABILITIES } from '../../../src/platforms/slack/limits.js';
import { createSlackMessenger } from '../../../src/platforms/slack/messenger.js';
import { capabilities, renderReply } from '../../../src/platforms/slack/render-message.js';

const reply = (blocks: Block[], text = 'fallback'): Reply => ({ visibility: 'private', text, blocks });
const options = (n: number, from = 0): Option[] => Array.from({ length: n }, (_, i) => ({ label: `Option ${from + i}`, value: `v${from + i}` }));
type AnyBlock = Record<string, any>;

describe('Slack capabilities', () => {
  it('are Block Kit’s limits, read by the renderer and declared by the messenger alike', () => {
    expect(capabilities).toBe(SLACK_CAPABILITIES);
    expect(SLACK_CAPABILITIES.buttonsPerRow).toBe(LIMITS.elementsPerActions);
    expect(SLACK_CAPABILITIES.optionsPerChoice).toBe(LIMITS.selectOptions);
    expect(SLACK_CAPABILITIES.text).toEqual({ max: LIMITS.messageText, unit: 'chars' });
    const messenger = createSlackMessenger({ slack: { apiUrl: 'http://127.0.0.1:9/api/', botToken: 'xoxb-test' }, logger: createLogger('silent') });
    expect(messenger.capabilities).toBe(SLACK_CAPABILITIES);
    expect(messenger.capabilities).toMatchObject({ canUpdate: true, forms: 'dialog', markdown: 'mrkdwn', mentions: true });
  });
});

describe('a rating scale in Block Kit', () => {
  it('NPS 0–10 is two actions rows of 6 and 5, exactly the blocks the poll had before', () => {
    const scale = options(11);
    const rendered = renderReply(reply([block.rating('poll.vote', scale), block.actions(button('poll.comment', 'Comment', 'c'))]));
    const before = renderReply(
      reply([
        block.actions(...scale.slice(0, 6).map((o) => button('poll.vote', o.label, o.value))),
        block.actions(...scale.slice(6).map((o) => button('poll.vote', o.label, o.value))),
        block.actions(button('poll.comment', 'Comment', 'c')),
      ]),
    );
    expect(rendered).toEqual(before);
    const [first, second] = rendered.blocks as AnyBlock[];
    expect(first?.elements).toHaveLength(6);
    expect(second?.elements).toHaveLength(5);
    expect(second?.elements[4].value).toBe('v10');
  });

  it('CSAT 1–5 is one row', () => {
    const { blocks } = renderReply(reply([block.rating('poll.vote', options(5, 1))]));
    expect(blocks).toHaveLength(1);
    expect((blocks[0] as AnyBlock).elements.map((e: AnyBlock) => e.text.text)).toEqual(['Option 1', 'Option 2', 'Option 3', 'Option 4', 'Option 5']);
  });
});

describe('a list of choices in Block Kit', () => {
  it('up to choiceButtonsMax choices are buttons in one actions block, as matching customers were', () => {
    const few = options(SLACK_CAPABILITIES.choiceButtonsMax);
    const { blocks } = renderReply(reply([block.choices('cmd.run', 'Choose a customer', few)]));
    expect(blocks).toEqual(renderReply(reply([block.actions(...few.map((o) => button('cmd.run', o.label, o.value)))])).blocks);
  });

  it('one more becomes a static_select with every choice in it', () => {
    const { blocks } = renderReply(reply([block.choices('cmd.run', 'Choose a customer', options(SLACK_CAPABILITIES.choiceButtonsMax + 1))]));
    expect(blocks).toHaveLength(1);
    const select = (blocks[0] as AnyBlock).elements[0];
    expect(select.type).toBe('static_select');
    expect(select.placeholder.text).toBe('Choose a customer');
    expect(select.options).toHaveLength(SLACK_CAPABILITIES.choiceButtonsMax + 1);
  });

  it('past 100 options the select keeps 100 and a context block counts the rest, also those the view never held', () => {
    const { blocks } = renderReply(reply([block.choices('cmd.run', 'Choose', options(130), 170)]));
    const [select, more] = blocks as AnyBlock[];
    expect(select?.elements[0].options).toHaveLength(LIMITS.selectOptions);
    expect(more).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… (+70)' }] });
  });

  it('an empty list the view knows is longer still says how many there are', () => {
    expect(renderReply(reply([block.choices('cmd.run', 'Choose', [], 3)])).blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: '… (+3)' }] }]);
  });
});

describe('a person reference in Block Kit', () => {
  const ann = { accounts: [{ platform: 'slack', externalId: 'U0ANN' }], displayName: 'Ann *Lee*' };
  const zhang = { accounts: [{ platform: 'wecom', externalId: 'zhangsan' }], displayName: '张三_' };

  it('is a mention for a Slack account and the name, shown as typed, for anyone else', () => {
    const { text, blocks } = renderReply(reply([block.section(`Owner: ${personRef(ann)}, shared with ${personRef(zhang)}`)], `for ${personRef(ann)}`));
    expect(text).toBe('for <@U0ANN>');
    expect((blocks[0] as AnyBlock).text.text).toBe('Owner: <@U0ANN>, shared with 张三<!date^00000000^{_}|_>');
  });

  it('in plain text (a button label) is the name', () => {
    const { blocks } = renderReply(reply([block.actions(button('x', `Ask ${personRef(ann)}`, 'v'))]));
    expect((blocks[0] as AnyBlock).elements[0].text.text).toBe('Ask Ann *Lee*');
  });

  it('cannot be forged by user data: literal removes its characters', () => {
    const forged = personRef({ accounts: [{ platform: 'slack', externalId: 'U0EVIL' }], displayName: 'x' });
    expect(literal(`hello ${forged}`)).not.toMatch(/[\ue100-\ue104]/);
    expect(renderReply(reply([block.section(literal(`hello ${forged}`))])).blocks[0]).not.toMatchObject({ text: { text: expect.stringContaining('<@') } });
  });
});
