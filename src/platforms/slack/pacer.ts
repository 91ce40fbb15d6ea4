// Keyed pacing for outbound Slack calls: tasks for one key (a channel) run one at a time, in call
// order, and each attempt inside a task starts at least `intervalMs` after the previous attempt for
// that key. Different keys never wait for each other. In memory on purpose: this is politeness
// towards Slack's ~1 message/second/channel, not correctness — a second replica has its own pacer
// and Slack's 429 + Retry-After (honoured by the messenger) is the backstop.
// Idle keys are dropped: an entry lives only while it has queued tasks or its interval is running
// (checked when a task ends and on every run(), so the map holds at most the keys of one burst).

export interface PacerClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Handed to a task while it holds its key. */
export interface PacedSlot {
  /** Waits until the key may be used (interval since the last attempt, and any hold), then marks this attempt. */
  ready(): Promise<void>;
  /** Nobody may use the key for `ms` from now (a 429's Retry-After, a backoff). */
  hold(ms: number): void;
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
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createKeyedPacer(intervalMs: number, clock: PacerClock = realClock): KeyedPacer {
  const entries = new Map<string, Entry>();

  /** Drops keys nobody waits on whose interval is over: recreating them later is equivalent. */
  function sweep(): void {
    const now = clock.now();
    for (const [key, entry] of entries) {
      if (entry.queued === 0 && entry.nextAt <= now) entries.delete(key);
    }
  }

  function slotFor(entry: Entry): PacedSlot {
    return {
      async ready() {
        // Loop: a timer may fire a little early relative to the clock, and a hold may arrive meanwhile.
        for (let wait = entry.nextAt - clock.now(); wait > 0; wait = entry.nextAt - clock.now()) {
          await clock.sleep(wait);
        }
        entry.nextAt = clock.now() + intervalMs;
      },
      hold(ms: number) {
        entry.nextAt = Math.max(entry.nextAt, clock.now() + ms);
      },
    };
  }

  return {
    run<T>(key: string, task: (slot: PacedSlot) => Promise<T>): Promise<T> {
      sweep();
      let entry = entries.get(key);
      if (!entry) {
        entry = { tail: Promise.resolve(), queued: 0, nextAt: -Infinity };
        entries.set(key, entry);
      }
      const own = entry;
      own.queued += 1;
      const result = own.tail.then(async () => {
        try {
          return await task(slotFor(own));
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
