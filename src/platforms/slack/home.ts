// The App Home tab: Bot.home's Reply rendered with the message renderer and published with
// views.publish — when the user opens the tab, and again shortly after they did something.
//
// Refresh: the Bot marks the Outcome of a user's own work (command, DM, click, form, import) with
// `refreshHome`; the adapter then republishes that user's Home once things are quiet for a moment
// (debounced per user: a burst of clicks costs one publish, which reads the state after all of
// them). "Who has opened Home" is not tracked: anyone who acts is refreshed. A publish to someone
// who never opened the tab is harmless (Slack keeps it for when they do) and costs one API call
// plus a few bounded queries per burst; tracking openers would need shared state, because the
// app_home_opened event and the later click may reach different replicas. Poll respondents are
// never refreshed (the Bot does not mark their Outcomes). Timers live in this process only: a
// refresh lost to a restart is made good the next time the user opens the tab.
import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Bot, Outcome, Speaker } from '../../chat/bot-types.js';
import type { Reply } from '../../chat/reply.js';
import type { Logger } from '../../logging.js';
import { decodeActionId, encodeActionId } from './action-ids.js';
import { LIMITS } from './limits.js';
import { capBlocks, renderReply } from './render-message.js';
import { slackErrorCode } from './slack-errors.js';

/** A Home tab holds up to 100 blocks (as a modal does). */
export const HOME_MAX_BLOCKS = LIMITS.blocksPerModal;
export const DEFAULT_HOME_REFRESH_MS = 1500;

type KnownBlock = types.KnownBlock;

/**
 * Reply → Home tab view, with exactly the Block Kit messages get. renderReply stops at a
 * message's 50 blocks, so each block is rendered on its own and the action_ids (unique per
 * view, `${action}#${index}`) numbered again across the view; over 100 blocks, the first 99 are
 * kept and a last context block says how many are missing (the Bot's page cuts its own lists
 * long before that).
 */
export function renderHomeView(reply: Pick<Reply, 'blocks'>): types.HomeView {
  let next = 0;
  const renumber = <T extends object>(element: T): T | null => {
    if (!('action_id' in element) || typeof element.action_id !== 'string') return element;
    const actionId = encodeActionId(decodeActionId(element.action_id), next++);
    return actionId === null ? null : { ...element, action_id: actionId };
  };
  const blocks: KnownBlock[] = [];
  for (const neutral of reply.blocks) {
    for (const rendered of renderReply({ text: '', blocks: [neutral] }).blocks) {
      if (rendered.type === 'actions') {
        const elements = rendered.elements.map(renumber).filter((e): e is NonNullable<typeof e> => e !== null);
        if (elements.length > 0) blocks.push({ ...rendered, elements });
      } else if (rendered.type === 'section' && rendered.accessory) {
        const accessory = renumber(rendered.accessory);
        if (accessory) blocks.push({ ...rendered, accessory });
        else {
          const { accessory: _dropped, ...rest } = rendered;
          blocks.push(rest);
        }
      } else {
        blocks.push(rendered);
      }
    }
  }
  return { type: 'home', blocks: capBlocks(blocks, HOME_MAX_BLOCKS) };
}

export interface HomePublisher {
  /** Publishes the user's Home now (app_home_opened). Never throws. */
  publish(speaker: Speaker, log?: Logger): Promise<void>;
  /** Publishes it after a quiet moment; calls meanwhile are covered by that one publish. */
  schedule(speaker: Speaker): void;
  /** The Bot, with every Outcome that asks for it followed by a scheduled refresh. */
  refreshing(bot: Bot): Bot;
  /** Cancels scheduled refreshes and waits for publishes under way. */
  stop(): Promise<void>;
}

export interface HomePublisherOptions {
  bot: Bot;
  client: WebClient;
  logger: Logger;
  /** Quiet time before a refresh (default 1.5 s). */
  refreshDelayMs?: number;
}

export function createHomePublisher(options: HomePublisherOptions): HomePublisher {
  const { bot, client, logger } = options;
  const delayMs = options.refreshDelayMs ?? DEFAULT_HOME_REFRESH_MS;
  const timers = new Map<string, NodeJS.Timeout>();
  /** The last publish of each user: the next one waits for it, so an older page never lands last. */
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  const keyOf = (speaker: Speaker) => `${speaker.workspaceId ?? ''}:${speaker.externalId}`;

  async function publishOnce(speaker: Speaker, log: Logger): Promise<void> {
    try {
      const reply = await bot.home(speaker);
      await client.views.publish({ user_id: speaker.externalId, view: renderHomeView(reply) });
    } catch (error) {
      log.warn({ slackError: slackErrorCode(error), user: speaker.externalId }, 'could not publish the Home tab');
    }
  }

  function publish(speaker: Speaker, log: Logger = logger): Promise<void> {
    const key = keyOf(speaker);
    const timer = timers.get(key);
    if (timer) {
      clearTimeout(timer); // this publish reads the latest state already
      timers.delete(key);
    }
    const previous = running.get(key) ?? Promise.resolve();
    const current = previous.then(() => publishOnce(speaker, log));
    running.set(key, current);
    void current.then(() => {
      if (running.get(key) === current) running.delete(key);
    });
    return current;
  }

  function schedule(speaker: Speaker): void {
    const key = keyOf(speaker);
    if (stopped || timers.has(key)) return;
    const timer = setTimeout(() => {
      timers.delete(key);
      void publish(speaker);
    }, delayMs);
    timer.unref();
    timers.set(key, timer);
  }

  function after(speaker: Speaker, outcome: Outcome): Outcome {
    if (outcome.refreshHome) schedule(speaker);
    return outcome;
  }

  return {
    publish,
    schedule,
    refreshing(inner) {
      return {
        ...inner,
        command: async (speaker, text, meta) => after(speaker, await inner.command(speaker, text, meta)),
        message: async (speaker, text, meta) => after(speaker, await inner.message(speaker, text, meta)),
        action: async (speaker, action, value, meta) => after(speaker, await inner.action(speaker, action, value, meta)),
        submitForm: async (speaker, formId, state, values, meta) => after(speaker, await inner.submitForm(speaker, formId, state, values, meta)),
        importFile: async (speaker, file, meta) => after(speaker, await inner.importFile(speaker, file, meta)),
        logFromMessage: async (speaker, text) => after(speaker, await inner.logFromMessage(speaker, text)),
      };
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running.values()]);
    },
  };
}
