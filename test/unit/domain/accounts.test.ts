// Where a person's notifications go, and how ADMIN_USER_IDS entries name their platform.
import { describe, expect, it } from 'vitest';
import { notifyAccountOf } from '../../../src/domain/accounts.js';
import { looksLikeLinkCode } from '../../../src/domain/account-links.js';
import { isListedAdmin, parseAdminEntry } from '../../../src/domain/staff.js';
import type { PlatformAccount } from '../../../src/domain/types.js';
import { loadConfig } from '../../../src/config/env.js';

const account = (platform: string, lastUsedAt: string | null): PlatformAccount => ({ platform, externalId: `${platform}-id`, workspaceId: '', lastUsedAt: lastUsedAt ? new Date(lastUsedAt) : null });

describe('notifyAccountOf', () => {
  const accounts = [account('slack', '2026-11-24T02:00:00Z'), account('sandbox', '2026-11-24T03:00:00Z'), account('wecom', null)];

  it('is the account used most recently when the person chose nothing', () => {
    expect(notifyAccountOf({ accounts, notifyPlatform: null })?.platform).toBe('sandbox');
    expect(notifyAccountOf({ accounts: [account('wecom', null), account('slack', null)], notifyPlatform: null })?.platform).toBe('wecom');
  });

  it('is the chosen platform while the person has an account there', () => {
    expect(notifyAccountOf({ accounts, notifyPlatform: 'wecom' })?.platform).toBe('wecom');
    expect(notifyAccountOf({ accounts: accounts.slice(0, 2), notifyPlatform: 'wecom' })?.platform).toBe('sandbox');
    expect(notifyAccountOf({ accounts: [], notifyPlatform: null })).toBeNull();
  });
});

describe('ADMIN_USER_IDS', () => {
  it('reads slack:U123, wecom:zhangsan and a bare id (Slack)', () => {
    expect(parseAdminEntry('U0ADMIN001')).toEqual({ platform: 'slack', externalId: 'U0ADMIN001' });
    expect(parseAdminEntry('slack:U0ADMIN001')).toEqual({ platform: 'slack', externalId: 'U0ADMIN001' });
    expect(parseAdminEntry('wecom:zhangsan')).toEqual({ platform: 'wecom', externalId: 'zhangsan' });
    for (const bad of ['teams:x', 'wecom:', 'a b', 'slack:U1:U2']) expect(parseAdminEntry(bad), bad).toBeNull();
  });

  it('makes only the named account an admin: a bare id is Slack (and the local sandbox), never WeCom', () => {
    const entries = new Set(['U0ADMIN001', 'wecom:zhangsan']);
    expect(isListedAdmin(entries, 'slack', 'U0ADMIN001')).toBe(true);
    expect(isListedAdmin(entries, 'sandbox', 'U0ADMIN001')).toBe(true);
    expect(isListedAdmin(entries, 'wecom', 'U0ADMIN001')).toBe(false);
    expect(isListedAdmin(entries, 'wecom', 'zhangsan')).toBe(true);
    expect(isListedAdmin(entries, 'slack', 'zhangsan')).toBe(false);
  });

  it('is checked at start-up, naming the accepted forms', () => {
    expect(loadConfig({ ADMIN_USER_IDS: 'U01, slack:U02 ,wecom:zhangsan' }).adminUserIds).toEqual(['U01', 'slack:U02', 'wecom:zhangsan']);
    expect(() => loadConfig({ ADMIN_USER_IDS: 'U01,teams:bob' })).toThrow(/ADMIN_USER_IDS must be .*wecom:zhangsan/);
  });
});

describe('link codes', () => {
  it('are 10 characters of an unambiguous alphabet, typed with or without the dash, in any case', () => {
    expect(looksLikeLinkCode('K7M2Q-9XH4T')).toBe(true);
    expect(looksLikeLinkCode('k7m2q9xh4t')).toBe(true);
    expect(looksLikeLinkCode('K7M2Q-9XH4')).toBe(false);
    expect(looksLikeLinkCode('O0I1L-UUUUU')).toBe(false);
  });
});
