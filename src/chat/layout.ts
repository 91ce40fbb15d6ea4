// Semantic blocks (reply.ts rating, choices) laid out as the basic blocks every renderer knows,
// within one platform's declared capabilities. Each renderer calls this with its own capabilities
// and then renders basic blocks as before, so one layout rule serves Slack, the sandbox and the
// next platform, and what a platform cannot show is counted, never dropped in silence.
import type { PlatformCapabilities } from './capabilities.js';
import { button, type Block, type Choices, type Control, type RatingScale } from './reply.js';

export type LayoutLimits = Pick<PlatformCapabilities, 'buttonsPerRow' | 'ratingButtonsPerRow' | 'choiceButtonsMax' | 'optionsPerChoice'>;

/** Basic blocks only: rating and choices replaced by rows of buttons, a select and a "… (+N)" note. */
export function layoutBlocks(blocks: Block[], limits: LayoutLimits): Block[] {
  return blocks.flatMap((b) => (b.type === 'rating' ? layoutRating(b, limits) : b.type === 'choices' ? layoutChoices(b, limits) : [b]));
}

/** The count of what is left out, in no language of its own (like the renderers' own caps). */
export function moreNote(hidden: number): Block {
  return { type: 'context', text: `… (+${hidden})` };
}

function layoutRating(rating: RatingScale, limits: LayoutLimits): Block[] {
  const perRow = Math.max(1, Math.min(limits.ratingButtonsPerRow, limits.buttonsPerRow));
  const buttons = rating.options.map((o) => button(rating.action, o.label, o.value));
  return chunk(buttons, perRow).map((row) => ({ type: 'actions', elements: row }));
}

function layoutChoices(choices: Choices, limits: LayoutLimits): Block[] {
  const total = Math.max(choices.total ?? 0, choices.options.length);
  if (choices.options.length === 0) return total > 0 ? [moreNote(total)] : [];
  // Few enough for buttons, or a platform without selects: buttons, as many as it allows.
  if (choices.options.length <= limits.choiceButtonsMax || limits.optionsPerChoice <= 0) {
    const shown = choices.options.slice(0, Math.max(1, limits.choiceButtonsMax));
    const rows: Block[] = chunk(
      shown.map((o): Control => button(choices.action, o.label, o.value)),
      Math.max(1, limits.buttonsPerRow),
    ).map((row) => ({ type: 'actions', elements: row }));
    return total > shown.length ? [...rows, moreNote(total - shown.length)] : rows;
  }
  const shown = choices.options.slice(0, limits.optionsPerChoice);
  const select: Block = { type: 'actions', elements: [{ type: 'select', action: choices.action, placeholder: choices.placeholder, options: shown }] };
  return total > shown.length ? [select, moreNote(total - shown.length)] : [select];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
