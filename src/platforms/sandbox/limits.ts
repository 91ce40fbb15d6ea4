// What the sandbox page declares to the chat layer (chat/capabilities.ts). The page is ours, so
// its numbers are about reading comfort, not an API's limits: a row of buttons wraps on a phone,
// a long select is still usable, and nothing is rate limited except by the database.
import type { PlatformCapabilities } from '../../chat/capabilities.js';

export const SANDBOX_CAPABILITIES: PlatformCapabilities = {
  buttonsPerRow: 12,
  buttonsPerMessage: 60,
  ratingButtonsPerRow: 6,
  choiceButtonsMax: 10,
  optionsPerChoice: 50,
  text: { max: 40_000, unit: 'chars' },
  canUpdate: true,
  minSendIntervalMs: 0,
  minUpdateIntervalMs: 0,
  forms: 'dialog',
  markdown: 'html',
  mentions: false,
};
