// The domain as the configuration sets it up: cadences (a tier of the rules may set its own), poll
// settings, tier rules, the respondent key. One place, for the app and for the scripts.
import type { Config } from './config/env.js';
import { createDomain, type Domain } from './domain/index.js';
import type { Clock, Stores } from './domain/ports.js';
import { createRespondentKeyer } from './domain/respondent-key.js';
import type { FieldCipher } from './store/field-cipher.js';

export function createConfiguredDomain(config: Config, stores: Stores, clock: Clock, cipher: Pick<FieldCipher, 'deriveSecret'>): Domain {
  const { scheduler: schedule } = config;
  return createDomain({
    stores,
    clock,
    adminExternalIds: new Set(config.adminUserIds),
    staffPolicy: config.staffPolicy,
    callbacks: {
      cadenceDays: { ...schedule.cadenceDays, ...Object.fromEntries(config.tiers.tiers.flatMap((t) => (t.cadenceDays ? [[t.id, t.cadenceDays]] : []))) },
      newCustomerDays: schedule.newCustomerDays,
      escalateAfterDays: schedule.escalateAfterDays,
      digestThreshold: schedule.digestThreshold,
      defaultTimezone: config.defaultTimezone,
    },
    polls: config.polls,
    tiers: config.tiers,
    currency: config.defaultCurrency,
    respondentKey: createRespondentKeyer(cipher.deriveSecret('poll-respondent')),
  });
}
