// The sandbox's renderer: semantic blocks laid out within the page's own declared capabilities
// (platforms/sandbox/limits.ts), and people written by name, before a reply is stored for the page.
import { describe, expect, it } from 'vitest';
import { personRef } from '../../../src/chat/person-ref.js';
import { block, button, type Block, type Option, type Reply } from '../../../src/chat/reply.js';
import { createSandboxMessenger } from '../../../src/platforms/sandbox/adapter.js';
import { SANDBOX_CAPABILITIES } from '../../../src/platforms/sandbox/limits.js';
import { capabilities, renderForSandbox } from '../../../src/platforms/sandbox/render.js';
import type { SandboxStore } from '../../../src/platforms/sandbox/store.js';
import { SLACK_CAPABILITIES } from '../../../src/platforms/slack/limits.js';

const reply = (blocks: Block[], text = 'fallback'): Reply => ({ visibility: 'private', text, blocks });
const options = (n: number): Option[] => Array.from({ length: n }, (_, i) => ({ label: `Option ${i}`, value: `v${i}` }));
const KNOWN = new Set(['header', 'section', 'fields', 'context', 'actions', 'divider', 'image']);

describe('sandbox capabilities', () => {
  it('are its own, read by its renderer and declared by its messenger', () => {
    expect(capabilities).toBe(SANDBOX_CAPABILITIES);
    expect(createSandboxMessenger({} as SandboxStore).capabilities).toBe(SANDBOX_CAPABILITIES);
    expect(SANDBOX_CAPABILITIES).toMatchObject({ markdown: 'html', mentions: false, forms: 'dialog' });
    // Its own numbers, not Slack's: a list of 10 is buttons here and a select on Slack.
    expect(SANDBOX_CAPABILITIES.choiceButtonsMax).toBeGreaterThan(SLACK_CAPABILITIES.choiceButtonsMax);
  });
});

describe('renderForSandbox', () => {
  it('leaves only blocks the page draws', () => {
    const out = renderForSandbox(reply([block.section('x'), block.rating('poll.vote', options(11)), block.choices('cmd.run', 'Choose', options(3))]));
    expect(out.blocks.every((b) => KNOWN.has(b.type))).toBe(true);
  });

  it('lays NPS out in rows of ratingButtonsPerRow', () => {
    const out = renderForSandbox(reply([block.rating('poll.vote', options(11))]));
    expect(out.blocks.map((b) => (b.type === 'actions' ? b.elements.length : 0))).toEqual([6, 5]);
  });

  it('shows up to choiceButtonsMax choices as buttons', () => {
    const out = renderForSandbox(reply([block.choices('cmd.run', 'Choose', options(SANDBOX_CAPABILITIES.choiceButtonsMax))]));
    expect(out.blocks).toEqual([block.actions(...options(SANDBOX_CAPABILITIES.choiceButtonsMax).map((o) => button('cmd.run', o.label, o.value)))]);
  });

  it('a longer list as a select of at most optionsPerChoice, and the rest counted, never dropped in silence', () => {
    const out = renderForSandbox(reply([block.choices('cmd.run', 'Choose', options(SANDBOX_CAPABILITIES.optionsPerChoice + 7))]));
    expect(out.blocks).toEqual([
      { type: 'actions', elements: [{ type: 'select', action: 'cmd.run', placeholder: 'Choose', options: options(SANDBOX_CAPABILITIES.optionsPerChoice) }] },
      { type: 'context', text: '… (+7)' },
    ]);
  });

  it('writes a person by name, as typed, in text, sections, fields and context', () => {
    const ann = personRef({ accounts: [{ platform: 'slack', externalId: 'U0ANN' }], displayName: 'Ann *Lee*' });
    const out = renderForSandbox(reply([block.section(`Owner ${ann}`), block.fields([{ label: 'Owner', value: ann }]), block.context(ann)], `for ${ann}`));
    expect(out.text).toBe('for @Ann \\*Lee\\*');
    expect(out.blocks).toEqual([block.section('Owner @Ann \\*Lee\\*'), block.fields([{ label: 'Owner', value: '@Ann \\*Lee\\*' }]), block.context('@Ann \\*Lee\\*')]);
  });
});
