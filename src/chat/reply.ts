// The neutral reply model: what the bot says, independent of any platform.
// Slack renders it to Block Kit, WeCom to cards/markdown, the sandbox to HTML.
// Text uses one tiny markup: **bold** and `code`; renderers translate it. Labels, options,
// placeholders, titles and hints are plain text, shown as written (no markup, no literal()). Links are not
// embedded in text: they are buttons or image blocks, which every platform can show. A person is a
// neutral reference inside text (person-ref.ts), which each platform writes its own way.
// Where layouts differ by platform, blocks say what they mean (a rating scale, a list of choices)
// and each renderer lays them out within its declared capabilities (capabilities.ts).

export type Visibility = 'private' | 'public';

export interface Reply {
  /** private: only the person who asked sees it (Slack ephemeral); public: the whole conversation. */
  visibility: Visibility;
  /** Complete plain-text version: notifications, screen readers, platforms without cards. */
  text: string;
  blocks: Block[];
  /** For a reply to a button click: replace the message that carried the button. */
  replaceOriginal?: boolean;
  /**
   * Replace this message (a RequestMeta.messageRef) rather than answer: a form's submission names
   * the message the form was opened from, which the form's own round-trip cannot point at.
   */
  replaceMessage?: string;
}

export interface Field {
  label: string;
  value: string;
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'section'; text: string; accessory?: Button }
  | { type: 'fields'; fields: Field[] }
  | { type: 'context'; text: string }
  | { type: 'actions'; elements: Control[] }
  | { type: 'divider' }
  | { type: 'image'; url: string; alt: string; title?: string }
  | RatingScale
  | Choices;

/**
 * A score to click, lowest first (CSAT 1–5, NPS 0–10): one click sends `action` with the option's
 * value. Laid out in rows the platform can show (Slack: NPS as two rows of 6 and 5).
 */
export interface RatingScale {
  type: 'rating';
  action: string;
  options: Option[];
}

/**
 * One of several things to pick (matching customers, snooze times, people): buttons when few, a
 * select when many, and never cut silently — what does not fit is counted in a visible "… (+N)".
 */
export interface Choices {
  type: 'choices';
  action: string;
  placeholder: string;
  options: Option[];
  /** How many there are in all, when the view holds only the first `options` of them. */
  total?: number;
}

export type ButtonStyle = 'primary' | 'danger';

export interface Button {
  type: 'button';
  /** Routes the click back to a handler; see chat/actions.ts. */
  action: string;
  label: string;
  value: string;
  style?: ButtonStyle;
}

export interface Option {
  label: string;
  value: string;
}

export interface Select {
  type: 'select';
  action: string;
  placeholder: string;
  options: Option[];
  initial?: string;
}

/**
 * One of the platform's own channels, picked from its list (Slack: conversations_select; the sandbox
 * lists its channels). The click comes back as `action` with `value`, and the channel in
 * RequestMeta.pickedChannel: a picked channel names one conversation for sure, a typed #name does not.
 */
export interface ChannelPicker {
  type: 'channel_picker';
  action: string;
  placeholder: string;
  value: string;
  /** Said instead where a platform cannot carry this value with the pick (Slack: over its block_id limit). */
  unavailable?: string;
}

export type Control = Button | Select | ChannelPicker;

/** A form the user fills in (Slack modal, sandbox dialog, WeCom H5 page later). */
export interface Form {
  /** Routes the submission back to its handler. */
  id: string;
  title: string;
  submitLabel: string;
  closeLabel: string;
  /** Opaque state carried through the form round-trip (≤ 3000 chars). */
  state: string;
  inputs: Input[];
}

interface InputBase {
  id: string;
  label: string;
  optional?: boolean;
  hint?: string;
}

export type Input =
  | (InputBase & { type: 'text'; multiline?: boolean; initial?: string; placeholder?: string; maxLength?: number })
  | (InputBase & { type: 'select'; options: Option[]; initial?: string })
  /** A customer picker that searches as the user types (Slack external_select). */
  | (InputBase & { type: 'customer'; initial?: Option; placeholder?: string })
  /** A calendar date, value YYYY-MM-DD. */
  | (InputBase & { type: 'date'; initial?: string });

export type FormValues = Record<string, string | undefined>;

/** Helpers so handlers read like the message they build. */
export const block = {
  header: (text: string): Block => ({ type: 'header', text }),
  section: (text: string, accessory?: Button): Block => (accessory ? { type: 'section', text, accessory } : { type: 'section', text }),
  fields: (fields: Field[]): Block => ({ type: 'fields', fields }),
  context: (text: string): Block => ({ type: 'context', text }),
  actions: (...elements: Control[]): Block => ({ type: 'actions', elements }),
  divider: (): Block => ({ type: 'divider' }),
  rating: (action: string, options: Option[]): Block => ({ type: 'rating', action, options }),
  choices: (action: string, placeholder: string, options: Option[], total?: number): Block =>
    total !== undefined && total > options.length ? { type: 'choices', action, placeholder, options, total } : { type: 'choices', action, placeholder, options },
};

export function button(action: string, label: string, value: string, style?: ButtonStyle): Button {
  return style ? { type: 'button', action, label, value, style } : { type: 'button', action, label, value };
}

export function privateReply(text: string, blocks: Block[] = [block.section(text)]): Reply {
  return { visibility: 'private', text, blocks };
}
