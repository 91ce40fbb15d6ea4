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

/** True when `job`'s cron has a time in (from, to] — read in the server's zone, as node-cron does. */
export function fallsDue(job: ScheduledJob, from: Date, to: Date): boolean {
  if (to.getTime() <= from.getTime()) return false;
  const next = CronExpressionParser.parse(job.cron, { currentDate: from }).next().toDate();
  return next.getTime() <= to.getTime();
}

/**
 * A jump of a simulated clock (the sandbox's "+1 day"): runs, once each and at the new present,
 * exactly the jobs whose schedule has a time in the skipped interval — the same jobs and crons the
 * scheduler registers, so the sandbox cannot drift from production. Returns the names that ran.
 */
export async function runJobsSkipped(jobs: ScheduledJob[], from: Date, to: Date, logger: Pick<Logger, 'error'>): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    if (!fallsDue(job, from, to)) continue;
    try {
      await job.run(to);
      ran.push(job.name);
    } catch (error) {
      logger.error({ err: error, job: job.name }, 'scheduled job failed');
    }
  }
  return ran;
}
