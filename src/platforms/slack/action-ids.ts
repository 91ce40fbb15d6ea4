// action_id must be unique within one message, but the same Bot action (e.g. "customer.open")
// often appears on several buttons. The action_id is therefore `${action}#${index}`; the index
// keeps it unique and is dropped again when the click comes back. The Button.value travels in
// the element's own value field.
import { LIMITS } from './limits.js';

const SEPARATOR = '#';

/** Reserved by the adapter: a button that opens a form when no trigger_id was usable. */
export const OPEN_FORM_ACTION = '_slack.open_form';

/** null when the action name is too long to fit (the control is then left out). */
export function encodeActionId(action: string, index: number): string | null {
  const id = `${action}${SEPARATOR}${index}`;
  return id.length <= LIMITS.actionId ? id : null;
}

export function decodeActionId(actionId: string): string {
  const at = actionId.lastIndexOf(SEPARATOR);
  return at > 0 && /^\d+$/.test(actionId.slice(at + 1)) ? actionId.slice(0, at) : actionId;
}
