// npm run import -- <file.csv> [--commit] [--as <platform user id>] [--kind customers|orders]
//
// Imports customers or orders from a CSV file on the server, with the same reading, checks and
// error report as a file sent to the bot. Without --commit it is a dry run: it prints what would be
// imported and every problem, and changes nothing. With --commit it imports the good rows, as the
// user of --as (default: the first admin), and rescores the customers it touched.
//
// Exit code: 0 when every row was good (or imported), 1 when some rows had problems, 2 on a usage
// or file problem.
import { personHandle } from '../src/domain/accounts.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Domain } from '../src/domain/index.js';
import type { Stores } from '../src/domain/ports.js';
import type { User } from '../src/domain/types.js';
import { columnProblems, formatImportMessage, readImportFile, rowErrorText } from '../src/imports/index.js';
import { fail, readConfig, withDomain } from './lib/with-domain.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { commit: { type: 'boolean', default: false }, as: { type: 'string' }, kind: { type: 'string' } },
});


/** Who the import runs as: --as, else the first admin in the database, else the first of ADMIN_USER_IDS. */
async function actingUser(domain: Domain, stores: Stores, adminIds: string[]): Promise<User | null> {
  const platform = 'slack';
  const wanted = args.as ?? (await stores.users.firstWithRole('admin'))?.accounts.find((a) => a.platform === platform)?.externalId ?? adminIds[0];
  if (!wanted) return null;
  const known = await domain.users.find(platform, wanted);
  // An admin named in ADMIN_USER_IDS may import before ever talking to the bot.
  return known ?? (adminIds.includes(wanted) ? domain.users.ensure({ platform, externalId: wanted }) : null);
}

async function main(): Promise<void> {
  const file = positionals[0];
  if (!file) fail('Usage: npm run import -- <file.csv> [--commit] [--as <platform user id>] [--kind customers|orders]');
  const kind = args.kind === undefined ? undefined : args.kind === 'customers' || args.kind === 'orders' ? args.kind : fail('--kind must be customers or orders');
  const config = readConfig();
  const lang = config.defaultLocale;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    fail(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const read = readImportFile(bytes, kind);
  if (!read.ok) fail(`${path.basename(file)}: ${formatImportMessage(read.code, lang, read.params)}`);
  const problems = columnProblems(read, lang);
  if (problems.length > 0) fail(`${path.basename(file)}: ${problems.join('; ')}`);

  await withDomain(config, async ({ domain, stores }) => {
    const actor = await actingUser(domain, stores, config.adminUserIds);
    if (!actor) fail(args.as ? `No user ${args.as}: they must have used the bot once (or be in ADMIN_USER_IDS).` : 'No admin yet: set ADMIN_USER_IDS or pass --as <platform user id> of the user to import as.');

    const timezone = actor.timezone ?? config.defaultTimezone;
    const checked = await domain.imports.check(actor, read, timezone);
    const errors = checked.errors;
    console.log(`${path.basename(file)} (${read.encoding}, "${read.delimiter === '\t' ? '\\t' : read.delimiter}"): ${read.total} ${read.kind} rows, ${checked.good.length} good${read.kind === 'orders' && checked.updates > 0 ? ` (${checked.updates} stored already, skipped)` : ''}, ${errors.length} problems.`);
    if (read.unknownColumns.length > 0) console.log(formatImportMessage('unknown_columns', lang, { column: read.unknownColumns.join(', ') }));
    for (const error of errors) console.log(`  ${rowErrorText(error, lang)}`);
    if (!args.commit) {
      console.log(`Dry run: nothing imported. Run again with --commit to import the ${checked.good.length} good rows as ${personHandle(actor)}.`);
      process.exitCode = errors.length > 0 ? 1 : 0;
      return;
    }
    const applied = await domain.imports.apply(actor, read.kind, checked.good, timezone);
    for (const error of applied.failed) console.log(`  ${rowErrorText(error, lang)}`);
    console.log(`Imported: ${applied.created} created, ${applied.updated} updated, ${applied.skipped} already there, ${applied.failed.length} refused. Tiers rescored for the customers touched.`);
    process.exitCode = errors.length + applied.failed.length > 0 ? 1 : 0;
  });
}

await main();
