// POST /api/orders over real HTTP: the router on an express app of its own, a fake ingest that
// records what it receives, and the app's pino logger writing into memory. No database.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrdersRouter, parseApiKeys, parseOrderedAt, type OrdersRouterOptions } from '../../src/api/orders-router.js';
import type { OrderIngestOutcome, OrderInput } from '../../src/domain/orders-types.js';
import { createLogger } from '../../src/logging.js';

const NOW = new Date('2024-06-15T12:00:00Z');
const ERP_SECRET = 'erp-0123456789abcdefghijklmnop';
const SHOP_SECRET = 'shop-ZYXWVUTSRQPONMLKJIHGFEDCBA';
/** A customer's name: it travels in bodies and must never reach the logs. */
const CUSTOMER_NAME = 'Ingrid Halvorsen Trading';

const parsedKeys = parseApiKeys(`erp:${ERP_SECRET},shop:${SHOP_SECRET}`);
if (!parsedKeys.ok) throw new Error(parsedKeys.problems.join('\n'));
const KEYS = parsedKeys.keys;

interface Running {
  url: string;
  calls: OrderInput[][];
  logs: string[];
  /** How the fake ingest answers; default: every order created for customer 12. */
  answer: (orders: OrderInput[]) => OrderIngestOutcome[] | Promise<OrderIngestOutcome[]>;
  close(): Promise<void>;
}

const createdAll = (orders: OrderInput[]): OrderIngestOutcome[] => orders.map((o) => ({ orderId: o.orderId, status: 'created', customerId: 12 }));

async function start(options: Partial<OrdersRouterOptions> = {}): Promise<Running> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const running = { calls: [] as OrderInput[][], logs, answer: createdAll } as unknown as Running;
  const app = express();
  app.use(
    createOrdersRouter({
      keys: KEYS,
      logger: createLogger('debug', sink),
      now: () => new Date(NOW),
      ingest: async (orders) => {
        running.calls.push(orders);
        return running.answer(orders);
      },
      ...options,
    }),
  );
  // Another route on the same app: its body must stay unread by the orders router's parser.
  app.post('/slack/events', (req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => res.json({ bodyUntouched: req.body === undefined, bytes }));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  running.url = `http://127.0.0.1:${port}`;
  running.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  return running;
}

interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

async function post(api: Running, body: unknown, init: { headers?: Record<string, string>; raw?: string | Buffer; path?: string } = {}): Promise<Reply> {
  const headers = { authorization: `Bearer ${ERP_SECRET}`, 'content-type': 'application/json', ...init.headers };
  const response = await fetch(`${api.url}${init.path ?? '/api/orders'}`, {
    method: 'POST',
    headers,
    body: init.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : JSON.parse(text) };
}

function order(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { order_id: 'A-1', customer: CUSTOMER_NAME, amount: 120.5, ordered_at: '2024-06-01', currency: 'EUR', ...overrides };
}

function parsedLogs(api: Running): Record<string, unknown>[] {
  return api.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

let api: Running;

beforeAll(async () => {
  api = await start({ maxBodyBytes: 64 * 1024, maxOrders: 100 });
});

afterAll(async () => {
  await api.close();
});

beforeEach(() => {
  api.calls.length = 0;
  api.logs.length = 0;
  api.answer = createdAll;
});

// Whatever a test sent: the logs never carry a key or a customer's name.
afterEach(() => {
  const text = api.logs.join('');
  for (const secret of [ERP_SECRET, SHOP_SECRET, CUSTOMER_NAME, 'Halvorsen']) expect(text).not.toContain(secret);
});

describe('authentication', () => {
  it('refuses a request without a key: 401, WWW-Authenticate: Bearer, body unread, ingest not called', async () => {
    const reply = await post(api, { orders: [order()] }, { headers: { authorization: '' } });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    expect(reply.body).toEqual({ error: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') });
    expect(api.calls).toHaveLength(0);
    expect(parsedLogs(api)).toEqual([expect.objectContaining({ level: 40, status: 401, reason: 'missing' })]);
  });

  it('refuses wrong keys: one character off, a prefix, an extension, a client name, the other header too', async () => {
    const wrongKeys = [`${ERP_SECRET.slice(0, -1)}q`, ERP_SECRET.slice(0, 24), `${ERP_SECRET}x`, 'erp', ERP_SECRET.toUpperCase()];
    for (const wrong of wrongKeys) {
      const variants: Record<string, string>[] = [{ authorization: `Bearer ${wrong}` }, { authorization: '', 'x-api-key': wrong }];
      for (const headers of variants) {
        const reply = await post(api, { orders: [order()] }, { headers });
        expect(reply.status, `${JSON.stringify(headers)}`).toBe(401);
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(reply.body.error).toBe('unauthorized');
      }
    }
    expect(api.calls).toHaveLength(0);
    const lines = parsedLogs(api);
    expect(lines).toHaveLength(wrongKeys.length * 2);
    expect(lines.every((l) => l.reason === 'invalid' && l.client === undefined)).toBe(true);
    // Not even part of a presented key reaches the logs.
    for (const wrong of wrongKeys.filter((k) => k.length > 3)) expect(api.logs.join('')).not.toContain(wrong);
  });

  it('refuses another scheme (Basic) with 401', async () => {
    const reply = await post(api, order(), { headers: { authorization: `Basic ${Buffer.from(`erp:${ERP_SECRET}`).toString('base64')}` } });
    expect(reply.status).toBe(401);
    expect(reply.body.message).toContain('Bearer <key>');
  });

  it('accepts the key as Authorization: Bearer (any case of the scheme) and as X-API-Key, and logs the key name', async () => {
    expect((await post(api, order({ order_id: 'B-1' }), { headers: { authorization: `Bearer ${ERP_SECRET}` } })).status).toBe(201);
    expect((await post(api, order({ order_id: 'B-2' }), { headers: { authorization: `bearer ${SHOP_SECRET}` } })).status).toBe(201);
    expect((await post(api, order({ order_id: 'B-3' }), { headers: { authorization: '', 'x-api-key': SHOP_SECRET } })).status).toBe(201);
    expect(api.calls.map((c) => c[0]!.orderId)).toEqual(['B-1', 'B-2', 'B-3']);
    expect(parsedLogs(api).map((l) => l.client)).toEqual(['erp', 'shop', 'shop']);
  });

  it('checks the key before the content type', async () => {
    const reply = await post(api, null, { raw: 'order_id=1', headers: { authorization: '', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(reply.status).toBe(401);
  });
});

describe('the body', () => {
  it('answers 415 to another content type and to a request without a body', async () => {
    const form = await post(api, null, { raw: 'order_id=1&amount=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.body).toEqual({ error: 'unsupported_media_type', message: expect.stringContaining('application/json') });
    const text = await post(api, null, { raw: JSON.stringify(order()), headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const empty = await fetch(`${api.url}/api/orders`, { method: 'POST', headers: { authorization: `Bearer ${ERP_SECRET}` } });
    expect(empty.status).toBe(415);
    expect(api.calls).toHaveLength(0);
  });

  it('accepts application/json with a charset', async () => {
    const reply = await post(api, order(), { headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(reply.status).toBe(201);
  });

  it('answers 413 to a body over the limit', async () => {
    const big = { orders: [order()], padding: 'x'.repeat(70 * 1024) };
    const reply = await post(api, big);
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual({ error: 'payload_too_large', message: expect.stringContaining(String(64 * 1024)) });
    expect(api.calls).toHaveLength(0);
  });

  it('has a default limit of 1 MiB', async () => {
    const defaults = await start();
    try {
      const justUnder = { orders: [order()], padding: 'x'.repeat(1024 * 1024 - 300) };
      expect((await post(defaults, justUnder)).status).toBe(201);
      const over = { orders: [order()], padding: 'x'.repeat(1024 * 1024) };
      expect((await post(defaults, over)).status).toBe(413);
    } finally {
      await defaults.close();
    }
  });

  it('answers 413 to more orders than maxOrders', async () => {
    const small = await start({ maxOrders: 3 });
    try {
      const orders = [1, 2, 3, 4].map((i) => order({ order_id: `M-${i}` }));
      const reply = await post(small, { orders });
      expect(reply.status).toBe(413);
      expect(reply.body).toEqual({ error: 'too_many_orders', message: expect.stringContaining('At most 3 orders') });
      expect((await post(small, { orders: orders.slice(0, 3) })).status).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('answers 400 invalid_json to malformed JSON, without quoting it back or logging it', async () => {
    const reply = await post(api, null, { raw: `{"orders": [{"order_id": "A-1", "customer": ${CUSTOMER_NAME}}]}` });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_json', message: expect.stringContaining('not valid JSON') });
    expect(reply.body.message).not.toContain(CUSTOMER_NAME);
    // A bare string is JSON, but not an order: strict mode refuses it as well.
    expect((await post(api, null, { raw: '"hello"' })).body.error).toBe('invalid_json');
    expect(api.calls).toHaveLength(0);
    expect(parsedLogs(api).map((l) => l.error)).toEqual(['invalid_json', 'invalid_json']);
  });

  it('leaves the bodies of other routes on the same app unread', async () => {
    const reply = await post(api, { hello: 'slack' }, { path: '/slack/events' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ bodyUntouched: true, bytes: JSON.stringify({ hello: 'slack' }).length });
  });

  it('answers 405 to other methods on the path', async () => {
    const reply = await fetch(`${api.url}/api/orders`, { headers: { authorization: `Bearer ${ERP_SECRET}` } });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });
});

describe('validation', () => {
  async function invalid(body: unknown): Promise<Record<string, any>> {
    const reply = await post(api, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_order');
    expect(api.calls).toHaveLength(0);
    return reply.body;
  }

  it('names the first bad field exactly: orders[1].amount', async () => {
    const body = await invalid({ orders: [order({ order_id: 'V-0' }), order({ order_id: 'V-1', amount: -5 }), order({ order_id: 'V-2' })] });
    expect(body.field).toBe('orders[1].amount');
    expect(body.message).toBe('orders[1].amount must not be negative');
    expect(body.errors).toEqual([{ field: 'orders[1].amount', message: 'orders[1].amount must not be negative' }]);
    // The log names the field, never its value or the customer.
    expect(parsedLogs(api)).toEqual([expect.objectContaining({ client: 'erp', status: 400, error: 'invalid_order', field: 'orders[1].amount' })]);
  });

  it('refuses an amount sent as a string, even a numeric one', async () => {
    const body = await invalid({ orders: [order({ amount: '120.50' })] });
    expect(body.field).toBe('orders[0].amount');
    expect(body.message).toContain('must be a JSON number, not a string');
  });

  it('refuses amounts over 1e12 and non-finite ones (1e999 parses to Infinity)', async () => {
    expect((await invalid(order({ amount: 1e13 }))).message).toBe('amount must be at most 1e12');
    const infinite = await post(api, null, { raw: '{"order_id":"I-1","customer":"#1","amount":1e999,"ordered_at":"2024-06-01"}' });
    expect(infinite.status).toBe(400);
    expect(infinite.body).toMatchObject({ field: 'amount', message: 'amount must be a finite number' });
  });

  it('refuses ordered_at more than a day after now(), and accepts it within the day', async () => {
    const body = await invalid({ orders: [order({ ordered_at: '2024-06-16T12:00:01Z' })] });
    expect(body.field).toBe('orders[0].ordered_at');
    expect(body.message).toContain('in the future');
    const tomorrow = await post(api, { orders: [order({ order_id: 'F-1', ordered_at: '2024-06-16T11:59:59Z' }), order({ order_id: 'F-2', ordered_at: '2024-06-16' })] });
    expect(tomorrow.status).toBe(201);
  });

  it('refuses ordered_at before 2000, impossible dates, date-times without a time zone and other formats', async () => {
    expect((await invalid(order({ ordered_at: '1999-12-31' }))).message).toBe('ordered_at must not be before 2000-01-01');
    expect((await invalid(order({ ordered_at: '2024-02-30' }))).message).toContain('not a real date');
    expect((await invalid(order({ ordered_at: '2024-06-01T25:00:00Z' }))).message).toContain('not a real date or time');
    expect((await invalid(order({ ordered_at: '2024-06-01T10:00:00' }))).message).toContain('needs a time zone');
    expect((await invalid(order({ ordered_at: '01/06/2024' }))).message).toContain('ISO 8601');
    expect((await invalid(order({ ordered_at: 1717200000000 }))).message).toContain('must be a string');
  });

  it('requires a customer (or customer_id), and not both', async () => {
    const { customer: _omitted, ...withoutCustomer } = order();
    const missing = await invalid({ orders: [withoutCustomer] });
    expect(missing.field).toBe('orders[0].customer');
    expect(missing.message).toContain('is required');
    const both = await invalid(order({ customer_id: 12 }));
    expect(both.field).toBe('customer_id');
    expect((await invalid(order({ customer: '   ' }))).message).toBe('customer must not be empty');
    expect((await invalid(order({ customer: 12 }))).message).toContain('customer_id');
  });

  it('reports every problem in errors, in body order, the first one as field', async () => {
    const { customer: _omitted, ...withoutCustomer } = order({ order_id: 'E-0', amount: 'lots', currency: 'EURO' });
    const body = await invalid({ orders: [order({ order_id: 'E-1' }), withoutCustomer] });
    // The customer comes before the amount in an order, whatever order zod reports them in.
    expect(body.field).toBe('orders[1].customer');
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['orders[1].customer', 'orders[1].amount', 'orders[1].currency']);
  });

  it('caps errors at 50', async () => {
    const orders = Array.from({ length: 60 }, (_, i) => order({ order_id: `C-${i}`, amount: -1 }));
    const body = await invalid({ orders });
    expect(body.errors).toHaveLength(50);
    expect(body.errors[49].field).toBe('orders[49].amount');
  });

  it('refuses an order_id that repeats within one request (also as a number vs its text)', async () => {
    const body = await invalid({ orders: [order({ order_id: '7' }), order({ order_id: 'X' }), order({ order_id: 7 }), order({ order_id: ' X ' })] });
    expect(body.field).toBe('orders[2].order_id');
    expect(body.message).toBe('orders[2].order_id repeats orders[0].order_id: each order may appear only once per request');
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['orders[2].order_id', 'orders[3].order_id']);
  });

  it('refuses a body that is neither an order nor { orders: [...] }', async () => {
    expect((await invalid([order()])).field).toBe('(body)');
    expect((await invalid({ orders: 'A-1' })).field).toBe('orders');
    expect((await invalid({ orders: [] })).message).toBe('orders must hold at least one order');
    expect((await invalid({ orders: [order(), 'A-2'] })).field).toBe('orders[1]');
  });

  it('refuses bad order ids and currencies', async () => {
    expect((await invalid(order({ order_id: 'x'.repeat(101) }))).message).toBe('order_id must be at most 100 characters');
    expect((await invalid(order({ order_id: 1.5 }))).message).toBe('order_id must be a string or a whole number');
    expect((await invalid(order({ order_id: undefined }))).message).toBe('order_id is required');
    expect((await invalid(order({ currency: 'E1R' }))).field).toBe('currency');
  });
});

describe('accepted orders', () => {
  it('takes a single order object, handing ingest trimmed strings and a Date; 201 with snake_case results', async () => {
    const reply = await post(api, {
      order_id: '  SO-1001 ',
      customer: `  ${CUSTOMER_NAME}  `,
      amount: 99.9,
      ordered_at: '2024-06-01T22:30:00+08:00',
      currency: ' eur ',
      note: 'unknown fields are ignored',
    });
    expect(reply.status).toBe(201);
    expect(api.calls).toHaveLength(1);
    const [input] = api.calls[0]!;
    expect(input).toEqual({ orderId: 'SO-1001', customer: CUSTOMER_NAME, amount: 99.9, orderedAt: new Date('2024-06-01T14:30:00Z'), currency: 'EUR' });
    expect(input!.orderedAt).toBeInstanceOf(Date);
    expect(reply.body).toEqual({ results: [{ order_id: 'SO-1001', status: 'created', customer_id: 12 }], created: 1, duplicates: 0, rejected: 0 });
    expect(parsedLogs(api)).toEqual([expect.objectContaining({ level: 30, client: 'erp', status: 201, orders: 1, created: 1, duplicates: 0, rejected: 0 })]);
  });

  it('maps customer_id to "#<id>", a numeric order_id to text, a date to UTC midnight; null currency is absent', async () => {
    const reply = await post(api, { orders: [{ order_id: 42, customer_id: 12, amount: 0, ordered_at: '2024-06-01', currency: null }] });
    expect(reply.status).toBe(201);
    expect(api.calls[0]).toEqual([{ orderId: '42', customer: '#12', amount: 0, orderedAt: new Date('2024-06-01T00:00:00Z') }]);
    expect('currency' in api.calls[0]![0]!).toBe(false);
  });

  it('answers 200 when every order was a duplicate (an idempotent replay)', async () => {
    api.answer = (orders) => orders.map((o) => ({ orderId: o.orderId, status: 'duplicate', customerId: 3 }));
    const reply = await post(api, { orders: [order({ order_id: 'D-1' }), order({ order_id: 'D-2' })] });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      results: [
        { order_id: 'D-1', status: 'duplicate', customer_id: 3 },
        { order_id: 'D-2', status: 'duplicate', customer_id: 3 },
      ],
      created: 0,
      duplicates: 2,
      rejected: 0,
    });
  });

  it('answers 201 when some were created and the rest duplicates', async () => {
    api.answer = (orders) => orders.map((o, i) => ({ orderId: o.orderId, status: i === 0 ? 'duplicate' : 'created', customerId: 3 }));
    const reply = await post(api, { orders: [order({ order_id: 'N-1' }), order({ order_id: 'N-2' })] });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ created: 1, duplicates: 1, rejected: 0 });
  });

  it('answers 207 with per-order results when some were rejected', async () => {
    api.answer = (orders) => [
      { orderId: orders[0]!.orderId, status: 'created', customerId: 5 },
      { orderId: orders[1]!.orderId, status: 'rejected', code: 'customer_not_found', message: 'No customer matches.' },
      { orderId: orders[2]!.orderId, status: 'duplicate', customerId: 5 },
    ];
    const reply = await post(api, { orders: [order({ order_id: 'R-1' }), order({ order_id: 'R-2', customer: '#999' }), order({ order_id: 'R-3' })] });
    expect(reply.status).toBe(207);
    expect(reply.body).toEqual({
      results: [
        { order_id: 'R-1', status: 'created', customer_id: 5 },
        { order_id: 'R-2', status: 'rejected', code: 'customer_not_found', message: 'No customer matches.' },
        { order_id: 'R-3', status: 'duplicate', customer_id: 5 },
      ],
      created: 1,
      duplicates: 1,
      rejected: 1,
    });
    expect(parsedLogs(api)).toEqual([expect.objectContaining({ status: 207, orders: 3, created: 1, duplicates: 1, rejected: 1 })]);
  });

  it('answers 500 { error: "internal" } and logs an error when ingest throws', async () => {
    api.answer = () => {
      throw new Error('database is locked');
    };
    const reply = await post(api, { orders: [order({ order_id: 'X-1' })] });
    expect(reply.status).toBe(500);
    expect(reply.body.error).toBe('internal');
    const [line] = parsedLogs(api);
    expect(line).toMatchObject({ level: 50, client: 'erp', orders: 1, err: expect.objectContaining({ message: 'database is locked' }) });
  });

  it('answers 500 when ingest returns fewer outcomes than orders', async () => {
    api.answer = () => [];
    const reply = await post(api, order());
    expect(reply.status).toBe(500);
    expect(reply.body.error).toBe('internal');
    expect(parsedLogs(api)[0]).toMatchObject({ level: 50 });
  });
});

describe('parseOrderedAt', () => {
  it('reads dates as UTC midnight and date-times with Z or an offset', () => {
    expect(parseOrderedAt('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(parseOrderedAt('2024-06-01T10:00Z')).toEqual(new Date('2024-06-01T10:00:00Z'));
    expect(parseOrderedAt('2024-06-01T10:00:00.123456Z')).toEqual(new Date('2024-06-01T10:00:00.123Z'));
    expect(parseOrderedAt('2024-06-01T10:00:00-05:00')).toEqual(new Date('2024-06-01T15:00:00Z'));
    expect(parseOrderedAt('2024-06-01T10:00:00+0530')).toEqual(new Date('2024-06-01T04:30:00Z'));
    expect(parseOrderedAt('2024-06-01t10:00:00z')).toEqual(new Date('2024-06-01T10:00:00Z'));
  });

  it('answers a phrase for anything else', () => {
    for (const text of ['2023-02-29', '2024-13-01', '2024-06-01T10:60:00Z', '2024-06-01T10:00:00+24:00', '2024-06-01 10:00:00Z', '20240601', '']) {
      expect(typeof parseOrderedAt(text), text).toBe('string');
    }
  });
});
