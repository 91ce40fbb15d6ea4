// The grammar reads a mention in any platform's form: Slack's `<@U…>`, a typed `@id` (WeCom and
// plain text), and a platform-qualified `@wecom:zhangsan` naming an account on another platform.
import { describe, expect, it } from 'vitest';
import { mentionText } from '../../../src/chat/customer-ref.js';
import { parseCommand } from '../../../src/chat/grammar.js';
import { parseMention } from '../../../src/chat/text/tokenize.js';

const ok = (text: string) => {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${JSON.stringify(result.error)}`);
  return result.command;
};

describe('mentions in any platform’s form', () => {
  it('parseMention reads a platform-qualified @platform:id', () => {
    expect(parseMention('@wecom:zhangsan')).toEqual({ id: 'zhangsan', plain: true, platform: 'wecom' });
    expect(parseMention('＠sandbox:bob')).toEqual({ id: 'bob', plain: true, platform: 'sandbox' });
    expect(parseMention('@slack:U0ANN')).toEqual({ id: 'U0ANN', plain: true, platform: 'slack' });
    // Not a platform's name before the colon: the whole text is the id, as before.
    expect(parseMention('@Bob:x')).toEqual({ id: 'Bob:x', plain: true });
    expect(parseMention('@wecom:')).toEqual({ id: 'wecom:', plain: true });
  });

  it('every command that names a person takes all three forms', () => {
    expect(ok('customer share Acme <@U0ANN>')).toMatchObject({ kind: 'customer.share', user: { id: 'U0ANN' } });
    expect(ok('customer share Acme @zhangsan')).toMatchObject({ kind: 'customer.share', user: { id: 'zhangsan', plain: true } });
    expect(ok('customer share Acme @wecom:zhangsan')).toMatchObject({ kind: 'customer.share', user: { id: 'zhangsan', plain: true, platform: 'wecom' } });
    expect(ok('customer assign Acme @wecom:lisi')).toMatchObject({ kind: 'customer.assign', user: { id: 'lisi', platform: 'wecom' } });
    expect(ok('customer add Acme owner=@wecom:zhangsan')).toMatchObject({ kind: 'customer.add', options: { owner: { id: 'zhangsan', platform: 'wecom' } } });
  });

  it('a qualified mention is written back the way it was typed (a rerun after a choice)', () => {
    expect(mentionText({ id: 'zhangsan', plain: true, platform: 'wecom' })).toBe('@wecom:zhangsan');
    expect(mentionText({ id: 'bob', plain: true })).toBe('@bob');
    expect(mentionText({ id: 'U0ANN' })).toBe('<@U0ANN>');
    const again = ok(`customer share #3 ${mentionText({ id: 'zhangsan', plain: true, platform: 'wecom' })}`);
    expect(again).toMatchObject({ user: { id: 'zhangsan', platform: 'wecom' } });
  });
});
