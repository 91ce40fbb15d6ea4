// Keyed pacing for outbound sends, for any platform's messenger: tasks for one key (a channel) run
// one at a time, in call order, and each attempt inside a task starts at least `intervalMs` after
// the previous attempt for that key. Different keys never wait for each other.
// With a SendBudget (the budget of each key kept in the database, see sharedSendBudget) the
// interval holds across replicas too: each attempt also takes its slot from the shared budget, so
// two replicas sending to one channel are spaced as one would be, and a hold (a 429's Retry-After)
// seen by one is respected by all. The slots are exactly the interval apart; a send starts at its
// slot, or a little after when the database was slow to answer (the platform's margin covers it:
// Slack's 1100 ms for ~1 a second). Without a budget, pacing is per process (a single replica).
// Idle keys are dropped: an entry lives only while it has queued tasks or its interval is running
// (checked when a task ends and on every run(), so the map holds at most the keys of one burst).
import type { PlatformStateStore } from '../domain/ports.js';

export interface PacerClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Handed to a task while it holds its key. */
export interface PacedSlot {
  /** Waits until the key may be used (interval since the last attempt, and any hold), then marks this attempt. */
  ready(): Promise<void>;
  /**
   * Nobody may use the key for `ms` from now (a 429's Retry-After, a backoff). Shared: written to the
   * budget in the background, and awaited by the next ready() before it takes its slot.
   */
  hold(ms: number): void;
}

/** The sending budget of keys, shared by every replica (the port behind cross-replica pacing). */
export interface SendBudget {
  /**
   * Takes the next slot of `key`: the time the send may start, which is `now()` or later — at least
   * `intervalMs` after the slot anyone took before, and not before a hold ends. `now` is read on
   * each try, just before it is written, so a slow database does not leave the slot in the past.
   */
  take(key: string, intervalMs: number, now: () => number): Promise<number>;
  /** Nobody may take a slot of `key` before `until` (ms). */
  holdUntil(key: string, until: number): Promise<void>;
}

export interface KeyedPacerOptions {
  /** Shares the budget of each key across replicas. */
  budget?: SendBudget;
  /**
   * The shared budget could not be read or written: pacing goes on per process for this attempt
   * (politeness, not correctness — the platform's rate limit answer is the backstop).
   */
  onBudgetError?: (error: unknown) => void;
}

export interface KeyedPacer {
  run<T>(key: string, task: (slot: PacedSlot) => Promise<T>): Promise<T>;
  /** Keys currently tracked (queued work or a running interval). For tests and metrics. */
  readonly size: number;
}

interface Entry {
  /** Settles when the last queued task for this key is done. */
  tail: Promise<void>;
  queued: number;
  /** Earliest time the next attempt may start. */
  nextAt: number;
  /** A hold still being written to the shared budget. */
  holding: Promise<void>;
  /** A hold (Retry-After) the next attempt has not waited yet: it waits all of it, from when it asks. */
  heldMs: number;
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createKeyedPacer(intervalMs: number, clock: PacerClock = realClock, options: KeyedPacerOptions = {}): KeyedPacer {
  const entries = new Map<string, Entry>();
  const { budget, onBudgetError } = options;

  async function waitUntil(at: number): Promise<void> {
    // Loop: a timer may fire a little early relative to the clock.
    for (let wait = at - clock.now(); wait > 0; wait = at - clock.now()) await clock.sleep(wait);
  }

  /** The shared slot for this attempt, waited for; a budget failure leaves the local pacing alone. */
  async function takeShared(key: string): Promise<void> {
    if (!budget) return;
    let start: number;
    try {
      start = await budget.take(key, intervalMs, clock.now);
    } catch (error) {
      onBudgetError?.(error);
      return;
    }
    await waitUntil(start);
  }

  /** Drops keys nobody waits on whose interval is over: recreating them later is equivalent. */
  function sweep(): void {
    const now = clock.now();
    for (const [key, entry] of entries) {
      if (entry.queued === 0 && entry.nextAt <= now) entries.delete(key);
    }
  }

  function slotFor(key: string, entry: Entry): PacedSlot {
    return {
      async ready() {
        // After a hold the whole Retry-After is waited from now (not what is left of it by the clock,
        // a millisecond less if one passed): the platform asked for that much before the next try.
        const held = entry.heldMs;
        entry.heldMs = 0;
        if (held > 0) await clock.sleep(Math.max(held, entry.nextAt - clock.now()));
        // Loop: a timer may fire a little early relative to the clock, and a hold may arrive meanwhile.
        for (let wait = entry.nextAt - clock.now(); wait > 0; wait = entry.nextAt - clock.now()) {
          await clock.sleep(wait);
        }
        await entry.holding;
        await takeShared(key);
        entry.nextAt = clock.now() + intervalMs;
      },
      hold(ms: number) {
        const until = clock.now() + ms;
        entry.nextAt = Math.max(entry.nextAt, until);
        entry.heldMs = Math.max(entry.heldMs, ms);
        if (!budget) return;
        const shared = budget.holdUntil(key, until).catch((error: unknown) => onBudgetError?.(error));
        entry.holding = entry.holding.then(() => shared);
      },
    };
  }

  return {
    run<T>(key: string, task: (slot: PacedSlot) => Promise<T>): Promise<T> {
      sweep();
      let entry = entries.get(key);
      if (!entry) {
        entry = { tail: Promise.resolve(), queued: 0, nextAt: -Infinity, holding: Promise.resolve(), heldMs: 0 };
        entries.set(key, entry);
      }
      const own = entry;
      own.queued += 1;
      const result = own.tail.then(async () => {
        try {
          return await task(slotFor(key, own));
        } finally {
          // Before the caller resumes: an idle key whose interval is over is gone at once.
          own.queued -= 1;
          if (own.queued === 0 && own.nextAt <= clock.now() && entries.get(key) === own) entries.delete(key);
        }
      });
      own.tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    get size() {
      sweep();
      return entries.size;
    },
  };
}

/**
 * The send budget of one platform in its stored state (PlatformStateStore, in the database): per
 * key, the earliest moment of the next send, moved forward by compare-and-set so that replicas
 * racing for a slot each get a different one.
 */
export function sharedSendBudget(state: PlatformStateStore, platform: string, maxTries = 50): SendBudget {
  const stateKey = (key: string) => `send-budget:${key}`;
  /** Moves the stored next moment from what it was to `next(was)`; retries when another replica moved it first. */
  async function advance(key: string, next: (was: number) => number): Promise<number> {
    for (let tries = 0; tries < maxTries; tries += 1) {
      const current = await state.get(platform, stateKey(key));
      const parsed = current === null ? Number.NEGATIVE_INFINITY : Number(current);
      const was = Number.isFinite(parsed) ? parsed : Number.NEGATIVE_INFINITY;
      const value = next(was);
      if (value === was) return was;
      if (await state.compareAndSet(platform, stateKey(key), current, String(value))) return was;
    }
    throw new Error(`send budget of ${platform} stayed contended`);
  }
  return {
    async take(key, intervalMs, now) {
      let start = 0;
      await advance(key, (was) => {
        start = Math.max(now(), was);
        return start + intervalMs;
      });
      return start;
    },
    async holdUntil(key, until) {
      await advance(key, (was) => Math.max(was, until));
    },
  };
}
