// The one way out for everything the bot sends on its own, outside a reply to a request: reminders,
// digests, escalations, poll posts and results, low-score alerts, churn warnings, reports. Callers
// name a person (User) or a channel address; the router picks the account and the platform's
// messenger. What it cannot deliver (no messenger for the platform, no account, a permanent platform
// error) is logged and recorded (OutboundStore.recordUndeliverable), never dropped without a trace;
// a retryable failure is thrown for the caller to retry as it always has.
import type { Logger } from 'pino';
import type { Clock, OutboundStore } from '../domain/ports.js';
import type { User } from '../domain/types.js';
import { notifyAccountOf } from '../domain/accounts.js';
import { DeliveryError, deliveryFailure, type OutgoingFile, type PlatformMessenger } from './bot-types.js';
import type { Reply } from './reply.js';

/** A conversation on one platform: a customer's channel, a managers' channel. */
export interface ChannelAddress {
  platform: string;
  channelId: string;
}

/** The account a person is reached at. */
export interface PersonAddress {
  platform: string;
  externalId: string;
}

/**
 * Where the bot writes to a person on its own: the account they chose (`settings notify`), else the
 * one they used most recently (accounts.ts notifyAccountOf). Null when they have no account.
 */
export function addressOf(user: User): PersonAddress | null {
  const account = notifyAccountOf(user);
  return account && { platform: account.platform, externalId: account.externalId };
}

/** A person (the router picks the account), a channel, or one given account (a notification's). */
export type Destination = { user: User } | { channel: ChannelAddress } | { account: PersonAddress };

export interface OutboundRouter {
  /** Sends `reply`; throws DeliveryError (recorded first when it is not retryable). */
  send(what: string, to: Destination, reply: Reply): Promise<{ ref: string; platform: string }>;
  /** Replaces a message sent earlier on `platform` (its `ref`); throws like send. */
  update(what: string, platform: string, ref: string, reply: Reply): Promise<void>;
  /** Posts a file in a channel (in the thread of `threadRef` when given); throws like send. */
  sendFile(what: string, to: ChannelAddress, file: OutgoingFile, options?: { threadRef?: string }): Promise<void>;
  /**
   * The managers' channel for readers on `platform`: that platform's, else another configured one
   * (one with a messenger first), else null — the caller records it undeliverable then.
   */
  managersChannel(platform?: string): ChannelAddress | null;
  /** Every configured managers' channel (the weekly report goes to each). */
  managersChannels(): ChannelAddress[];
  /** Records what has nowhere to go at all (e.g. no managers' channel configured). */
  recordUndeliverable(what: string, to: Destination | { nowhere: string }, reason: string): Promise<void>;
  /**
   * The person's overview page is out of date on every platform that shows one, except `exceptPlatform`
   * (the one whose request this answers refreshes its own, with the reply).
   */
  refreshHome(user: User, exceptPlatform?: string): void;
}

export interface OutboundOptions {
  messengers: Readonly<Record<string, PlatformMessenger>>;
  store: OutboundStore;
  clock: Clock;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Managers' channel per platform (MANAGERS_CHANNEL), in the configured order. */
  managersChannels?: Readonly<Record<string, string>>;
}

/** True for a failure that trying again will not fix (it was recorded). */
export function isUndeliverable(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError && !error.retryable;
}

function recipientOf(to: Destination | { nowhere: string }): { platform: string; recipient: string } {
  if ('user' in to) return { platform: addressOf(to.user)?.platform ?? '', recipient: `user:${to.user.id}` };
  if ('channel' in to) return { platform: to.channel.platform, recipient: `channel:${to.channel.platform}:${to.channel.channelId}` };
  if ('account' in to) return { platform: to.account.platform, recipient: `account:${to.account.platform}:${to.account.externalId}` };
  return { platform: '', recipient: to.nowhere };
}

export function createOutboundRouter(options: OutboundOptions): OutboundRouter {
  const { messengers, store, clock, logger } = options;
  // Read when used: the app fills in platforms' own channels once its adapters exist.
  const channelList = (): ChannelAddress[] => Object.entries(options.managersChannels ?? {}).map(([platform, channelId]) => ({ platform, channelId }));

  async function recordUndeliverable(what: string, to: Destination | { nowhere: string }, reason: string): Promise<void> {
    const { platform, recipient } = recipientOf(to);
    logger.warn({ what, platform, recipient, reason }, 'undeliverable: recorded');
    try {
      await store.recordUndeliverable({ what, platform, recipient, reason, at: clock.now() });
    } catch (error) {
      // The log line above is the trace then; the caller's own handling goes on.
      logger.error({ err: error, what, recipient }, 'undeliverable message could not be recorded');
    }
  }

  function messengerOn(platform: string): PlatformMessenger {
    const messenger = messengers[platform];
    if (!messenger) throw new DeliveryError(`no_messenger_for_${platform}`, false);
    return messenger;
  }

  /** Runs one push; a permanent failure is recorded before it is thrown on. */
  async function attempt<T>(what: string, to: Destination, push: () => Promise<T>): Promise<T> {
    try {
      return await push();
    } catch (error) {
      if (isUndeliverable(error)) await recordUndeliverable(what, to, error.code);
      else if (!(error instanceof DeliveryError)) logger.warn({ what, ...recipientOf(to), ...deliveryFailure(error) }, 'outbound send failed');
      throw error;
    }
  }

  return {
    async send(what, to, reply) {
      return attempt(what, to, async () => {
        if ('user' in to || 'account' in to) {
          const address = 'user' in to ? addressOf(to.user) : to.account;
          if (!address) throw new DeliveryError('no_account', false);
          const { ref } = await messengerOn(address.platform).sendDirect(address.externalId, reply);
          return { ref, platform: address.platform };
        }
        const { ref } = await messengerOn(to.channel.platform).sendToChannel(to.channel.channelId, reply);
        return { ref, platform: to.channel.platform };
      });
    },
    async update(what, platform, ref, reply) {
      await attempt(what, { channel: { platform, channelId: ref } }, () => messengerOn(platform).update(ref, reply));
    },
    async sendFile(what, to, file, fileOptions) {
      await attempt(what, { channel: to }, () => messengerOn(to.platform).sendFile(to.channelId, file, fileOptions));
    },
    managersChannel(platform) {
      const channels = channelList();
      return channels.find((c) => c.platform === platform) ?? channels.find((c) => messengers[c.platform]) ?? channels[0] ?? null;
    },
    managersChannels: channelList,
    recordUndeliverable,
    refreshHome(user, exceptPlatform) {
      for (const account of user.accounts) {
        if (account.platform === exceptPlatform) continue;
        messengers[account.platform]?.refreshHome?.({ externalId: account.externalId, workspaceId: account.workspaceId });
      }
    },
  };
}
