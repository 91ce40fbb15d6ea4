// The sandbox's HTTP side: the page and its small JSON API. Every body is validated with zod;
// requests from other machines are refused (the sandbox acts as anyone you pick).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Bot } from '../../chat/bot-types.js';
import type { Logger } from '../../logging.js';
import { toLocale, type Locale } from '../../i18n/catalog.js';
import { clickIn, CUSTOMER_PEOPLE, MANAGERS_CHANNEL, speakerFor, submitIn, typeIn, uploadIn, type SandboxClock, type SandboxResult } from './adapter.js';
import { createFeed, maySee } from './feed.js';
import { SANDBOX_TEXT_LIMIT, sandboxFrame } from './frame.js';
import { sandboxPage } from './page.js';
import type { SandboxStore } from './store.js';

export interface SandboxPeople {
  /** Our people (users of the sandbox platform): id, name, role, and their language and zone once known. */
  staff(): Promise<Array<{ id: string; name: string; role: string; locale: string | null; timezone: string | null }>>;
  /** Channels shared with customers (customers' linked channels). */
  customerChannels(): Promise<Array<{ id: string; name: string }>>;
}

export interface SandboxRouterOptions {
  bot: Bot;
  store: SandboxStore;
  clock: SandboxClock;
  people: SandboxPeople;
  /** Runs the scheduled jobs whose time fell between `from` and `to` (the clock moved). */
  tick(from: Date, to: Date): Promise<unknown>;
  /** The language and timezone of people who have none of their own. */
  defaults: { locale: Locale; timezone: string };
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Aborted when the app stops: waiting page requests answer at once instead of holding up shutdown. */
  shutdown?: AbortSignal;
  /** Accept requests from any address (SANDBOX_PUBLIC=1 … not offered: tests only). */
  allowRemote?: boolean;
}

const person = z.string().trim().regex(/^[\w.:-]{1,64}$/);
const conversation = z.string().trim().regex(/^[\w.:-]{1,100}$/);
const typeBody = z.object({ as: person, conversation, text: z.string().max(SANDBOX_TEXT_LIMIT, `The message is too long: the sandbox accepts at most ${SANDBOX_TEXT_LIMIT} characters.`) });
/** The channel chosen in a channel picker (reply.ts ChannelPicker). */
const pickedChannel = z.object({ id: conversation, name: z.string().trim().max(80) });
const clickBody = z.object({ as: person, conversation, messageId: z.number().int().positive().optional(), action: z.string().min(1).max(255), value: z.string().max(4000), channel: pickedChannel.optional() });
const submitBody = z.object({ as: person, conversation, messageId: z.number().int().positive().optional(), formId: z.string().min(1).max(255), state: z.string().max(3000), values: z.record(z.string(), z.string().max(5000).optional()) });
const clockBody = z.object({ hours: z.number().min(0).max(24 * 400) });
const id = z.coerce.number().int().min(0);
/** `after` (with `since`, `wait`): what is new; else the newest page, or the one `before` an id. */
const listQuery = z.object({
  as: person,
  conversation,
  after: id.optional(),
  before: id.optional(),
  since: z.iso.datetime().optional(),
  wait: z.coerce.number().int().min(0).max(25).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function createSandboxRouter(options: SandboxRouterOptions): Router {
  const { bot, store, clock, people, logger } = options;
  const feed = createFeed(store);
  const router = express.Router();
  const api = express.Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    if (options.allowRemote || isLoopback(req.socket.remoteAddress)) return next();
    res.status(403).type('text/plain').send('The Rapport sandbox answers only on this machine.');
  });
  const page = (_req: Request, res: Response) => void res.type('html').send(sandboxPage());
  router.get('/', page);
  router.get('/sandbox', page);

  api.use(express.json({ limit: '64kb' }));
  /** Runs a handler; a bad body is a 400 naming the field, a failure a 500 (logged). */
  const handle =
    <T>(schema: z.ZodType<T>, source: 'body' | 'query', work: (input: T) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      const parsed = schema.safeParse(source === 'body' ? req.body : req.query);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        res.status(400).json({ error: 'invalid_request', field: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' });
        return;
      }
      try {
        res.json((await work(parsed.data)) ?? {});
      } catch (error) {
        logger.error({ err: error }, 'sandbox request failed');
        res.status(500).json({ error: 'internal' });
      }
    };
  const named = async (id: string) => (await people.staff()).find((p) => p.id === id)?.name ?? CUSTOMER_PEOPLE.find((p) => p.id === id)?.name;

  api.use(async (_req, _res, next) => {
    // The clock's offset lives in the database: another replica may have moved it.
    await clock.refresh().then(() => next(), next);
  });
  api.get('/state', async (_req, res) => {
    const [staff, channels] = await Promise.all([people.staff(), people.customerChannels()]);
    const everyone = [...staff.map((p) => ({ ...p, kind: 'staff' })), ...CUSTOMER_PEOPLE.map((p) => ({ ...p, role: 'customer', kind: 'customer', timezone: null }))];
    res.json({
      now: clock.now().toISOString(),
      // Each person's language and zone: the page's frame and clock follow whoever is chosen.
      people: everyone.map((p) => ({ ...p, locale: toLocale(p.locale, options.defaults.locale), timezone: p.timezone ?? options.defaults.timezone })),
      channels: [{ id: MANAGERS_CHANNEL, name: 'managers' }, ...channels],
      frame: { textLimit: SANDBOX_TEXT_LIMIT, words: { en: sandboxFrame('en'), zh: sandboxFrame('zh') } },
    });
  });
  api.get('/messages', async (req, res, next) => {
    const gone = () => req.socket.destroyed || res.writableEnded || options.shutdown?.aborted === true;
    handle(listQuery, 'query', async (q) => {
      if (!maySee(q.as, q.conversation)) return { messages: [], changed: [], hasOlder: false, since: null, now: clock.now().toISOString() };
      const answer = q.after === undefined ? await feed.page(q.as, q.conversation, q.before, q.limit) : await feed.updates(q.as, q.conversation, q.after, q.since ? new Date(q.since) : undefined, q.wait * 1000, gone);
      // The simulated present, read after a long wait: the page's clock moves with every answer.
      return { ...answer, now: clock.now().toISOString() };
    })(req, res).catch(next);
  });
  api.get('/files/:id', async (req, res) => {
    const query = z.object({ as: person }).safeParse(req.query);
    const messageId = id.safeParse(req.params.id);
    const message = query.success && messageId.success ? await store.find(messageId.data).catch(() => null) : null;
    if (!query.success || !message?.file || !maySee(query.data.as, message.conversation) || (message.visibleTo !== null && message.visibleTo !== query.data.as)) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    // A message's file never changes: the browser keeps it, the page never downloads it twice.
    res.set({ 'Cache-Control': 'private, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' });
    // Only pictures show in the page; anything else is a download, never a document of this origin.
    if (!message.file.type.startsWith('image/')) res.attachment(message.file.name);
    res.type(message.file.type).send(Buffer.from(message.file.data, 'base64'));
  });
  const result = (r: SandboxResult) => r;
  api.post('/type', handle(typeBody, 'body', async (input) => result(await typeIn(bot, store, { ...input, ...nameOf(await named(input.as)) }))));
  api.post('/click', handle(clickBody, 'body', async (input) => result(await clickIn(bot, store, { ...input, ...nameOf(await named(input.as)) }))));
  api.post('/submit', handle(submitBody, 'body', async (input) => result(await submitIn(bot, store, { ...input, ...nameOf(await named(input.as)) }))));
  api.get('/customers', handle(z.object({ as: person, q: z.string().max(100).default('') }), 'query', async ({ as, q }) => ({ options: await bot.searchCustomers(speakerFor(as), q) })));
  api.post(
    '/clock',
    handle(clockBody, 'body', async ({ hours }) => {
      const from = clock.now();
      const now = await clock.advance(hours * 60 * 60 * 1000);
      await options.tick(from, now);
      return { now: now.toISOString() };
    }),
  );
  // The upload's body is the file: handled apart from the JSON routes.
  api.post('/upload-file', express.raw({ type: '*/*', limit: '11mb' }), async (req, res) => {
    const query = z.object({ as: person, conversation, name: z.string().min(1).max(200) }).safeParse(req.query);
    if (!query.success || !Buffer.isBuffer(req.body)) {
      res.status(400).json({ error: 'invalid_request' });
      return;
    }
    const bytes = new Uint8Array(req.body);
    res.json(await uploadIn(bot, store, { as: query.data.as, conversation: query.data.conversation, file: { name: query.data.name, size: bytes.length, read: async () => bytes } }));
  });
  router.use('/sandbox/api', api);
  return router;
}

function nameOf(name: string | undefined): { name?: string } {
  return name ? { name } : {};
}
