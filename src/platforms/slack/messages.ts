// The adapter's own words. Everything else users see comes from the Bot, already localized;
// these appear when the Bot could not be reached at all, so the user's locale is unknown
// here and both languages are shown.
import type { Reply } from '../../chat/reply.js';
import { inBothLanguages } from '../../i18n/catalog.js';

const GENERIC_ERROR_TEXT = inBothLanguages('adapter.error');

export const GENERIC_ERROR_REPLY: Reply = {
  visibility: 'private',
  text: GENERIC_ERROR_TEXT,
  blocks: [{ type: 'section', text: GENERIC_ERROR_TEXT }],
};
