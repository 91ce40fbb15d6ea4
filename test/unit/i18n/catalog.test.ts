// The catalog's own rules: plural forms chosen by Intl.PluralRules, no English count that reads
// "1 customers", articles that fit the noun, and both languages for every key.
import { describe, expect, it } from 'vitest';
import { en, translate, zh, type MessageKey } from '../../../src/i18n/catalog.js';

/** Placeholders that hold a number (a count, a length, a number of days). */
const COUNTS = new Set([
  'count', 'total', 'days', 'orders', 'responses', 'answers', 'satisfied', 'promoters', 'detractors', 'passives', 'sent', 'send', 'recent',
  'cooldown', 'customers', 'changed', 'tierChanges', 'stageChanges', 'newlyAtRisk', 'created', 'updated', 'failed', 'skipped', 'good', 'bad',
  'creates', 'updates', 'contacts', 'done', 'onTime', 'churned', 'wonBack', 'base', 'more', 'length', 'max', 'window', 'atLeast', 'gap', 'up',
  'down', 'cadence', 'usual', 'size', 'pages', 'min', 'csatAnswers', 'npsAnswers', 'value',
]);

function withCounts(key: MessageKey, count: number): string {
  const names = [...en[key].matchAll(/\{(\w+)/g)].map((m) => m[1] ?? '');
  return translate('en', key, Object.fromEntries(names.map((n) => [n, COUNTS.has(n) ? count : 'X'])));
}

describe('plural forms', () => {
  it('picks one or other by the count, and # is the number', () => {
    expect(translate('en', 'poll.responses_average', { responses: 1, average: 4 })).toBe('**1** response · average **4**');
    expect(translate('en', 'poll.responses_average', { responses: 2, average: 4 })).toBe('**2** responses · average **4**');
    expect(translate('en', 'poll.responses_average', { responses: 0, average: 4 })).toBe('**0** responses · average **4**');
    expect(translate('en', 'risk.overdueCallbacks', { count: 1 })).toBe('1 overdue callback');
    expect(translate('en', 'home.team_title', { scope: 'team', total: 2 })).toBe('👥 **Team figures** (team) — 2 customers');
    expect(translate('en', 'tier.recency', { days: 0, rule: 'r', score: 5 })).toBe('Recency: last order today (r) → 5');
  });

  it('keeps several counts in one sentence apart', () => {
    expect(translate('en', 'import.preview.customers', { file: 'a.csv', total: 1, good: 1, creates: 1, updates: 0, bad: 0 })).toBe(
      'a.csv: 1 row — 1 ready (1 new customer, 0 updates), 0 with problems.',
    );
    expect(translate('en', 'survey.preview', { send: 2, recent: 1 })).toBe('Today that would reach 2 customers; 1 was surveyed recently.');
  });

  it('leaves Chinese, which has no plural, as written', () => {
    expect(translate('zh', 'risk.overdueCallbacks', { count: 1 })).toBe('1 个回访已逾期');
    expect(translate('zh', 'risk.overdueCallbacks', { count: 3 })).toBe('3 个回访已逾期');
  });

  it('no English count reads "1 customers" or "2 customer"', () => {
    const wrong: string[] = [];
    for (const key of Object.keys(en) as MessageKey[]) {
      const one = withCounts(key, 1);
      // "1 is", "1 was", "1 has" are verbs, not plural nouns.
      if (/\b1 (?:more |new |overdue |low satisfaction )?(?!is\b|was\b|has\b)[a-z]+s\b/.test(one)) wrong.push(`${key}: ${one}`);
      const two = withCounts(key, 2);
      if (/\b2 (?:more |new |overdue )?(?:customer|callback|order|day|answer|response|poll|row|contact|character|entry|person)\b(?! [a-z])/.test(two)) wrong.push(`${key}: ${two}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every plural in either language has an "other" form', () => {
    for (const catalog of [en, zh] as Array<Record<string, string>>) {
      for (const [key, text] of Object.entries(catalog)) {
        for (const match of text.matchAll(/\{\w+, plural, ((?:[^{}]|\{[^{}]*\})*)\}/g)) expect(match[1], key).toMatch(/other \{/);
      }
    }
  });
});

describe('formatting', () => {
  it('uses only the reply model’s markup (**bold**, `code`): no Slack-only *bold* or ~strike~ that other platforms show as typed', () => {
    for (const catalog of [en, zh] as Array<Record<string, string>>) {
      for (const [key, text] of Object.entries(catalog)) {
        const outsideCode = text.replace(/`[^`]*`/g, '').replace(/\*\*/g, '');
        expect(outsideCode, key).not.toMatch(/\*\S/);
        expect(outsideCode, key).not.toMatch(/~\S[^~]*~/);
      }
    }
  });
});

describe('articles', () => {
  it('a contact type in a sentence has the article of its noun', () => {
    expect(translate('en', 'contact.logged', { channel: translate('en', 'contact_kind.email'), customer: 'Acme' })).toBe('Logged an email with **Acme**.');
    expect(translate('en', 'contact.logged', { channel: translate('en', 'contact_kind.call'), customer: 'Acme' })).toBe('Logged a call with **Acme**.');
    expect(translate('zh', 'contact.logged', { channel: translate('zh', 'contact_kind.email'), customer: '华东贸易' })).toBe('已记录与 **华东贸易** 的邮件。');
  });
});
