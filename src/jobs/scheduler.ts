// Registers the scheduler's ticks (node-cron). Registering is separate from the work
// (callback-sweep.ts) so tests run sweeps directly with a fake clock.
import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../domain/ports.js';

export interface ScheduledJob {
  name: string;
  cron: string;
  run(now: Date): Promise<unknown>;
  /** Also tick once at start (default true); periodic reports and nightly work wait for their time. */
  atStart?: boolean;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Every replica runs every job on its cron; the database claims inside each job make the work
 * happen once. The in-process flag only stops one replica from stacking overlapping ticks.
 */
export function startScheduler(jobs: ScheduledJob[], clock: Clock & { refresh?(): Promise<void> }, logger: Pick<Logger, 'error'>): Scheduler {
  const running = new Map<string, Promise<unknown>>();
  const tick = (job: ScheduledJob) => {
    if (running.has(job.name)) return;
    // A clock whose present lives in the database (the sandbox's) is read again: another replica may have moved it.
    const work = Promise.resolve(clock.refresh?.())
      .then(() => job.run(clock.now()))
      .catch((error: unknown) => logger.error({ err: error, job: job.name }, 'scheduled job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, work);
  };
  const tasks = jobs.map((job) => cron.schedule(job.cron, () => tick(job)));
  // A first tick at once: what fell due while the app was down goes out now, not at the next minute.
  for (const job of jobs) if (job.atStart ?? true) tick(job);
  return {
    async stop() {
      for (const task of tasks) await task.stop();
      await Promise.all(running.values());
    },
  };
}

/** A jump replays a job at most once per hour of skipped time: the every-minute sweep runs hourly… */
const REPLAY_STEP_MS = 60 * 60 * 1000;
/** …and at most this often per jump (a week is replayed hour by hour; a longer jump in wider steps). */
const MAX_REPLAYS = 200;

/**
 * The times in (from, to] at which `job` would have run, at most one per step counted back from `to`
 * (the last cron time of each step; a step is an hour, or 1/MAX_REPLAYS of a longer jump): what a
 * replay of that interval runs it at.
 */
export function replayTimes(job: ScheduledJob, from: Date, to: Date): Date[] {
  const times: Date[] = [];
  const span = to.getTime() - from.getTime();
  const step = Math.max(REPLAY_STEP_MS, Math.ceil(span / MAX_REPLAYS));
  // Window by window back from `to`: the last cron time in (windowStart, windowEnd], if any.
  for (let windowEnd = to.getTime(); windowEnd > from.getTime(); windowEnd -= step) {
    const windowStart = Math.max(from.getTime(), windowEnd - step);
    const at = CronExpressionParser.parse(job.cron, { currentDate: new Date(windowEnd + 1) }).prev().toDate();
    if (at.getTime() > windowStart) times.push(at);
  }
  return times.reverse();
}

/**
 * A jump of a simulated clock (the sandbox's "+1 day"): replays the skipped interval in time order —
 * each job at the times its cron would have run it (at most hourly), so a reminder arrives in its
 * rep's working hours and the nightly job runs once per night, the weekly report once per week. The
 * same jobs and crons the scheduler registers, so the sandbox cannot drift from production. Returns
 * the names of the jobs that ran, each once, in the order they first ran.
 */
export async function runJobsSkipped(jobs: ScheduledJob[], from: Date, to: Date, logger: Pick<Logger, 'error'>, clock?: ReplayableClock): Promise<string[]> {
  const runs = jobs.flatMap((job, order) => replayTimes(job, from, to).map((at) => ({ job, at, order })));
  runs.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  const ran = new Set<string>();
  try {
    for (const { job, at } of runs) {
      clock?.replayAt(at);
      try {
        await job.run(at);
        ran.add(job.name);
      } catch (error) {
        logger.error({ err: error, job: job.name, at }, 'scheduled job failed');
      }
    }
  } finally {
    clock?.replayAt(null);
  }
  return [...ran];
}

/**
 * A clock that can read a replayed job's time while it runs: what the job stamps through the clock
 * (a sandbox message, an audit entry) then says when it happened — a Tuesday 09:00 reminder is not
 * shown as sent at the night the jump ended. `null` returns it to the present.
 */
export interface ReplayableClock {
  replayAt(at: Date | null): void;
}
