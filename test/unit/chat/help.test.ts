// `help` lists every command the person may run, each with an example, in their language.
import { describe, expect, it } from 'vitest';
import type { ChatContext } from '../../../src/chat/context.js';
import { viewIn } from '../../../src/chat/context.js';
import { USAGE_KEYS } from '../../../src/chat/grammar.js';
import { helpReply } from '../../../src/chat/views/help.js';
import type { Role, User } from '../../../src/domain/types.js';
import { translate } from '../../../src/i18n/catalog.js';

function helpFor(role: Role, locale: 'en' | 'zh' = 'en'): string {
  const actor = { id: 1, role } as User;
  const ctx = { ...viewIn(locale, 'UTC', { tierNames: {} }), actor } as ChatContext;
  return helpReply(ctx).blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
}

describe('help', () => {
  it('shows an admin every command of the grammar, each with its example, in both languages', () => {
    for (const locale of ['en', 'zh'] as const) {
      const help = helpFor('admin', locale);
      for (const key of USAGE_KEYS) {
        expect(help, `${locale} usage.${key}`).toContain(translate(locale, `usage.${key}`));
        expect(help, `${locale} example.${key}`).toContain(`↳ ${translate(locale, `example.${key}`)}`);
      }
    }
  });

  it('shows a rep the day-to-day commands, including tiers, reports, stages and import, and not the steering ones', () => {
    const help = helpFor('rep');
    for (const key of ['tier', 'tiers', 'report', 'stage', 'import', 'remind', 'due', 'poll', 'settings'] as const) expect(help).toContain(translate('en', `usage.${key}`));
    for (const key of ['audit', 'privacy', 'handover', 'survey', 'customer.assign', 'role', 'team'] as const) expect(help).not.toContain(translate('en', `usage.${key}`));
  });

  it('shows a manager the steering commands but not the admin ones', () => {
    const help = helpFor('manager');
    for (const key of ['audit', 'privacy', 'handover', 'survey', 'customer.assign'] as const) expect(help).toContain(translate('en', `usage.${key}`));
    for (const key of ['role', 'team'] as const) expect(help).not.toContain(translate('en', `usage.${key}`));
  });
});
