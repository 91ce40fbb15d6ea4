// A mention in another platform's form through the real bot and database: `@sandbox:rep-wang`
// typed on Slack names the sandbox account that already exists; an unknown one changes nothing.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { fakeSlackDirectory, startApp, type AppUnderTest } from './harness.js';

const ANN = 'U0ANN00001';
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
let app: AppUnderTest;

const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: 'T0TEAM0001' });
const text = (outcome: Outcome) => `${outcome.reply?.text ?? ''}\n${JSON.stringify(outcome.reply?.blocks ?? [])}`;
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
});
beforeEach(async () => {
  fakeSlackDirectory();
  await run(ANN, 'help');
  await run(ANN, 'customer add "Acme Trading"');
  await t.prisma.user.create({ data: { displayName: 'Wang Fang', accounts: { create: { platform: 'sandbox', externalId: 'rep-wang' } } } });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
});

describe('a platform-qualified mention', () => {
  it('names the existing account on that platform', async () => {
    expect(text(await run(ANN, 'customer share "Acme Trading" @sandbox:rep-wang'))).toContain('is now shared with Wang Fang');
    const wang = await t.prisma.user.findFirstOrThrow({ where: { accounts: { some: { platform: 'sandbox', externalId: 'rep-wang' } } } });
    expect(await t.prisma.customerShare.count({ where: { userId: wang.id } })).toBe(1);
  });

  it('an account nobody knows is refused with a clear reply, and nothing changes', async () => {
    const users = await t.prisma.user.count();
    expect(text(await run(ANN, 'customer share "Acme Trading" @wecom:nobody'))).toMatch(/not found|don’t know|do not know|never used/i);
    expect(await t.prisma.user.count()).toBe(users);
    expect(await t.prisma.customerShare.count()).toBe(0);
  });
});
