// Block Kit limits (docs.slack.dev Block Kit reference; see /work/shared/notes/platform-facts.md).
// Counts are in characters as JavaScript counts them (UTF-16 code units), which is never more
// than Slack's own count, so staying under them is safe.
import type { PlatformCapabilities } from '../../chat/capabilities.js';

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  messageText: 4000,
  sectionText: 3000,
  contextText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  imageUrl: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInputMax: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  optionsResponse: 100,
} as const;

/**
 * What Slack declares to the chat layer (chat/capabilities.ts), from the limits above and Slack's
 * rate limits (chat.postMessage ~1 per second per channel; chat.update is Tier 3, ~50 a minute).
 */
export const SLACK_CAPABILITIES: PlatformCapabilities = {
  buttonsPerRow: LIMITS.elementsPerActions,
  buttonsPerMessage: LIMITS.elementsPerActions * (LIMITS.blocksPerMessage - 1),
  // NPS 0–10 in two rows (6 + 5): one row of 11 wraps badly on a phone.
  ratingButtonsPerRow: 6,
  // Matching customers and other short lists as buttons; more than this reads better as a select.
  choiceButtonsMax: 8,
  optionsPerChoice: LIMITS.selectOptions,
  text: { max: LIMITS.messageText, unit: 'chars' },
  canUpdate: true,
  minSendIntervalMs: 1100,
  minUpdateIntervalMs: 1200,
  forms: 'dialog',
  markdown: 'mrkdwn',
  mentions: true,
};
