// Form → Slack modal view, and a submitted view's state → FormValues.
// Each Input becomes one input block whose block_id IS the Input.id, so the Bot's formErrors
// (keyed by Input.id) map straight onto response_action "errors" (keyed by block_id).
// Cut to fit: title/submit/close to 24 chars, labels/hints to 2000, placeholders to 150,
// select options to 100, more than 100 inputs to 100. An Input.id or Form.id too long for
// block_id/callback_id (255) is a programming error and throws: the submission could not be routed.
import type { types, ViewOutput } from '@slack/bolt';
import type { Form, FormValues, Input } from '../../chat/reply.js';
import { LIMITS } from './limits.js';
import { renderOption, renderOptions } from './render-message.js';
import { ELLIPSIS, truncate } from './text.js';

/** Every input element uses this action_id; the block_id tells the inputs apart. */
export const INPUT_ACTION_ID = 'value';

export class SlackRenderError extends Error {
  readonly code = 'slack_render_error';
}

function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text.trim() || ELLIPSIS, max), emoji: true };
}

export function renderForm(form: Form, privateMetadata: string): types.ModalView {
  if (form.id.length === 0 || form.id.length > LIMITS.callbackId) {
    throw new SlackRenderError(`form id must be 1–${LIMITS.callbackId} characters (got ${form.id.length})`);
  }
  if (privateMetadata.length > LIMITS.privateMetadata) {
    throw new SlackRenderError(`private_metadata is ${privateMetadata.length} characters (max ${LIMITS.privateMetadata})`);
  }
  return {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalButton),
    close: plain(form.closeLabel, LIMITS.modalButton),
    private_metadata: privateMetadata,
    blocks: form.inputs.slice(0, LIMITS.blocksPerModal).map(renderInput),
  };
}

function renderInput(input: Input): types.InputBlock {
  if (input.id.length === 0 || input.id.length > LIMITS.blockId) {
    throw new SlackRenderError(`input id must be 1–${LIMITS.blockId} characters (got ${input.id.length})`);
  }
  const block: types.InputBlock = {
    type: 'input',
    block_id: input.id,
    label: plain(input.label, LIMITS.inputLabel),
    optional: input.optional ?? false,
    element: renderInputElement(input),
  };
  if (input.hint) block.hint = plain(input.hint, LIMITS.inputHint);
  return block;
}

function renderInputElement(input: Input): types.InputBlockElement {
  switch (input.type) {
    case 'text': {
      const maxLength = Math.min(input.maxLength ?? LIMITS.plainTextInputMax, LIMITS.plainTextInputMax);
      const element: types.PlainTextInput = { type: 'plain_text_input', action_id: INPUT_ACTION_ID, multiline: input.multiline ?? false, max_length: maxLength };
      // Slack rejects an initial value longer than max_length.
      if (input.initial) element.initial_value = truncate(input.initial, maxLength);
      if (input.placeholder) element.placeholder = plain(input.placeholder, LIMITS.placeholder);
      return element;
    }
    case 'select': {
      const options = renderOptions(input.options);
      if (options.length === 0) throw new SlackRenderError(`select input "${input.id}" has no valid option`);
      const element: types.StaticSelect = { type: 'static_select', action_id: INPUT_ACTION_ID, options };
      const initial = options.find((o) => o.value === input.initial);
      if (initial) element.initial_option = initial;
      return element;
    }
    case 'customer': {
      // Options come from the block_suggestion (options) request, answered by bot.searchCustomers.
      const element: types.ExternalSelect = { type: 'external_select', action_id: INPUT_ACTION_ID, min_query_length: 1 };
      if (input.placeholder) element.placeholder = plain(input.placeholder, LIMITS.placeholder);
      const initial = input.initial ? renderOption(input.initial) : null;
      if (initial) element.initial_option = initial;
      return element;
    }
    case 'date': {
      const element: types.Datepicker = { type: 'datepicker', action_id: INPUT_ACTION_ID };
      if (input.initial && /^\d{4}-\d{2}-\d{2}$/.test(input.initial)) element.initial_date = input.initial;
      return element;
    }
  }
}

/** view_submission state.values → FormValues keyed by Input.id (block_id). Empty → undefined. */
export function parseFormValues(view: Pick<ViewOutput, 'state'>): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(view.state.values)) {
    const state = actions[INPUT_ACTION_ID] ?? Object.values(actions)[0];
    if (!state) continue;
    const raw = state.selected_option?.value ?? state.selected_date ?? state.value ?? undefined;
    values[blockId] = raw === null || raw === '' ? undefined : raw;
  }
  return values;
}

/** Labels of the view's input blocks by block_id (to explain late form errors in a message). */
export function inputLabels(view: Pick<ViewOutput, 'blocks'>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const block of view.blocks as Array<{ type?: string; block_id?: string; label?: { text?: string } }>) {
    if (block.type === 'input' && block.block_id) labels.set(block.block_id, block.label?.text ?? block.block_id);
  }
  return labels;
}
