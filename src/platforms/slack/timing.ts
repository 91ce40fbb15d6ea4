// Slack's clocks: an interaction must be answered within 3 s and a trigger_id expires 3 s after
// the user's action. The budgets below leave room for the network on both sides.
export interface SlackTiming {
  /** Start views.open only if the request arrived less than this long ago. */
  formOpenBudgetMs: number;
  /** How long view_submission and options requests may wait for the Bot before answering. */
  ackBudgetMs: number;
  /** Timeout of a POST to a response_url. */
  responseUrlTimeoutMs: number;
  /** How long stop() waits for running handlers. */
  shutdownGraceMs: number;
}

export const DEFAULT_TIMING: SlackTiming = {
  formOpenBudgetMs: 2000,
  ackBudgetMs: 2500,
  responseUrlTimeoutMs: 10_000,
  shutdownGraceMs: 10_000,
};

export type Race<T> = { settled: true; value: T } | { settled: false; later: Promise<T> };

/** Waits for `work` at most `ms`; if it is slower, hands back the still-running promise. */
export async function raceDeadline<T>(work: Promise<T>, ms: number): Promise<Race<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), timeout]);
    return first === 'timeout' ? { settled: false, later: work } : { settled: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}
