// Text conversions between the neutral markup (**bold**, `code`) and Slack.
// Outgoing: Slack mrkdwn requires &, < and > escaped (they start entities, links and mentions);
// **bold** becomes *bold*; `code` is the same in both. Other Slack mrkdwn characters (_ ~ *) in
// user data are left as typed: Slack has no escape for them, and altering names would be worse.
// Incoming: Slack's escaped text (<https://x|label>, <#C1|sales>, &amp;) becomes plain text,
// except user mentions, which stay <@U123> (the chat grammar resolves them to platform users).

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

/** Like truncate, for mrkdwn: also never leaves half an entity such as "&am" at the cut. */
export function truncateMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  const cut = truncate(mrkdwn, max).slice(0, -ELLIPSIS.length);
  return cut.replace(/&[a-z]{0,4}$/, '') + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Neutral markup → Slack mrkdwn (escaped). */
export function toMrkdwn(markup: string): string {
  return escapeMrkdwn(markup).replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '*$1*');
}

/** Neutral markup → plain text (header, button labels, modal titles: Slack shows no formatting there). */
export function toPlainText(markup: string): string {
  return markup.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1');
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
