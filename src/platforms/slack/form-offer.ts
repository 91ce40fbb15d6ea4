// When a form cannot be opened right away — no trigger_id (a DM), or the trigger expired because
// the Bot took too long — the user gets a message with a button instead. Clicking it brings a
// fresh trigger_id, and the adapter opens the form itself without asking the Bot again (asking
// again could repeat side effects). The Form travels compressed inside the button value
// (≤ 2000 characters); if it does not fit, the offer is a plain notice without a button.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Form, Reply } from '../../chat/reply.js';
import { OPEN_FORM_ACTION } from './action-ids.js';
import { LIMITS } from './limits.js';

export function encodeFormForButton(form: Form): string | null {
  const value = deflateRawSync(Buffer.from(JSON.stringify(form), 'utf8')).toString('base64url');
  return value.length <= LIMITS.buttonValue ? value : null;
}

export function decodeFormFromButton(value: string): Form | null {
  try {
    const form = JSON.parse(inflateRawSync(Buffer.from(value, 'base64url')).toString('utf8')) as Form;
    return typeof form?.id === 'string' && Array.isArray(form.inputs) ? form : null;
  } catch {
    return null;
  }
}

/** A private reply offering to open `form`; the labels are the Bot's own (already localized). */
export function formOfferReply(form: Form): Reply {
  const value = encodeFormForButton(form);
  const title = `**${form.title}**`;
  return {
    visibility: 'private',
    text: form.title,
    blocks: value
      ? [{ type: 'section', text: title, accessory: { type: 'button', action: OPEN_FORM_ACTION, label: form.title, value, style: 'primary' } }]
      : [{ type: 'section', text: title }],
  };
}
