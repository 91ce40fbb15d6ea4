// What people type is shown as they typed it: escaped by the views (chat/markup.ts), unescaped by
// each renderer, while the bot's own **bold** and `code` still format.
import { describe, expect, it } from 'vitest';
import { viewIn } from '../../../src/chat/context.js';
import { customerName, literal } from '../../../src/chat/markup.js';
import { personLabel, personName } from '../../../src/chat/format.js';
import { sandboxPage } from '../../../src/platforms/sandbox/page.js';
import { toMrkdwn, toPlainText, truncateMrkdwn } from '../../../src/platforms/slack/text.js';

const TYPED = 'Acme **VIP** `x` _y_ ~z~ C:\\dir';
const DATE = (c: string) => `<!date^00000000^{_}|${c}>`;

/** The page's own markup function, taken from the page as the browser gets it. */
function sandboxMarkup(): (s: string) => string {
  const html = sandboxPage();
  const start = html.indexOf('const esc = ');
  const end = html.indexOf('\nasync function api');
  return new Function(`${html.slice(start, end)}\nreturn markup;`)() as (s: string) => string;
}

describe('literal', () => {
  it('escapes the markup’s characters and those Slack would format', () => {
    expect(literal(TYPED)).toBe('Acme \\*\\*VIP\\*\\* \\`x\\` \\_y\\_ \\~z\\~ C:\\\\dir');
    expect(literal('华东贸易 (Shanghai) #3')).toBe('华东贸易 (Shanghai) #3');
  });

  it('an erased customer is called by a placeholder in the reader’s language', () => {
    const erased = { id: 4, name: 'Erased customer #4', erasedAt: new Date() };
    expect(customerName(viewIn('zh', 'UTC', { tierNames: {} }), erased)).toBe('已删除的客户 #4');
    expect(customerName(viewIn('en', 'UTC', { tierNames: {} }), { ...erased, name: 'A*B', erasedAt: null })).toBe('A\\*B');
  });
});

describe('Slack', () => {
  it('shows typed characters as typed and formats the bot’s markup', () => {
    const mrkdwn = toMrkdwn(`**Customer** ${literal(TYPED)} \`code\``);
    expect(mrkdwn).toBe(`*Customer* Acme ${DATE('*')}${DATE('*')}VIP${DATE('*')}${DATE('*')} ${DATE('`')}x${DATE('`')} ${DATE('_')}y${DATE('_')} ${DATE('~')}z${DATE('~')} C:\\dir \`code\``);
  });

  it('inside a code span the character goes as it is (Slack formats nothing there)', () => {
    expect(toMrkdwn(`\`${literal('a_b*c')}\``)).toBe('`a_b*c`');
  });

  it('plain text has neither formatting nor escapes', () => {
    expect(toPlainText(`**Customer** ${literal(TYPED)}`)).toBe(`Customer ${TYPED}`);
  });

  it('a cut never leaves half a date token', () => {
    const mrkdwn = toMrkdwn(`abc ${literal('*')}`);
    expect(truncateMrkdwn(mrkdwn, 10)).toBe('abc …');
  });

  it('HTML-like text still arrives escaped', () => {
    expect(toMrkdwn(literal('<@U123> & co'))).toBe('&lt;@U123&gt; &amp; co');
  });
});

describe('sandbox page', () => {
  it('shows typed characters as typed and formats the bot’s markup', () => {
    const markup = sandboxMarkup();
    expect(markup(`**Customer** ${literal(TYPED)} \`code\``)).toBe('<b>Customer</b> Acme **VIP** `x` _y_ ~z~ C:\\dir <code>code</code>');
    expect(markup(literal('<script>'))).toBe('&lt;script&gt;');
  });
});

describe('people’s names', () => {
  const person = { id: 1, displayName: '_bob_ *the* builder', accounts: [{ platform: 'slack', externalId: 'U1' }] } as unknown as Parameters<typeof personName>[0];

  it('are shown as typed inside markup, and as they are in plain-text labels', () => {
    expect(personName(person)).toBe('\\_bob\\_ \\*the\\* builder');
    expect(toMrkdwn(`Owner: ${personName(person)}`)).not.toMatch(/(^|[^|])_bob_/);
    expect(toPlainText(personName(person))).toBe('_bob_ *the* builder');
    expect(personLabel(person)).toBe('_bob_ *the* builder');
    expect(personName(null)).toBe('—');
  });
});
