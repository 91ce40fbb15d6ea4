// npm run seed [-- --platform <platform>]
//
// Fills an empty database with a realistic demo company (src/seed/demo.ts): Mei Chen's sales team
// (admin, mgr-mei, rep-ann, rep-li, rep-bob on the sandbox platform by default), about 200
// customers, a year of orders, contact logs, polls, and tiers, stages and callbacks computed from
// them. Never on a database that has data: then it says so and changes nothing.
//
// Exit code: 0 when seeded or when there was data already, 2 on a configuration problem.
import { parseArgs } from 'node:util';
import { seedDemo } from '../src/seed/demo.js';
import { fail, readConfig, withDomain } from './lib/with-domain.js';

const { values: args } = parseArgs({ options: { platform: { type: 'string', default: 'sandbox' } } });

async function main(): Promise<void> {
  const platform = args.platform.trim();
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(platform)) fail('--platform must be a platform name such as sandbox or slack');
  await withDomain(readConfig(), async ({ domain, stores, clock }) => {
    const started = Date.now();
    const summary = await seedDemo({ domain, stores, clock, platform });
    if (!summary) {
      console.log('The database already has data: nothing seeded.');
      return;
    }
    const counts = (record: Record<string, number>) => Object.entries(record).map(([key, n]) => `${key} ${n}`).join(', ');
    console.log(`Seeded the demo company on "${platform}" in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
    console.log(`  users      ${summary.users} (admin, mgr-mei with rep-ann, rep-li, rep-bob)`);
    console.log(`  customers  ${summary.customers}`);
    console.log(`  orders     ${summary.orders}`);
    console.log(`  contacts   ${summary.contacts}`);
    console.log(`  polls      ${summary.polls} (${summary.pollAnswers} answers, ${summary.churnSignals} low scores as churn signals)`);
    console.log(`  callbacks  ${summary.callbacks} open`);
    console.log(`  tiers      ${counts(summary.tiers)}`);
    console.log(`  stages     ${counts(summary.stages)}`);
    console.log(`  at risk    ${summary.atRisk}`);
  });
}

await main();
