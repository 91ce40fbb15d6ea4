// `/crm link …` and `/crm settings notify …` as typed, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/chat/grammar.js';

const command = (text: string) => {
  const parsed = parseCommand(text);
  return parsed.ok ? parsed.command : { error: parsed.error.code, subject: parsed.error.subject };
};

describe('link', () => {
  it('shows, redeems, removes and links for an admin', () => {
    expect(command('link')).toEqual({ kind: 'link.show' });
    expect(command('link k7m2q-9xh4t')).toEqual({ kind: 'link.redeem', code: 'K7M2Q9XH4T' });
    expect(command('关联 K7M2Q 9XH4T')).toEqual({ kind: 'link.redeem', code: 'K7M2Q9XH4T' });
    expect(command('link remove WeCom')).toEqual({ kind: 'link.remove', platform: 'wecom' });
    expect(command('关联 解除 slack')).toEqual({ kind: 'link.remove', platform: 'slack' });
    expect(command('link <@U0ANN00001> wecom:zhangsan')).toEqual({ kind: 'link.admin', user: { id: 'U0ANN00001' }, account: { platform: 'wecom', externalId: 'zhangsan' }, merge: false });
    expect(command('link <@U0ANN00001> sandbox:rep-ann 合并')).toMatchObject({ kind: 'link.admin', merge: true });
  });

  it('refuses what is not a code, a platform or an account, naming it', () => {
    expect(command('link 12345')).toEqual({ error: 'invalid_value', subject: '12345' });
    // Any platform name a module may register is read; whether the person has an account there is the domain's to say.
    expect(command('link remove teams')).toEqual({ kind: 'link.remove', platform: 'teams' });
    expect(command('link remove "slack"')).toMatchObject({ error: 'invalid_value' });
    expect(command('link remove 9lives')).toMatchObject({ error: 'invalid_value' });
    expect(command('link remove')).toMatchObject({ error: 'missing_argument' });
    expect(command('link <@U0ANN00001> zhangsan')).toEqual({ error: 'invalid_value', subject: 'zhangsan' });
    expect(command('link <@U0ANN00001> 9teams:zhangsan')).toEqual({ error: 'invalid_value', subject: '9teams:zhangsan' });
    expect(command('link <@U0ANN00001> wecom:zhangsan now')).toEqual({ error: 'unexpected_argument', subject: 'now' });
  });
});

describe('settings notify', () => {
  it('chooses a platform or goes back to the one used last', () => {
    expect(command('settings notify sandbox')).toEqual({ kind: 'settings.notify', platform: 'sandbox' });
    expect(command('设置 通知 自动')).toEqual({ kind: 'settings.notify', platform: null });
    expect(command('settings notify')).toMatchObject({ error: 'missing_argument' });
    expect(command('settings notify teams')).toEqual({ kind: 'settings.notify', platform: 'teams' });
    expect(command('settings notify "sandbox"')).toMatchObject({ error: 'invalid_value' });
    // The existing settings commands are unchanged.
    expect(command('settings hours 10:00-19:00')).toMatchObject({ kind: 'settings.hours', start: '10:00', end: '19:00' });
  });
});
