// What people typed, inside the reply model's markup (**bold**, `code`), shown as they typed it.
// Views pass every piece of user data (customer names, summaries, comments, notes, tags) through
// `literal`, which puts a backslash before each character a renderer could take for formatting.
// Renderers (Slack mrkdwn, the sandbox page) undo it with `renderEscapes`: an escaped character is
// hidden from their formatting rules, then written back the way their platform shows it literally.
import type { Customer } from '../domain/types.js';
import type { ViewContext } from './view-context.js';
import { PERSON_REF_CHARS } from './person-ref.js';

/** The markup's own characters, and those Slack's mrkdwn would format (_italic_, ~strike~). */
const SPECIAL = /[\\*`_~]/g;
/** Private-use code points stand in for escaped characters while a renderer formats the rest. */
const HIDDEN_BASE = 0xe000;
const HIDDEN = /[\ue000-\ue0ff]/g;

/** User data for the markup: formatting characters escaped, so `**x**` stays two stars, x, two stars. */
export function literal(text: string): string {
  return text.replace(HIDDEN, '').replace(PERSON_REF_CHARS, '').replace(SPECIAL, '\\$&');
}

/**
 * Formats `markup` with `format`, which never sees an escaped character: each `\c` is hidden, and
 * afterwards `show(c, inCode)` writes it (inCode: inside a `code` span of the formatted output,
 * told by the backticks `format` left — renderers that turn code into tags pass `false`).
 */
export function renderEscapes(markup: string, format: (hidden: string) => string, show: (char: string, inCode: boolean) => string): string {
  const hidden = markup.replace(/\\([\\*`_~])/g, (_all, char: string) => String.fromCharCode(HIDDEN_BASE + char.charCodeAt(0)));
  return format(hidden)
    .split('`')
    .map((part, i) => part.replace(HIDDEN, (c) => show(String.fromCharCode(c.charCodeAt(0) - HIDDEN_BASE), i % 2 === 1)))
    .join('`');
}

/** A customer as the reader sees it: the typed name, or, once erased, a placeholder in the reader's language. */
export function customerName(ctx: Pick<ViewContext, 't'>, customer: Pick<Customer, 'id' | 'name' | 'erasedAt'>): string {
  return customer.erasedAt ? ctx.t('customer.erased_name', { id: customer.id }) : literal(customer.name);
}
