// The sandbox's HTTP API without a browser: what the page relies on, and what it refuses.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRapport, type Rapport } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { useTestDatabase } from '../helpers/database.js';
import { TEST_ENCRYPTION_KEY } from './harness.js';

const t = useTestDatabase();
let rapport: Rapport;
let base: string;

const post = (path: string, body: unknown) => fetch(`${base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const get = async (path: string) => (await fetch(`${base}/sandbox/api/${path}`)).json() as Promise<Record<string, unknown>>;

beforeAll(async () => {
  const config = loadConfig({ DATABASE_URL: t.url, SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DEFAULT_TIMEZONE: 'UTC', LOG_LEVEL: 'silent' });
  rapport = await createRapport({ config, logger: createLogger('silent'), migrate: false, schedule: false, seedSandbox: false });
  base = `http://127.0.0.1:${(await rapport.start()).port}`;
});
beforeEach(async () => {
  await rapport.bot.command({ platform: 'sandbox', externalId: 'rep-ann', displayName: 'Ann Lee' }, 'help');
});
afterAll(async () => {
  await rapport?.stop();
});

describe('the sandbox API', () => {
  it('serves the page, lists people and channels, and answers a command in the DM', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Local sandbox');
    const state = await get('state');
    expect(state.people).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'rep-ann', kind: 'staff' }), expect.objectContaining({ id: 'guest-carol', kind: 'customer' })]));
    expect(await (await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm customer add Acme' })).json()).toEqual({});
    const { messages } = (await get('messages?as=rep-ann&conversation=dm:rep-ann')) as { messages: Array<{ author: string; visibleTo: string | null; reply: { text: string } }> };
    expect(messages.map((m) => m.author)).toEqual(['rep-ann', 'bot']);
    expect(messages[1]!.visibleTo).toBe('rep-ann');
    expect(messages[1]!.reply.text).toContain('Acme');
  });

  it('opens forms, returns their errors, and keeps a private reply from everyone else', async () => {
    const opened = (await (await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm log' })).json()) as { form: { id: string; state: string } };
    expect(opened.form.id).toBe('contact.log');
    const refused = (await (await post('submit', { as: 'rep-ann', conversation: 'dm:rep-ann', formId: opened.form.id, state: opened.form.state, values: { channel: 'call', summary: 'x' } })).json()) as { formErrors: Record<string, string> };
    expect(Object.keys(refused.formErrors)).toContain('customer');
    // Another person sees neither Ann's DM nor her private replies.
    expect(((await get('messages?as=rep-bob&conversation=dm:rep-ann')) as { messages: unknown[] }).messages).toEqual([]);
    expect(((await get('messages?as=guest-carol&conversation=sandbox:managers')) as { messages: unknown[] }).messages).toEqual([]);
  });

  it('refuses malformed requests, naming the field, and changes nothing', async () => {
    const bad = await post('type', { as: 'rep ann; drop', conversation: 'dm:rep-ann', text: 'hi' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', field: 'as' });
    expect((await post('clock', { hours: -5 })).status).toBe(400);
    expect(await t.prisma.sandboxMessage.count()).toBe(0);
  });

  it('moves the simulated clock forward and keeps it in the database', async () => {
    const before = rapport.domain.clock.now().getTime();
    const moved = (await (await post('clock', { hours: 48 })).json()) as { now: string };
    expect(new Date(moved.now).getTime() - before).toBeGreaterThanOrEqual(48 * 3600 * 1000);
    expect(Number((await t.prisma.sandboxState.findUniqueOrThrow({ where: { key: 'clockOffsetMs' } })).value)).toBeGreaterThanOrEqual(48 * 3600 * 1000);
  });
});
