// The sandbox's HTTP side: the page and its small JSON API. Every body is validated with zod;
// requests from other machines are refused (the sandbox acts as anyone you pick).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Bot } from '../../chat/bot-types.js';
import type { Logger } from '../../logging.js';
import { clickIn, CUSTOMER_PEOPLE, dmOf, isCustomerPerson, MANAGERS_CHANNEL, speakerFor, submitIn, typeIn, uploadIn, type SandboxClock, type SandboxResult } from './adapter.js';
import { sandboxPage } from './page.js';
import type { SandboxStore } from './store.js';

export interface SandboxPeople {
  /** Our people (users of the sandbox platform): id, name, role. */
  staff(): Promise<Array<{ id: string; name: string; role: string }>>;
  /** Channels shared with customers (customers' linked channels). */
  customerChannels(): Promise<Array<{ id: string; name: string }>>;
}

export interface SandboxRouterOptions {
  bot: Bot;
  store: SandboxStore;
  clock: SandboxClock;
  people: SandboxPeople;
  /** Runs the scheduler's jobs at the simulated now (after the clock moved). */
  tick(now: Date): Promise<void>;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Accept requests from any address (SANDBOX_PUBLIC=1 … not offered: tests only). */
  allowRemote?: boolean;
}

const person = z.string().trim().regex(/^[\w.:-]{1,64}$/);
const conversation = z.string().trim().regex(/^[\w.:-]{1,100}$/);
const typeBody = z.object({ as: person, conversation, text: z.string().max(4000) });
/** The channel chosen in a channel picker (reply.ts ChannelPicker). */
const pickedChannel = z.object({ id: conversation, name: z.string().trim().max(80) });
const clickBody = z.object({ as: person, conversation, messageId: z.number().int().positive().optional(), action: z.string().min(1).max(255), value: z.string().max(4000), channel: pickedChannel.optional() });
const submitBody = z.object({ as: person, conversation, messageId: z.number().int().positive().optional(), formId: z.string().min(1).max(255), state: z.string().max(3000), values: z.record(z.string(), z.string().max(5000).optional()) });
const clockBody = z.object({ hours: z.number().min(0).max(24 * 400) });
const listQuery = z.object({ as: person, conversation, after: z.coerce.number().int().min(0).default(0) });

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function createSandboxRouter(options: SandboxRouterOptions): Router {
  const { bot, store, clock, people, logger } = options;
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

  api.get('/state', async (_req, res) => {
    const [staff, channels] = await Promise.all([people.staff(), people.customerChannels()]);
    res.json({
      now: clock.now().toISOString(),
      people: [...staff.map((p) => ({ ...p, kind: 'staff' })), ...CUSTOMER_PEOPLE.map((p) => ({ ...p, role: 'customer', kind: 'customer' }))],
      channels: [{ id: MANAGERS_CHANNEL, name: 'managers' }, ...channels],
    });
  });
  api.get(
    '/messages',
    handle(listQuery, 'query', async ({ as, conversation: id, after }) => {
      // A customer's contact sees only the shared channels; our people see their DM and the channels.
      if (isCustomerPerson(as) && (id.startsWith('dm:') || id === MANAGERS_CHANNEL)) return { messages: [] };
      if (id.startsWith('dm:') && id !== dmOf(as)) return { messages: [] };
      return { messages: await store.list(id, as, after, 200), now: clock.now().toISOString() };
    }),
  );
  const result = (r: SandboxResult) => r;
  api.post('/type', handle(typeBody, 'body', async (input) => result(await typeIn(bot, store, { ...input, ...nameOf(await named(input.as)) }))));
  api.post('/click', handle(clickBody, 'body', async (input) => result(await clickIn(bot, store, { ...input, ...nameOf(await named(input.as)) }))));
  api.post('/submit', handle(submitBody, 'body', async (input) => result(await submitIn(bot, store, { ...input, ...nameOf(await named(input.as)) }))));
  api.get('/customers', handle(z.object({ as: person, q: z.string().max(100).default('') }), 'query', async ({ as, q }) => ({ options: await bot.searchCustomers(speakerFor(as), q) })));
  api.post(
    '/clock',
    handle(clockBody, 'body', async ({ hours }) => {
      const now = await clock.advance(hours * 60 * 60 * 1000);
      await options.tick(now);
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
