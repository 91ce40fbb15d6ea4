// The sandbox's HTTP API without a browser: what the page relies on, and what it refuses.
import { beforeEach, describe, expect, it } from 'vitest';
import { createRapport } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { createSandboxMessenger } from '../../src/platforms/sandbox/adapter.js';
import { createSandboxStore } from '../../src/store/sandbox-store.js';
import { useTestDatabase } from '../helpers/database.js';
import { TEST_ENCRYPTION_KEY, useSandboxApp } from './harness.js';

const t = useTestDatabase();

const post = (path: string, body: unknown) => fetch(`${sandbox.base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const get = async (path: string) => (await fetch(`${sandbox.base}/sandbox/api/${path}`)).json() as Promise<Record<string, unknown>>;

interface PageMessage {
  id: number;
  reply: { text: string };
  updatedAt: string;
  file: { name: string; type: string; url: string; data?: string } | null;
}
interface Feed {
  messages: PageMessage[];
  changed?: PageMessage[];
  hasOlder?: boolean;
  since: string | null;
}
const feed = async (query: string) => (await get(`messages?${query}`)) as unknown as Feed;
/** Another replica: its own store and messenger over the same database, no shared memory. */
const otherReplica = () => {
  const store = createSandboxStore(t.prisma);
  return { store, messenger: createSandboxMessenger(store) };
};
const texts = (messages: PageMessage[]) => messages.map((m) => m.reply.text);

const sandbox = useSandboxApp(t);
beforeEach(async () => {
  await sandbox.rapport.bot.command({ platform: 'sandbox', externalId: 'rep-ann', displayName: 'Ann Lee' }, 'help');
});

describe('the sandbox API', () => {
  it('serves the page, lists people and channels, and answers a command in the DM', async () => {
    const page = await fetch(`${sandbox.base}/`);
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
    const before = sandbox.rapport.domain.clock.now().getTime();
    const moved = (await (await post('clock', { hours: 48 })).json()) as { now: string };
    expect(new Date(moved.now).getTime() - before).toBeGreaterThanOrEqual(48 * 3600 * 1000);
    expect(Number((await t.prisma.sandboxState.findUniqueOrThrow({ where: { key: 'clockOffsetMs' } })).value)).toBeGreaterThanOrEqual(48 * 3600 * 1000);
  });

  it('shows the newest page of a long conversation and pages back by id', async () => {
    const { store } = otherReplica();
    for (let i = 1; i <= 120; i++) await store.add({ conversation: 'dm:rep-ann', author: 'rep-ann', visibleTo: null, reply: { text: `message ${i}` } });
    const newest = await feed('as=rep-ann&conversation=dm:rep-ann');
    expect(newest.messages).toHaveLength(50);
    expect(texts(newest.messages).at(0)).toBe('message 71');
    expect(texts(newest.messages).at(-1)).toBe('message 120');
    expect(newest.hasOlder).toBe(true);
    const older = await feed(`as=rep-ann&conversation=dm:rep-ann&before=${newest.messages[0]!.id}`);
    expect([texts(older.messages).at(0), texts(older.messages).at(-1), older.hasOlder]).toEqual(['message 21', 'message 70', true]);
    const oldest = await feed(`as=rep-ann&conversation=dm:rep-ann&before=${older.messages[0]!.id}`);
    expect([oldest.messages.length, texts(oldest.messages).at(0), oldest.hasOlder]).toEqual([20, 'message 1', false]);
    expect((await fetch(`${sandbox.base}/sandbox/api/messages?as=rep-ann&conversation=dm:rep-ann&limit=0`)).status).toBe(400);
    expect((await fetch(`${sandbox.base}/sandbox/api/messages?as=rep-ann&conversation=dm:rep-ann&wait=600`)).status).toBe(400);
  });

  it('answers a waiting page with what another replica added or updated, from the database', async () => {
    const { messenger } = otherReplica();
    const { ref } = await messenger.sendToChannel('sandbox:managers', { visibility: 'public', text: 'poll: 1 answer', blocks: [] });
    const page = await feed('as=rep-ann&conversation=sandbox:managers');
    const lastId = page.messages.at(-1)!.id;
    const since = encodeURIComponent(page.since!);
    // Nothing new: an immediate empty answer, and a waiting one that gives up after its time.
    expect(await feed(`as=rep-ann&conversation=sandbox:managers&after=${lastId}&since=${since}`)).toMatchObject({ messages: [], changed: [] });
    const started = Date.now();
    expect(await feed(`as=rep-ann&conversation=sandbox:managers&after=${lastId}&since=${since}&wait=1`)).toMatchObject({ messages: [], changed: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    // An update (the messenger's update(ref)) while the page waits: it comes back as changed, not new.
    const waiting = feed(`as=rep-ann&conversation=sandbox:managers&after=${lastId}&since=${since}&wait=10`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await messenger.update(ref, { visibility: 'public', text: 'poll: 2 answers', blocks: [] });
    const updated = await waiting;
    expect(Date.now() - started).toBeLessThan(8000);
    expect(updated.messages).toEqual([]);
    expect(updated.changed!.map((m) => [m.id, m.reply.text])).toEqual([[lastId, 'poll: 2 answers']]);
    expect(updated.since! > page.since!).toBe(true);

    // From the new cursor the update is not sent again; a new message is.
    await messenger.sendToChannel('sandbox:managers', { visibility: 'public', text: 'poll closed', blocks: [] });
    const next = await feed(`as=rep-ann&conversation=sandbox:managers&after=${lastId}&since=${encodeURIComponent(updated.since!)}`);
    expect(texts(next.messages)).toEqual(['poll closed']);
    expect(next.changed).toEqual([]);
  });

  it('refuses a message over 4000 characters with a clear 400 and keeps nothing; takes one of 4000', async () => {
    const tooLong = await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: 'x'.repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ error: 'invalid_request', field: 'text', message: 'The message is too long: the sandbox accepts at most 4000 characters.' });
    expect(await t.prisma.sandboxMessage.count()).toBe(0);
    expect((await post('type', { as: 'rep-ann', conversation: 'sandbox:managers', text: 'y'.repeat(4000) })).status).toBe(200);
    expect((await t.prisma.sandboxMessage.findFirstOrThrow()).reply).toContain('y'.repeat(4000));
  });

  it('serves a file once by a stable, cached URL, and only to people who see its conversation', async () => {
    const { messenger } = otherReplica();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await messenger.sendFile('sandbox:managers', { filename: 'chart.png', title: 'The chart', mimeType: 'image/png', content: png });
    const [message] = (await feed('as=rep-ann&conversation=sandbox:managers')).messages;
    expect(message!.file).toEqual({ name: 'chart.png', type: 'image/png', url: `/sandbox/api/files/${message!.id}?as=rep-ann` });
    const file = await fetch(`${sandbox.base}${message!.file!.url}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
    expect((await fetch(`${sandbox.base}/sandbox/api/files/${message!.id}?as=guest-carol`)).status).toBe(404);
    expect((await fetch(`${sandbox.base}/sandbox/api/files/999999?as=rep-ann`)).status).toBe(404);
  });

  it('gives every person a language and timezone, and the frame in both languages', async () => {
    await t.prisma.user.updateMany({ where: { accounts: { some: { externalId: 'rep-ann' } } }, data: { locale: 'zh-CN', timezone: 'Asia/Shanghai' } });
    const state = (await get('state')) as { people: Array<{ id: string; locale: string; timezone: string }>; frame: { textLimit: number; words: Record<'en' | 'zh', Record<string, string>> } };
    expect(state.people).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'rep-ann', locale: 'zh', timezone: 'Asia/Shanghai' }),
      expect.objectContaining({ id: 'guest-carol', locale: 'en', timezone: 'UTC' }),
      expect.objectContaining({ id: 'guest-wang', locale: 'zh', timezone: 'UTC' }),
    ]));
    expect(state.frame.textLimit).toBe(4000);
    expect([state.frame.words.en.send, state.frame.words.zh.send]).toEqual(['Send', '发送']);
    expect(Object.keys(state.frame.words.zh).sort()).toEqual(Object.keys(state.frame.words.en).sort());
  });

  it('shares the clock between replicas, and a stopping replica answers its waiting pages at once', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DEFAULT_TIMEZONE: 'UTC', LOG_LEVEL: 'silent' });
    const second = await createRapport({ config, logger: createLogger('silent'), migrate: false, schedule: false, seedSandbox: false });
    const secondBase = `http://127.0.0.1:${(await second.start()).port}`;
    try {
      await post('clock', { hours: 24 });
      // The other replica reads the offset from the database on its next request.
      const state = (await (await fetch(`${secondBase}/sandbox/api/state`)).json()) as { now: string };
      expect(new Date(state.now).getTime() - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
      const started = Date.now();
      const waiting = fetch(`${secondBase}/sandbox/api/messages?as=rep-ann&conversation=dm:rep-ann&after=0&wait=20`).then((r) => r.json());
      await new Promise((resolve) => setTimeout(resolve, 300));
      await second.stop();
      expect(await waiting).toMatchObject({ messages: [], changed: [] });
      // Well before the 20 s it asked to wait (server.close alone would have waited for it).
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await second.stop().catch(() => undefined);
    }
  });
});
