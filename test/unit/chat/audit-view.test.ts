// The audit trail reads as sentences in the reader's language and timezone, for every action the
// code writes (found in the source, so a new action without a sentence fails here).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewIn } from '../../../src/chat/context.js';
import { auditSentence, auditTrailReply } from '../../../src/chat/views/audit.js';
import { ERASED_VALUE } from '../../../src/domain/audit.js';
import type { AuditEvent, Customer, User } from '../../../src/domain/types.js';

const tierNames = { core: { en: 'Core', zh: '核心' } };
const en = viewIn('en', 'Asia/Shanghai', { tierNames });
const zh = viewIn('zh', 'Asia/Shanghai', { tierNames });

const user = (id: number, displayName: string): User => ({
  id, accounts: [{ platform: 'slack', externalId: `U${id}`, workspaceId: 'T1', lastUsedAt: null }], notifyPlatform: null, displayName, role: 'rep', locale: null, localeSeenAt: null, timezone: null, managerId: null,
  workingHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
});
const people = new Map([[1, user(1, 'Alice')], [2, user(2, 'Bob Smith')], [3, user(3, '李雷')]]);

let nextId = 1;
function event(action: string, actorId: number | null, before?: object, after?: object, entity: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: nextId++, actorId, action, entityType: 'customer', entityId: '7',
    before: before ? JSON.stringify(before) : null, after: after ? JSON.stringify(after) : null,
    at: new Date('2026-12-03T06:05:00Z'), ...entity,
  };
}

describe('audit sentences', () => {
  it('the owner change of the issue, in English and Chinese, with names instead of ids', () => {
    const e = event('customer.reassign', 2, { ownerId: 1 }, { ownerId: 2 });
    expect(auditSentence(en, people, e, 'Acme Trading')).toBe('Bob Smith changed the owner of Acme Trading from Alice to Bob Smith');
    expect(auditSentence(zh, people, event('customer.reassign', 3, { ownerId: 1 }, { ownerId: 2 }), '华东贸易')).toBe('李雷 将 华东贸易 的负责人由 Alice 改为 Bob Smith');
  });

  it('a trail line starts with the time in the reader’s timezone and language', () => {
    const customer = { id: 7, name: 'Acme Trading', erasedAt: null } as Customer;
    const e = event('customer.reassign', 2, { ownerId: 1 }, { ownerId: 2 });
    expect(auditTrailReply(en, { customer, events: [e], people }).text).toContain('**Thu 3 Dec 2026 14:05** Bob Smith changed the owner of **Acme Trading** from Alice to Bob Smith');
    expect(auditTrailReply(zh, { customer, events: [e], people }).text).toContain('**2026年12月3日 周四 14:05** Bob Smith 将 **Acme Trading** 的负责人由 Alice 改为 Bob Smith');
    expect(auditTrailReply(viewIn('en', 'Europe/London', { tierNames }), { customer, events: [e], people }).text).toContain('**Thu 3 Dec 2026 06:05**');
  });

  it('an edit names each field by its label and shows values as the card does', () => {
    const e = event('customer.edit', 1, { region: 'West', lifecycleStage: 'active', totalSpend: 0, language: null }, { region: 'East', lifecycleStage: 'at_risk', totalSpend: 1200.5, language: 'zh' });
    expect(auditSentence(en, people, e, 'Acme')).toBe('Alice changed Acme: the region from West to East, the stage from Active to At risk, the spend from CN¥0 to CN¥1,200.50, and the language to Chinese');
    expect(auditSentence(zh, people, e, '华东贸易')).toBe('Alice 修改了 华东贸易：地区由 West 改为 East、阶段由 活跃 改为 流失风险、消费由 ¥0 改为 ¥1,200.50和语言设为 中文');
    // One field: the sentence of the issue.
    const one = event('customer.edit', 3, { region: 'West' }, { region: 'East' });
    expect(auditSentence(en, people, one, 'Acme')).toBe('李雷 changed the region of Acme from West to East');
    expect(auditSentence(zh, people, one, '华东贸易')).toBe('李雷 将 华东贸易 的地区由 West 改为 East');
    expect(auditSentence(en, people, event('customer.edit', 1, {}, { industry: 'Steel' }), 'Acme')).toBe('Alice set the industry of Acme to Steel');
  });

  it('erased values read as erased in the reader’s language; an erased customer by its placeholder', () => {
    const created = event('customer.create', 1, undefined, { name: ERASED_VALUE, phone: ERASED_VALUE, tags: ['vip'], ownerId: 1 });
    expect(auditSentence(zh, people, created, 'X')).toBe('Alice 创建了客户 X：电话 [已删除]、标签 vip和负责人 Alice');
    const customer = { id: 7, name: 'Erased customer #7', erasedAt: new Date() } as Customer;
    expect(auditTrailReply(zh, { customer, events: [created], people }).text).toContain('已删除的客户 #7 的审计记录');
  });

  it('what people typed stays as typed', () => {
    const e = event('customer.stage', 1, { lifecycleStage: 'active' }, { lifecycleStage: 'at_risk', reason: 'switched **all** `orders`' });
    expect(auditSentence(en, people, e, 'Acme')).toBe('Alice set the stage of Acme to At risk: “switched \\*\\*all\\*\\* \\`orders\\`”');
  });

  it('the system acts too, and an action without a sentence still says who, what and which values', () => {
    expect(auditSentence(en, people, event('user.role', null, { role: 'rep' }, { role: 'admin', reason: 'ADMIN_USER_IDS' }, { entityType: 'user', entityId: '1' }), 'Alice')).toBe('system made Alice admin');
    expect(auditSentence(en, people, event('invoice.send', 2, undefined, { amount: 5 }), 'Acme')).toBe('Bob Smith: `invoice.send` on Acme: the amount to 5');
    expect(auditSentence(zh, people, event('invoice.send', 2), '华东贸易')).toBe('Bob Smith：`invoice.send`（华东贸易）');
  });

  it('plurals in the sentences', () => {
    expect(auditSentence(en, people, event('privacy.erase', 1, undefined, { contactsRedacted: 1, pollAnswersRedacted: 2 }), 'Acme')).toBe(
      'Alice erased the personal data of Acme (1 contact summary and 2 poll answers cleared)',
    );
    expect(auditSentence(en, people, event('user.handover', 1, undefined, { successorId: 2, customers: 1 }, { entityType: 'user', entityId: '3' }), '李雷')).toBe(
      'Alice handed 1 customer of 李雷 over to Bob Smith',
    );
  });
});

/** Every `action: '…'` the domain and the store write, read from the source. */
function writtenActions(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) found.add(m[1] ?? '');
    }
  };
  walk('src/domain');
  walk('src/store');
  return [...found].sort();
}

describe('coverage', () => {
  const samples: Record<string, [object | undefined, object | undefined]> = {
    'customer.create': [undefined, { name: 'Acme', region: 'East' }],
    'customer.edit': [{ region: 'West' }, { region: 'East' }],
    'customer.reassign': [{ ownerId: 1 }, { ownerId: 2, reason: 'handover' }],
    'customer.share': [undefined, { sharedWith: 2 }],
    'customer.unshare': [{ sharedWith: 2 }, undefined],
    'customer.stage': [{ lifecycleStage: 'active' }, { lifecycleStage: 'auto', reason: '' }],
    'contact.log': [undefined, { contactId: 1, channel: 'email', source: 'command', nextFollowUpAt: '2026-12-10T01:00:00Z' }],
    'callback.remind': [undefined, { callbackId: 1, dueAt: '2026-12-10T01:00:00Z' }],
    'callback.done': [undefined, { callbackId: 1 }],
    'callback.snooze': [undefined, { callbackId: 1, until: '2026-12-10T01:00:00Z' }],
    'poll.create': [undefined, { pollId: 4, kind: 'nps', anonymous: false }],
    'poll.close': [undefined, { pollId: 4 }],
    'privacy.export': [undefined, undefined],
    'privacy.erase': [undefined, { contactsRedacted: 3, pollAnswersRedacted: 0 }],
    'access.denied': [undefined, { reason: 'not_team' }],
    'user.first_contact': [undefined, { platform: 'slack', role: 'rep' }],
    'user.role': [{ role: 'rep' }, { role: 'manager' }],
    'user.hours': [{ start: '09:00', end: '18:00' }, { start: '10:00', end: '19:00', timezone: 'Asia/Shanghai' }],
    'team.add': [{ managerId: null }, { managerId: 2 }],
    'team.remove': [{ managerId: 2 }, { managerId: null }],
    'user.handover': [undefined, { successorId: 2, customers: 3 }],
    'survey.schedule': [undefined, { kind: 'csat', tier: 'core', cron: '0 9 1 * *', cooldownDays: 60 }],
    'survey.cancel': [undefined, undefined],
  };

  it('every action the code writes has a sentence of its own, in both languages', () => {
    const actions = writtenActions();
    expect(actions.length).toBeGreaterThan(20);
    for (const action of actions) {
      const [before, after] = samples[action] ?? [undefined, undefined];
      for (const ctx of [en, zh]) {
        const sentence = auditSentence(ctx, people, event(action, 1, before, after), 'Acme');
        // The fallback shows the raw action name; a sentence of its own never does.
        expect(sentence, `${ctx.locale} ${action}`).not.toContain(`\`${action}\``);
        expect(sentence, `${ctx.locale} ${action}`).not.toMatch(/\{\w+\}|undefined|NaN|\[object/);
        expect(sentence, `${ctx.locale} ${action}`).toContain('Alice');
      }
    }
  });

  it('reads the samples as the issue wants them', () => {
    const say = (action: string) => auditSentence(en, people, event(action, 1, ...(samples[action] ?? [undefined, undefined])), 'Acme');
    expect(say('contact.log')).toBe('Alice logged an email with Acme, next follow-up Thu 10 Dec 2026');
    expect(say('customer.reassign')).toBe('Alice handed Acme over from Alice to Bob Smith');
    expect(say('customer.share')).toBe('Alice shared Acme with Bob Smith');
    expect(say('callback.snooze')).toBe('Alice snoozed a callback to Acme until Thu 10 Dec 2026 09:00');
    expect(say('poll.create')).toBe('Alice started NPS poll #4 for Acme');
    expect(say('access.denied')).toBe('Alice was refused `7`: this customer is not in your team.');
  });
});
