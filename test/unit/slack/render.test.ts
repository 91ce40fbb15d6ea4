import { describe, expect, it } from 'vitest';
import type { Block, Form, Reply } from '../../../src/chat/reply.js';
import { block, button } from '../../../src/chat/reply.js';
import { LIMITS } from '../../../src/platforms/slack/limits.js';
import { decodeActionId, INPUT_ACTION_ID, parseFormValues, renderForm, renderReply, SlackRenderError } from '../../../src/platforms/slack/render.js';

const reply = (blocks: Block[], text = 'fallback'): Reply => ({ visibility: 'private', text, blocks });
type AnyBlock = Record<string, any>;

describe('renderReply', () => {
  it('translates **bold**, keeps `code` and escapes &, <, >', () => {
    const { text, blocks } = renderReply(reply([block.section('**Acme & Co** <b> `id>3`')], '**Acme** & <Co>'));
    expect(text).toBe('*Acme* &amp; &lt;Co&gt;');
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*Acme &amp; Co* &lt;b&gt; `id&gt;3`' } }]);
  });

  it('keeps 50 blocks of 60: 49 and a notice of how many are missing', () => {
    const many = Array.from({ length: 60 }, (_, i) => block.section(`row ${i}`));
    const { blocks } = renderReply(reply(many));
    expect(blocks).toHaveLength(LIMITS.blocksPerMessage);
    expect((blocks[48] as AnyBlock).text.text).toBe('row 48');
    expect(blocks[49]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… (+11)' }] });
  });

  it('cuts long texts to the Block Kit limits with an ellipsis', () => {
    const long = 'x'.repeat(5000);
    const { text, blocks } = renderReply(
      reply([block.header(long), block.section(long), block.context(long), block.fields([{ label: 'Notes', value: long }])], long),
    );
    expect(text).toHaveLength(LIMITS.messageText);
    expect(text.endsWith('…')).toBe(true);
    const [header, section, context, fields] = blocks as AnyBlock[];
    expect(header?.text.text).toHaveLength(LIMITS.headerText);
    expect(section?.text.text).toHaveLength(LIMITS.sectionText);
    expect(context?.elements[0].text).toHaveLength(LIMITS.contextText);
    expect(fields?.fields[0].text).toHaveLength(LIMITS.fieldText);
  });

  it('never cuts an emoji (surrogate pair) or an HTML entity in half', () => {
    const emojis = '😀'.repeat(2000); // 4000 UTF-16 units
    const section = renderReply(reply([block.section(emojis)])).blocks[0] as AnyBlock;
    const cut: string = section.text.text;
    expect(cut.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(cut.slice(0, -1)).toMatch(/^(?:😀)+$/u);

    const ampersands = renderReply(reply([block.section('&'.repeat(1000))])).blocks[0] as AnyBlock;
    expect(ampersands.text.text).toMatch(/^(?:&amp;)+…$/);
  });

  it('gives every control a unique action_id that decodes back to its action', () => {
    const { blocks } = renderReply(
      reply([
        block.section('Acme', button('customer.open', 'Open', 'c:1')),
        block.actions(button('customer.open', 'Open', 'c:2'), button('customer.open', 'Open', 'c:3'), {
          type: 'select',
          action: 'customer.stage',
          placeholder: 'Stage',
          options: [{ label: 'Loyal', value: 'loyal' }],
          initial: 'loyal',
        }),
      ]),
    );
    const ids = [(blocks[0] as AnyBlock).accessory.action_id, ...(blocks[1] as AnyBlock).elements.map((e: AnyBlock) => e.action_id)];
    expect(new Set(ids).size).toBe(4);
    expect(ids.map(decodeActionId)).toEqual(['customer.open', 'customer.open', 'customer.open', 'customer.stage']);
    expect((blocks[1] as AnyBlock).elements[0]).toMatchObject({ type: 'button', value: 'c:2', text: { type: 'plain_text', text: 'Open' } });
    expect((blocks[1] as AnyBlock).elements[2].initial_option.value).toBe('loyal');
  });

  it('splits more than 10 fields and more than 25 controls over several blocks', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: `v${i}` }));
    const buttons = Array.from({ length: 30 }, (_, i) => button('pick', `B${i}`, `${i}`));
    const { blocks } = renderReply(reply([block.fields(fields), block.actions(...buttons)]));
    expect(blocks.map((b) => (b as AnyBlock).fields?.length ?? (b as AnyBlock).elements?.length)).toEqual([10, 10, 3, 25, 5]);
    expect((blocks[0] as AnyBlock).fields[0].text).toBe('*F0*\nv0');
  });

  it('cuts button labels to 75, leaves out a button whose value would not fit, keeps 100 options', () => {
    const { blocks } = renderReply(
      reply([
        block.actions(button('a', 'L'.repeat(100), 'ok'), button('b', 'Too big', 'v'.repeat(LIMITS.buttonValue + 1)), {
          type: 'select',
          action: 's',
          placeholder: 'Pick',
          options: [...Array.from({ length: 130 }, (_, i) => ({ label: `O${i}`, value: `${i}` })), { label: 'bad', value: 'x'.repeat(200) }],
        }),
      ]),
    );
    const elements = (blocks[0] as AnyBlock).elements as AnyBlock[];
    expect(elements.map((e) => e.type)).toEqual(['button', 'static_select']);
    expect(elements[0]?.text.text).toHaveLength(LIMITS.buttonText);
    expect(elements[1]?.options).toHaveLength(LIMITS.selectOptions);
  });

  it('renders dividers and images, and drops an image with an unusable URL', () => {
    const { blocks } = renderReply(
      reply([block.divider(), { type: 'image', url: 'https://example.com/chart.png', alt: 'Chart', title: 'Sales' }, { type: 'image', url: 'javascript:alert(1)', alt: 'x' }]),
    );
    expect(blocks).toEqual([
      { type: 'divider' },
      { type: 'image', image_url: 'https://example.com/chart.png', alt_text: 'Chart', title: { type: 'plain_text', text: 'Sales' } },
    ]);
  });
});

const form: Form = {
  id: 'contact.log',
  title: 'Log a customer contact now', // 26 > 24
  submitLabel: 'Save',
  closeLabel: 'Cancel',
  state: 's',
  inputs: [
    { id: 'customer', type: 'customer', label: 'Customer', initial: { label: 'Acme', value: 'c:1' }, placeholder: 'Search' },
    { id: 'channel', type: 'select', label: 'Channel', options: [{ label: 'Call', value: 'call' }], initial: 'call' },
    { id: 'date', type: 'date', label: 'Date', initial: '2025-01-31' },
    { id: 'summary', type: 'text', label: 'Summary', multiline: true, optional: true, maxLength: 500, initial: 'y'.repeat(600), hint: 'What was said' },
  ],
};

describe('renderForm', () => {
  it('builds a modal whose input block_ids are the Input ids', () => {
    const view = renderForm(form, '{"v":1,"s":"s"}');
    expect(view).toMatchObject({ type: 'modal', callback_id: 'contact.log', private_metadata: '{"v":1,"s":"s"}', submit: { text: 'Save' }, close: { text: 'Cancel' } });
    expect(view.title.text).toHaveLength(LIMITS.modalTitle);
    const blocks = view.blocks as AnyBlock[];
    expect(blocks.map((b) => [b.type, b.block_id, b.element.type, b.element.action_id])).toEqual([
      ['input', 'customer', 'external_select', INPUT_ACTION_ID],
      ['input', 'channel', 'static_select', INPUT_ACTION_ID],
      ['input', 'date', 'datepicker', INPUT_ACTION_ID],
      ['input', 'summary', 'plain_text_input', INPUT_ACTION_ID],
    ]);
    expect(blocks[0]?.element).toMatchObject({ min_query_length: 1, initial_option: { value: 'c:1' }, placeholder: { text: 'Search' } });
    expect(blocks[1]?.element.initial_option.value).toBe('call');
    expect(blocks[2]?.element.initial_date).toBe('2025-01-31');
    expect(blocks[3]).toMatchObject({ optional: true, hint: { text: 'What was said' }, element: { multiline: true, max_length: 500 } });
    expect(blocks[3]?.element.initial_value).toHaveLength(500);
  });

  it('refuses ids Slack could not route and metadata over 3000 characters', () => {
    expect(() => renderForm({ ...form, inputs: [{ id: 'x'.repeat(256), type: 'date', label: 'D' }] }, '')).toThrow(SlackRenderError);
    expect(() => renderForm(form, 'm'.repeat(3001))).toThrow(SlackRenderError);
  });
});

describe('parseFormValues', () => {
  it('reads each element type back, keyed by block_id; empty answers become undefined', () => {
    const values = parseFormValues({
      state: {
        values: {
          customer: { value: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'Acme' }, value: 'c:1' } } },
          channel: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Call' }, value: 'call' } } },
          date: { value: { type: 'datepicker', selected_date: '2025-01-31' } },
          summary: { value: { type: 'plain_text_input', value: 'Met them' } },
          note: { value: { type: 'plain_text_input', value: null } },
          empty: { value: { type: 'static_select', selected_option: null } },
        },
      },
    } as never);
    expect(values).toEqual({ customer: 'c:1', channel: 'call', date: '2025-01-31', summary: 'Met them', note: undefined, empty: undefined });
  });
});

describe('the channel picker', () => {
  it('is a conversations_select in an actions block of its own, its value in the block_id; too long a value leaves it out', () => {
    const picker = { type: 'channel_picker' as const, action: 'cmd.pick_channel', placeholder: 'Pick a channel', value: 'customer edit Acme channel=<#>' };
    const { blocks } = renderReply(reply([block.actions(button('a', 'A', '1'), picker)]));
    expect(blocks).toEqual([
      { type: 'actions', elements: [expect.objectContaining({ type: 'button', action_id: 'a#0' })] },
      {
        type: 'actions',
        block_id: 'customer edit Acme channel=<#>',
        elements: [{ type: 'conversations_select', action_id: 'cmd.pick_channel#1', placeholder: { type: 'plain_text', text: 'Pick a channel' }, filter: { include: ['public', 'private'], exclude_bot_users: true } }],
      },
    ]);
    const long = renderReply(reply([block.actions({ ...picker, value: `poll nps Acme in <#> ${'x'.repeat(LIMITS.blockId)}` })]));
    expect(long.blocks).toEqual([]);
  });
});
