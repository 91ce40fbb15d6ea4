// Text conversions between the neutral markup (**bold**, `code`) and Slack.
// Outgoing: Slack mrkdwn requires &, < and > escaped (they start entities, links and mentions);
// **bold** becomes *bold*; `code` is the same in both. User data arrives escaped (chat/markup.ts):
// Slack has no escape for * _ ~ `, so each such character is written as the fallback of a date
// token that cannot be formatted, which Slack always shows as plain text (the way jsx-slack's
// <Escape> does); inside a code span nothing is formatted and the character goes as it is.
// Incoming: Slack's escaped text (<https://x|label>, <#C1|sales>, &amp;) becomes plain text,
// except user mentions, which stay <@U123> (the chat grammar resolves them to platform users).

import { renderEscapes } from '../../chat/markup.js';

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

/** Neutral markup → Slack mrkdwn (escaped). */
export function toMrkdwn(markup: string): string {
  return renderEscapes(escapeMrkdwn(markup), (text) => text.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '*$1*'), slackLiteral);
}

/** Neutral markup → plain text (header, button labels, modal titles: Slack shows no formatting there). */
export function toPlainText(markup: string): string {
  return renderEscapes(markup, (text) => text.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1'), (char) => char);
}

/** Slack message text (as in events, shortcuts and escaped slash commands) → plain text. */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<([^<>]+)>/g, (_all, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return `<${target}>`; // user mention: canonical form, name dropped
      if (target.startsWith('#')) return label !== undefined ? `#${label}` : target;
      if (target.startsWith('!subteam^')) return label ?? '@group';
      if (target.startsWith('!date^')) return label ?? ''; // <!date^…|fallback text>
      if (target.startsWith('!')) return `@${target.slice(1).split('^')[0] ?? ''}`; // !here, !channel
      const address = target.replace(/^(?:mailto|tel):/, ''); // Slack links emails and phone numbers
      if (label !== undefined && label !== address) return `${label} (${address})`;
      return address;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
