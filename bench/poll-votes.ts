// Benchmark: how many poll answers per second the vote handler takes, and its latency.
//
//   npm run bench:votes                                   # both providers
//   npx tsx bench/poll-votes.ts --provider sqlite --answers 5000 --concurrency 64
//   BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/poll-votes.ts --provider postgresql
//
// The app runs here as in production (createRapport: real HTTP server, Bolt's signature check, the
// bot, the database, the live count refresh with its 1 s coalescing window, low-score alerts).
// A worker thread plays Slack: it serves the Web API (chat.postMessage / chat.update) and the
// response_urls on its own port, and sends signed block_actions clicks, `--concurrency` in flight,
// from `--answers` different respondents (scores 1–5 round robin, so 40% are low and alert the
// owner). Keeping Slack's side in its own thread keeps its work off the app's event loop.
//
// Measured per click, from the moment the worker sends it:
//   ack        the HTTP 200 (Slack's 3 s deadline applies to this);
//   answered   the confirmation arriving on the response_url: the answer is stored by then;
// and answers/s = answers / (first send → last confirmation). Each provider starts from a fresh
// database (SQLite: a temp file; PostgreSQL: a new database on BENCH_PG_URL), dropped at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createPgDatabase } from './common.js';
import type { SlackTuning } from '../src/platforms/slack/module.js';
import { createRapport } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/logging.js';
import { openDatabase } from '../src/store/database.js';

const { values: args } = parseArgs({
  options: {
    provider: { type: 'string', default: 'both' },
    answers: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const ANSWERS = Number(args.answers);
const CONCURRENCY = Number(args.concurrency);
const SIGNING_SECRET = 'bench0signing0secret0for0rapport0';
const TEAM = 'T0BENCH001';
const REP = 'U0BENCHREP';
const CHANNEL = 'C0BENCH001';

interface WorkerResult {
  ackMs: number[];
  answeredMs: number[];
  wallMs: number;
  updates: number;
  alerts: number;
  failures: number;
}

/** Slack's side, in a worker: the fake Web API + response_urls, and the clicking crowd. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const crypto = require('node:crypto');
const { secret, team, channel, rep } = workerData;
const pending = new Map();
let updates = 0, alerts = 0, ts = 0;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url.startsWith('/respond/')) {
      const done = pending.get(req.url.slice('/respond/'.length));
      if (done) done();
      res.end('ok');
      return;
    }
    const params = new URLSearchParams(body);
    const target = params.get('channel') || (body.startsWith('{') ? JSON.parse(body).channel : '');
    if (req.url.endsWith('chat.update')) updates++;
    if (req.url.endsWith('chat.postMessage') && target === rep) alerts++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, channel: target, ts: '1764000000.' + String(++ts).padStart(6, '0') }));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
const now = () => performance.timeOrigin + performance.now();
parentPort.on('message', async (job) => {
  if (job.type === 'stats') return parentPort.postMessage({ updates, alerts });
  const { url, values, concurrency } = job;
  const slackPort = server.address().port;
  const ackMs = [], answeredMs = [];
  let failures = 0, next = 0;
  const started = now();
  async function one(i) {
    const id = 'a' + i;
    const payload = {
      type: 'block_actions', api_app_id: 'A0BENCH', token: 'x', trigger_id: 'trigger.' + i,
      user: { id: 'U0CUST' + String(i).padStart(6, '0'), username: 'customer' + i, name: 'customer' + i, team_id: 'T0CUSTOMER' },
      team: { id: team, domain: 'bench' }, channel: { id: channel, name: 'acme' },
      container: { type: 'message', message_ts: '1764000000.000001', channel_id: channel },
      message: { type: 'message', ts: '1764000000.000001', text: 'poll' },
      response_url: 'http://127.0.0.1:' + slackPort + '/respond/' + id,
      actions: [{ type: 'button', action_id: 'poll.vote#' + (i % 5), block_id: 'b', value: values[i % 5], action_ts: '1' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const stamp = String(Math.floor(Date.now() / 1000));
    const signature = 'v0=' + crypto.createHmac('sha256', secret).update('v0:' + stamp + ':' + body).digest('hex');
    const answered = new Promise((resolve) => pending.set(id, resolve));
    const sent = now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': stamp, 'x-slack-signature': signature }, body });
    await response.text();
    ackMs.push(now() - sent);
    if (response.status !== 200) { failures++; pending.delete(id); return; }
    await Promise.race([answered, new Promise((r) => setTimeout(r, 30000))]);
    answeredMs.push(now() - sent);
    pending.delete(id);
  }
  async function lane() { while (next < job.answers) await one(next++); }
  await Promise.all(Array.from({ length: concurrency }, lane));
  parentPort.postMessage({ ackMs, answeredMs, wallMs: now() - started, updates, alerts, failures });
});
`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function freshDatabase(provider: 'sqlite' | 'postgresql'): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-votes-'));
    return { url: `file:${path.join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  return createPgDatabase('bench_votes');
}

async function benchProvider(provider: 'sqlite' | 'postgresql'): Promise<void> {
  const database = await freshDatabase(provider);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { secret: SIGNING_SECRET, team: TEAM, channel: CHANNEL, rep: REP } });
  try {
    const { port: slackPort } = await new Promise<{ port: number }>((resolve) => worker.once('message', resolve));
    const migrated = await openDatabase(database.url, { migrate: true });
    await migrated.close();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: `bench1:${Buffer.alloc(32, 3).toString('base64')}`,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    const rapport = await createRapport({
      config,
      logger: createLogger('silent'),
      migrate: false,
      schedule: false,
      platformOptions: { slack: { botIdentity: { botId: 'B0BENCH001', botUserId: 'U0BENCHBOT' }, webClientOptions: { retryConfig: { retries: 0 }, timeout: 5000 }, messenger: { pacingMs: 0 } } satisfies SlackTuning },
    });
    const { port } = await rapport.start();
    const rep = { platform: 'slack', externalId: REP, workspaceId: TEAM };
    await rapport.bot.command(rep, 'customer add Acme');
    await rapport.bot.command(rep, `customer edit Acme channel=<#${CHANNEL}|acme>`);
    const posted = await rapport.bot.command(rep, 'poll csat Acme');
    if (!posted.reply?.text.includes('Poll #')) throw new Error(`poll not posted: ${posted.reply?.text}`);
    const poll = await rapport.database.prisma.poll.findFirstOrThrow();
    const values = [1, 2, 3, 4, 5].map((score) => rapport.polls.signer.vote(poll.id, score));

    const result = await new Promise<WorkerResult>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ type: 'run', url: `http://127.0.0.1:${port}/slack/events`, values, concurrency: CONCURRENCY, answers: ANSWERS });
    });
    await rapport.polls.idle();
    const stats = await new Promise<{ updates: number; alerts: number }>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ type: 'stats' });
    });
    const stored = await rapport.database.prisma.pollAnswer.count({ where: { pollId: poll.id } });
    await rapport.stop();
    const rate = (result.answeredMs.length / result.wallMs) * 1000;
    const row = (name: string, values: number[]) =>
      `| ${name.padEnd(8)} | ${percentile(values, 50).toFixed(1).padStart(6)} | ${percentile(values, 95).toFixed(1).padStart(6)} | ${percentile(values, 99).toFixed(1).padStart(6)} | ${Math.max(...values).toFixed(1).padStart(7)} |`;
    console.log(`\n${provider}: ${ANSWERS} answers, ${CONCURRENCY} in flight — ${rate.toFixed(0)} answers/s (${(result.wallMs / 1000).toFixed(1)} s)`);
    console.log(`stored ${stored} answers, ${result.failures} failed requests, ${stats.updates} live-count updates, ${stats.alerts} low-score alerts`);
    console.log('| latency  |  p50 ms |  p95 ms |  p99 ms |  max ms |');
    console.log('|----------|--------|--------|--------|---------|');
    console.log(row('ack', result.ackMs));
    console.log(row('answered', result.answeredMs));
  } finally {
    await worker.terminate();
    await database.drop();
  }
}

const providers = args.provider === 'both' ? (['sqlite', 'postgresql'] as const) : [args.provider as 'sqlite' | 'postgresql'];
console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`);
for (const provider of providers) await benchProvider(provider);
