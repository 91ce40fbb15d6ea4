// Reply → Block Kit message ({ text, blocks }), always within Slack's limits.
// Semantic blocks (a rating scale, a list of choices) are first laid out within Slack's declared
// capabilities (limits.ts SLACK_CAPABILITIES, chat/layout.ts): NPS as two rows of buttons, up to 8
// choices as buttons, more as a static_select of at most 100 options and a "… (+N)" for the rest.
// What is cut, and why (a message Slack rejects is worse than a shortened one):
// - more than 50 blocks: the first 49 are kept and a context block "… (+N)" says how many are missing;
// - section/context text over 3000, header over 150, field over 2000, message text over 4000,
//   button label over 75, option label over 75, placeholder over 150: cut with "…";
// - more than 10 fields or 25 controls: split over several blocks (nothing lost, counts toward 50);
// - more than 100 select options: the first 100 are kept;
// - a button value over 2000, an option value over 150, an action name too long for action_id,
//   a channel picker's value over 255 (its block_id), an image URL over 3000: that control/option/image is left out — a cut value would act on
//   the wrong record, which is worse than a missing button.
// Block texts (header, section, field, context) are the reply model's markup; labels, options and
// placeholders are plain text (reply.ts), sent as written: Slack formats nothing there, and a
// customer's typed `**` in a button must stay two stars, as the sandbox shows it.
import type { types } from '@slack/bolt';
import { literal } from '../../chat/markup.js';
import type { Block, Button, ChannelPicker, Field, Option, Reply, Select } from '../../chat/reply.js';
import { encodeActionId } from './action-ids.js';
import { layoutBlocks } from '../../chat/layout.js';
import { LIMITS, SLACK_CAPABILITIES } from './limits.js';
import { ELLIPSIS, toMrkdwn, toPlainText, truncate, truncateMrkdwn, labelText } from './text.js';

type KnownBlock = types.KnownBlock;
type ActionsElement = types.ActionsBlockElement;

export interface SlackMessage {
  /** Notification / accessibility text (mrkdwn). */
  text: string;
  blocks: KnownBlock[];
}

/** Hands out message-wide unique action_ids. */
class ActionIds {
  private next = 0;
  take(action: string): string | null {
    return encodeActionId(action, this.next++);
  }
}

/** Slack's renderer reads the same capabilities its messenger declares. */
export const capabilities = SLACK_CAPABILITIES;

export function renderReply(reply: Pick<Reply, 'text' | 'blocks'>): SlackMessage {
  const ids = new ActionIds();
  const blocks = layoutBlocks(reply.blocks, capabilities).flatMap((b) => renderBlock(b, ids));
  return { text: renderMessageText(reply.text), blocks: capBlocks(blocks, LIMITS.blocksPerMessage) };
}

export function renderMessageText(markup: string): string {
  const text = truncateMrkdwn(toMrkdwn(markup), LIMITS.messageText);
  return text.trim() === '' ? ELLIPSIS : text;
}

/** Keeps at most `max` blocks; the last one kept says how many were left out. */
export function capBlocks<T extends { type: string }>(blocks: T[], max: number): T[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  const notice = { type: 'context', elements: [{ type: 'mrkdwn', text: `${ELLIPSIS} (+${blocks.length - kept.length})` }] };
  return [...kept, notice as unknown as T];
}

function renderBlock(block: Block, ids: ActionIds): KnownBlock[] {
  switch (block.type) {
    case 'header': {
      const text = truncate(toPlainText(block.text).trim(), LIMITS.headerText);
      return text ? [{ type: 'header', text: { type: 'plain_text', text, emoji: true } }] : [];
    }
    case 'section': {
      const accessory = block.accessory ? renderButton(block.accessory, ids) : null;
      const markup = block.text.trim() !== '' ? block.text : literal(block.accessory?.label ?? '');
      if (markup.trim() === '') return [];
      const text = { type: 'mrkdwn' as const, text: truncateMrkdwn(toMrkdwn(markup), LIMITS.sectionText) };
      return [accessory ? { type: 'section', text, accessory } : { type: 'section', text }];
    }
    case 'fields':
      return chunk(block.fields.filter((f) => f.label !== '' || f.value !== ''), LIMITS.fieldsPerSection).map((fields) => ({
        type: 'section',
        fields: fields.map(renderField),
      }));
    case 'context': {
      if (block.text.trim() === '') return [];
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(toMrkdwn(block.text), LIMITS.contextText) }] }];
    }
    case 'actions': {
      const pickers = block.elements.filter((c): c is ChannelPicker => c.type === 'channel_picker');
      const elements = block.elements
        .map((c) => (c.type === 'channel_picker' ? null : renderControl(c, ids)))
        .filter((e): e is ActionsElement => e !== null);
      const rows: KnownBlock[] = chunk(elements, LIMITS.elementsPerActions).map((els) => ({ type: 'actions', elements: els }));
      return [...rows, ...pickers.flatMap((picker) => renderChannelPicker(picker, ids))];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'rating':
    case 'choices':
      return []; // laid out by layoutBlocks before rendering
    case 'image': {
      if (block.url.length > LIMITS.imageUrl || !/^https?:\/\//.test(block.url)) return [];
      const alt = truncate(block.alt.trim() || 'image', LIMITS.imageAltText);
      const title = block.title ? truncate(toPlainText(block.title), LIMITS.imageTitle) : '';
      return [
        title
          ? { type: 'image', image_url: block.url, alt_text: alt, title: { type: 'plain_text', text: title } }
          : { type: 'image', image_url: block.url, alt_text: alt },
      ];
    }
  }
}

function renderField(field: Field): types.MrkdwnElement {
  const label = field.label ? `*${toMrkdwn(toPlainText(field.label))}*\n` : '';
  return { type: 'mrkdwn', text: truncateMrkdwn(label + toMrkdwn(field.value), LIMITS.fieldText) };
}

function renderControl(control: Button | Select, ids: ActionIds): ActionsElement | null {
  return control.type === 'button' ? renderButton(control, ids) : renderSelect(control, ids);
}

/**
 * Slack's own channel list (conversations_select). The element has no value of its own, so the
 * picker's value travels in the block_id of an actions block of its own: too long, it is left out.
 */
function renderChannelPicker(picker: ChannelPicker, ids: ActionIds): KnownBlock[] {
  const actionId = ids.take(picker.action);
  if (actionId === null || picker.value === '') return [];
  // Too long to travel in the block_id: no pick that could not finish the command, but say how else.
  if (picker.value.length > LIMITS.blockId) return picker.unavailable ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(toMrkdwn(picker.unavailable), LIMITS.contextText) }] }] : [];
  const element: types.ConversationsSelect = {
    type: 'conversations_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: truncate(picker.placeholder || ELLIPSIS, LIMITS.placeholder) },
    filter: { include: ['public', 'private'], exclude_bot_users: true },
  };
  return [{ type: 'actions', block_id: picker.value, elements: [element] }];
}

export function renderButton(button: Button, ids: { take(action: string): string | null }): types.Button | null {
  const label = truncate(labelText(button.label).trim(), LIMITS.buttonText);
  const actionId = ids.take(button.action);
  if (!label || actionId === null || button.value.length > LIMITS.buttonValue) return null;
  const element: types.Button = { type: 'button', action_id: actionId, text: { type: 'plain_text', text: label, emoji: true } };
  if (button.value !== '') element.value = button.value;
  if (button.style) element.style = button.style;
  return element;
}

function renderSelect(select: Select, ids: ActionIds): types.StaticSelect | null {
  const actionId = ids.take(select.action);
  const options = renderOptions(select.options);
  if (actionId === null || options.length === 0) return null;
  const element: types.StaticSelect = {
    type: 'static_select',
    action_id: actionId,
    placeholder: { type: 'plain_text', text: truncate(select.placeholder || ELLIPSIS, LIMITS.placeholder) },
    options,
  };
  const initial = options.find((o) => o.value === select.initial);
  if (initial) element.initial_option = initial;
  return element;
}

/** Valid options only (value fits), at most 100. */
export function renderOptions(options: Option[], max: number = capabilities.optionsPerChoice): types.PlainTextOption[] {
  return options
    .map(renderOption)
    .filter((o): o is types.PlainTextOption => o !== null)
    .slice(0, max);
}

export function renderOption(option: Option): types.PlainTextOption | null {
  if (option.value === '' || option.value.length > LIMITS.optionValue) return null;
  const text = truncate(labelText(option.label).trim() || option.value, LIMITS.optionText);
  return { text: { type: 'plain_text', text, emoji: true }, value: option.value };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
