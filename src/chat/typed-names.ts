// Names as people type them, read before the grammar parses a command: a customer's name with
// spaces ("log Blue Cedar Apparel call …") gets the quotes the grammar needs, and a person named
// by display name ("@Bob Smith", "@bob", "@李雷", owner=@bob) is written as their platform id.
// Several people → a choice that re-runs the command; nobody → a reply naming what was typed.
import { accountOn } from '../domain/accounts.js';
import { nearMisses } from '../domain/name-match.js';
import { peopleNamed, type PeopleMatch } from '../domain/users.js';
import type { User } from '../domain/types.js';
import type { ChatContext } from './context.js';
import { personLabel, preview } from './format.js';
import { literal } from './markup.js';
import { channelFromWord } from './grammar.js';
import { argumentSpans } from './grammar-spans.js';
import { ACTIONS } from './ids.js';
import { block, type Reply } from './reply.js';
import { normalizeName } from './text/normalize.js';
import { parseMention, splitOption, tokenize, type Token } from './text/tokenize.js';

/** Longest unquoted customer name tried, in words. */
const MAX_NAME_WORDS = 8;
/** Longest display name tried after an @, in words ("@Mary Ann de Vries"). */
const MAX_PERSON_WORDS = 4;
const OWNER_KEYS = ['owner', '负责人'];
/** A person the grammar can be given back as a plain `@id`. */
const writable = (platform: string) => (person: User) => {
  const id = accountOn(person, platform)?.externalId;
  return id !== undefined && parseMention(`@${id}`)?.id === id;
};
/** The person's id on the platform of the request (the directory lists only people who have one). */
const idOn = (platform: string, person: User) => accountOn(person, platform)?.externalId ?? '';

export type TypedNames = { ok: true; text: string } | { ok: false; reply: Reply };

export async function readTypedNames(ctx: ChatContext, input: string): Promise<TypedNames> {
  return readPeople(ctx, await quoteCustomerName(ctx, input));
}

/** A word that may be part of a name typed without quotes. */
function plainWord(token: Token): boolean {
  return !token.quoted && !splitOption(token) && !parseMention(token.text) && !token.text.startsWith('<');
}

/** The text in quotes the tokenizer reads back as one token, or null when it holds both kinds. */
function quoted(text: string): string | null {
  if (!text.includes('"')) return `"${text}"`;
  if (!/[「」]/.test(text)) return `「${text}」`;
  return null;
}

function replaceSpan(input: string, start: number, end: number, replacement: string): string {
  return input.slice(0, start) + replacement + input.slice(end);
}

async function quoteCustomerName(ctx: ChatContext, input: string): Promise<string> {
  const tokenized = tokenize(input);
  if (!tokenized.ok) return input;
  const tokens = tokenized.tokens;
  const span = argumentSpans(tokens).customer;
  if (!span) return input;
  const run: Token[] = [];
  for (let i = span.index; i < tokens.length && plainWord(tokens[i]!); i++) run.push(tokens[i]!);
  if (run.length < 2) return input;
  const start = run[0]!.start;
  let words = 0;
  if (span.extent === 'rest') words = span.index + run.length === tokens.length ? run.length : 0;
  else if (span.extent === 'untilOption') words = run.length;
  else {
    const phrases = run.slice(1, MAX_NAME_WORDS).map((last) => input.slice(start, last.end));
    const known = await ctx.domain.customers.longestKnownName(phrases);
    words = known === null ? 0 : phrases.indexOf(known) + 2;
    // `remind Blue Cedar tomorrow …`, `stage Blue Cedar Aparel active …`: a part of a name, or a typo, over several words.
    if (words === 0 && span.extent === 'known') {
      const part = await ctx.domain.customers.longestNamePart(ctx.actor, phrases);
      words = part === null ? 0 : phrases.indexOf(part) + 2;
    }
    // `log Blue Cedar call …` with no customer of that whole name: the words before the channel, found as any part of a name is.
    if (words === 0 && span.extent === 'beforeChannel') words = run.findIndex((token, n) => n > 0 && channelFromWord(token.text) !== undefined);
  }
  if (words < 2) return input;
  const end = run[words - 1]!.end;
  const replacement = quoted(input.slice(start, end));
  return replacement === null ? input : replaceSpan(input, start, end, replacement);
}

interface TypedMention {
  /** Where what is replaced by the person's id starts: the @, or the quoted value of owner="@…". */
  start: number;
  /** Where the name after the @ starts. */
  nameStart: number;
  first: string;
  /** owner="@Bob Smith": the whole name is in the quotes, no words follow. */
  quotedName?: string;
}

/** A person named by another platform's id (`@wecom:zhangsan`): an account, not a name to look up. */
const qualified = (mention: ReturnType<typeof parseMention>) => mention !== null && 'plain' in mention && mention.platform !== undefined;

/** A typed `@name` in this token (alone, or as the owner= value), or null. */
function typedMention(token: Token): TypedMention | null {
  const mention = parseMention(token.text);
  if (qualified(mention)) return null;
  if (mention && 'plain' in mention) return { start: token.start, nameStart: token.start + 1, first: mention.id };
  const option = splitOption(token);
  if (!option || !OWNER_KEYS.includes(option.key.toLowerCase())) return null;
  const valueStart = token.start + option.key.length + 1;
  if (token.quoted && /^[@＠]\S/.test(option.value)) return { start: valueStart, nameStart: valueStart, first: option.value.slice(1), quotedName: option.value.slice(1) };
  const value = parseMention(option.value);
  if (qualified(value)) return null;
  return value && 'plain' in value ? { start: valueStart, nameStart: valueStart + 1, first: value.id } : null;
}

async function readPeople(ctx: ChatContext, input: string): Promise<TypedNames> {
  const tokenized = tokenize(input);
  if (!tokenized.ok) return { ok: true, text: input };
  const tokens = tokenized.tokens;
  const from = argumentSpans(tokens).peopleFrom;
  if (from === undefined) return { ok: true, text: input };
  let directory: User[] | null = null;
  let text = input;
  let shift = 0; // how much longer `text` is than `input` before the current token
  for (let i = from; i < tokens.length; i++) {
    const mention = typedMention(tokens[i]!);
    if (!mention) continue;
    directory ??= await ctx.domain.users.directory(ctx.speaker.platform);
    const found = whoIsMeant(input, tokens, i, mention, directory);
    const start = mention.start + shift;
    const end = found.end + shift;
    const typed = text.slice(start, end);
    const rerun = (person: User) => replaceSpan(text, start, end, `@${idOn(ctx.speaker.platform, person)}`);
    const usable = found.people.filter(writable(ctx.speaker.platform));
    if (found.people.length === 0) return { ok: false, reply: personReply(ctx, ctx.t('person.unknown', { typed: literal(typed) }), []) };
    // A typo is asked about even when only one person is that close.
    if (found.nearMiss) return { ok: false, reply: personReply(ctx, ctx.t('person.did_you_mean', { typed: literal(typed) }), usable.map((p) => ({ person: p, command: rerun(p) }))) };
    if (found.people.length > 1) return { ok: false, reply: personReply(ctx, ctx.t('person.ambiguous', { typed: literal(typed) }), usable.map((p) => ({ person: p, command: rerun(p) }))) };
    if (usable.length === 0) continue;
    text = rerun(usable[0]!);
    shift = text.length - input.length;
    i += found.words - 1;
  }
  return { ok: true, text };
}

/**
 * The people an @ at token i means. A whole display name over several words wins, longest first
 * ("@Bob Smith" before "@Bob"), then one a typo away over several words ("@Bob Smiht", asked
 * about); a single word is read as any mention is (id, name, start of a name, typo).
 */
function whoIsMeant(input: string, tokens: Token[], i: number, mention: TypedMention, directory: User[]): PeopleMatch & { words: number; end: number } {
  if (mention.quotedName !== undefined) return { ...peopleNamed(mention.quotedName, directory), words: 1, end: tokens[i]!.end };
  let last = i;
  while (last + 1 < tokens.length && last - i + 1 < MAX_PERSON_WORDS && plainWord(tokens[last + 1]!)) last++;
  const named = directory.filter((p) => p.displayName !== '');
  const phrases = [];
  for (let j = last; j > i; j--) phrases.push({ key: normalizeName(input.slice(mention.nameStart, tokens[j]!.end)), words: j - i + 1, end: tokens[j]!.end });
  for (const phrase of phrases) {
    const people = named.filter((p) => normalizeName(p.displayName) === phrase.key);
    if (people.length > 0) return { people, nearMiss: false, ...phrase };
  }
  for (const phrase of phrases) {
    const people = nearMisses(phrase.key, named.filter((p) => p.displayName.trim().includes(' ')), (p) => normalizeName(p.displayName), 5);
    if (people.length > 0) return { people, nearMiss: true, ...phrase };
  }
  return { ...peopleNamed(mention.first, directory), words: 1, end: tokens[i]!.end };
}

function personReply(ctx: ChatContext, text: string, choices: Array<{ person: User; command: string }>): Reply {
  const lines = choices.map((c) => `${personLabel(c.person)} (@${idOn(ctx.speaker.platform, c.person)})`);
  const blocks = [block.section(`⚠️ ${text}`)];
  // A list of choices: buttons when few, a select when many, the rest counted (layout.ts).
  if (choices.length > 0) blocks.push(block.choices(ACTIONS.runCommand, ctx.t('person.choose'), choices.map((c, n) => ({ label: preview(lines[n]!, 70), value: c.command }))));
  // Names and ids in the text are shown as they are (a display name's `_` is not italics).
  return { visibility: 'private', text: [`⚠️ ${text}`, ...lines.map(literal)].join('\n'), blocks };
}
