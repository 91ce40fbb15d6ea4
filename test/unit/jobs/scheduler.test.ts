// A jump of a simulated clock replays the skipped interval: each job at its cron times, at most once an
// hour, in time order (dates in the server's zone, as node-cron reads crons).
import { describe, expect, it } from 'vitest';
import { replayTimes, runJobsSkipped, startScheduler, type ScheduledJob } from '../../../src/jobs/scheduler.js';

const local = (day: number, hour: number, minute = 0) => new Date(2026, 11, day, hour, minute); // December 2026; the 7th is a Monday

function jobs(ran: Array<{ name: string; at: Date }>): ScheduledJob[] {
  const job = (name: string, cron: string): ScheduledJob => ({ name, cron, run: async (now) => void ran.push({ name, at: now }) });
  return [job('sweep', '* * * * *'), job('nightly', '30 2 * * *'), job('weekly', '0 9 * * 1')];
}

describe('jobs a clock jump skips over', () => {
  it('an hour runs the every-minute sweep only; the nightly job waits for its time', async () => {
    const ran: Array<{ name: string; at: Date }> = [];
    expect(await runJobsSkipped(jobs(ran), local(4, 18), local(4, 19), { error: () => undefined })).toEqual(['sweep']);
    expect(ran).toEqual([{ name: 'sweep', at: local(4, 19) }]);
  });

  it('a day over 02:30 runs the nightly job once; a week over Monday 09:00 runs the weekly one once', async () => {
    const day: Array<{ name: string; at: Date }> = [];
    expect(await runJobsSkipped(jobs(day), local(4, 18), local(5, 18), { error: () => undefined })).toEqual(['sweep', 'nightly']);
    expect(day.filter((r) => r.name === 'nightly')).toEqual([{ name: 'nightly', at: local(5, 2, 30) }]);
    const week: Array<{ name: string; at: Date }> = [];
    expect(await runJobsSkipped(jobs(week), local(4, 18), local(11, 18), { error: () => undefined })).toEqual(['sweep', 'nightly', 'weekly']);
    expect(week.filter((r) => r.name === 'weekly')).toEqual([{ name: 'weekly', at: local(7, 9) }]);
    expect(week.filter((r) => r.name === 'nightly')).toHaveLength(7);
  });

  it('replays the skipped time in order, the every-minute sweep once per hour, so what falls due in working hours is sent then', async () => {
    const ran: Array<{ name: string; at: Date }> = [];
    await runJobsSkipped(jobs(ran), local(4, 18), local(5, 18), { error: () => undefined });
    const sweeps = ran.filter((r) => r.name === 'sweep').map((r) => r.at);
    expect(sweeps).toHaveLength(24);
    expect(sweeps[0]).toEqual(local(4, 19));
    expect(sweeps.at(-1)).toEqual(local(5, 18));
    expect(sweeps.some((at) => at.getTime() === local(5, 10).getTime())).toBe(true);
    // The nightly run sits between the sweeps of its night, not at the end.
    const nightlyIndex = ran.findIndex((r) => r.name === 'nightly');
    expect(ran[nightlyIndex - 1]!.at.getTime()).toBeLessThanOrEqual(local(5, 2, 30).getTime());
    expect(ran[nightlyIndex + 1]!.at.getTime()).toBeGreaterThan(local(5, 2, 30).getTime());
  });

  it('counts the end of the interval in and its start out', () => {
    const weekly = jobs([])[2]!;
    expect(replayTimes(weekly, local(7, 8, 59), local(7, 9))).toEqual([local(7, 9)]);
    expect(replayTimes(weekly, local(7, 9), local(7, 10))).toEqual([]);
    expect(replayTimes(weekly, local(7, 9), local(7, 9))).toEqual([]);
  });

  it('a failing job is logged and the others still run', async () => {
    const errors: string[] = [];
    const ran: string[] = [];
    const list: ScheduledJob[] = [
      { name: 'broken', cron: '* * * * *', run: async () => Promise.reject(new Error('boom')) },
      { name: 'fine', cron: '* * * * *', run: async () => void ran.push('fine') },
    ];
    expect(await runJobsSkipped(list, local(4, 18), local(4, 19), { error: (obj: unknown) => void errors.push((obj as { job: string }).job) })).toEqual(['fine']);
    expect(ran).toEqual(['fine']);
    expect(errors).toEqual(['broken']);
  });

  it('the cron scheduler reads a clock kept elsewhere again before each tick', async () => {
    let offset = 0;
    const clock = { now: () => new Date(local(4, 18).getTime() + offset), refresh: async () => void (offset = 24 * 3600 * 1000) };
    const ran: Date[] = [];
    const scheduler = startScheduler([{ name: 'sweep', cron: '0 0 1 1 *', run: async (now) => void ran.push(now) }], clock, { error: () => undefined });
    await scheduler.stop();
    expect(ran).toEqual([local(5, 18)]);
  });
});
