// Text conversions between the neutral markup (**bold**, `code`) and Slack.
// Outgoing: Slack mrkdwn requires &, < and > escaped (they start entities, links and mentions);
// **bold** becomes *bold*; `code` is the same in both. User data arrives escaped (chat/markup.ts):
// Slack has no escape for * _ ~ `, so each such character is written as the fallback of a date
// token that cannot be formatted, which Slack always shows as plain text (the way jsx-slack's
// <Escape> does); inside a code span nothing is formatted and the character goes as it is.
// Incoming: Slack's escaped text (<https://x|label>, <mailto:…>, &amp;) becomes plain text, except
// the entities the chat grammar reads: user mentions stay <@U123> and channels <#C123|name>, the
// canonical forms tokenize.ts parses (a platform-picked channel or person, not a typed name).

import { literal, renderEscapes } from '../../chat/markup.js';
import { renderPersonRefs } from '../../chat/person-ref.js';

export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending with an ellipsis when cut.
 * Never splits a surrogate pair (an emoji or a rare CJK character) in half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, Math.max(end, 0)) + ELLIPSIS;
}

/** Like truncate, for mrkdwn: also never leaves half an entity such as "&am" or half a token such as "<!dat" at the cut. */
export function truncateMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  const cut = truncate(mrkdwn, max).slice(0, -ELLIPSIS.length);
  return cut.replace(/&[a-z]{0,4}$/, '').replace(/<[^<>]*$/, '') + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A character Slack shows as typed, never as formatting: the fallback text of a date token no client can format. */
const slackLiteral = (char: string, inCode: boolean): string => (inCode || char === '\\' ? char : `<!date^00000000^{_}|${char}>`);

/** Stands for a Slack mention while the rest is escaped and formatted (ids are [A-Z0-9] only). */
const MENTION_HOLD = /\ue103([A-Z0-9]+)\ue104/g;

/** Neutral markup → Slack mrkdwn (escaped). A person with a Slack account becomes a mention. */
export function toMrkdwn(markup: string): string {
  const held = renderPersonRefs(markup, (p) => (p.platform === 'slack' && /^[A-Z0-9]+$/.test(p.externalId) ? `\ue103${p.externalId}\ue104` : literal(p.name)));
  return renderEscapes(escapeMrkdwn(held), (text) => text.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '*$1*'), slackLiteral).replace(MENTION_HOLD, '<@$1>');
}

/** A label (button, option, placeholder): plain text as written, a person in it by their name. */
export function labelText(label: string): string {
  return renderPersonRefs(label, (p) => p.name);
}

/** Neutral markup → plain text (header, button labels, modal titles: Slack shows no formatting there). */
export function toPlainText(markup: string): string {
  return renderEscapes(renderPersonRefs(markup, (p) => literal(p.name)), (text) => text.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1'), (char) => char);
}

/**
 * Slack message text (as in events, shortcuts, modal text and escaped slash commands) → the text the
 * chat grammar reads: entities it resolves in their canonical form, everything else plain.
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<([^<>]+)>/g, (_all, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return `<${target}>`; // user mention: canonical form, name dropped
      if (target.startsWith('#')) return label ? `<${target}|${label}>` : `<${target}>`; // a picked channel
      if (target.startsWith('!subteam^')) return label ?? '@group';
      if (target.startsWith('!date^')) return label ?? ''; // <!date^…|fallback text>
      if (target.startsWith('!')) return `@${target.slice(1).split('^')[0] ?? ''}`; // !here, !channel
      return linkText(target, label);
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A link as text. Slack links emails and phone numbers by itself (<mailto:a@b.co|a@b.co>,
 * <tel:+8613812345678|138 1234 5678>): the label is then what the person typed, and it is kept
 * alone, so `email=`/`phone=` read the value typed. A label that says something else keeps both.
 */
function linkText(target: string, label: string | undefined): string {
  const scheme = /^(mailto|tel):/.exec(target)?.[1];
  const address = target.slice(scheme ? scheme.length + 1 : 0);
  if (label === undefined || label === '' || label === address) return address;
  if (scheme === 'mailto' && label.toLowerCase() === address.toLowerCase()) return label;
  if (scheme === 'tel' && label.replace(/\D/g, '') !== '' && address.replace(/\D/g, '').endsWith(label.replace(/\D/g, ''))) return label;
  return `${label} (${address})`;
}
