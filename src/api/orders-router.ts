// POST /api/orders: an ERP or shop system pushes orders, authenticated by an API key.
//
//   Authorization: Bearer <secret>   (or X-API-Key: <secret>)
//   Content-Type: application/json
//   { "orders": [ { "order_id": "A-1", "customer": "#12", "amount": 99.5, "ordered_at": "2024-05-31" } ] }
//   or one order object on its own.
//
// The JSON body parser runs on this route only: a parser mounted app-wide (or with router.use on a
// router mounted at the root) would consume the body of POST /slack/events before Bolt's signature
// check reads it. Unauthenticated requests are refused before their body is read.
//
// Request bodies hold customers' data and the headers hold keys: neither is ever logged. The log
// lines carry the key's name, counts, the status and (for refused orders) the field path.
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { currencyCode } from '../domain/currency.js';
import type { OrderIngestOutcome, OrderInput } from '../domain/orders-types.js';
import type { Logger } from '../logging.js';
import { findApiKey, type ApiKey } from './api-keys.js';

export { apiKeyFromSecret, findApiKey, parseApiKeys, type ApiKey } from './api-keys.js';

export const ORDERS_PATH = '/api/orders';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_ORDERS = 1000;
/** At most this many entries in a 400's `errors`. */
export const MAX_REPORTED_ERRORS = 50;

const DAY_MS = 24 * 60 * 60 * 1000;
const EARLIEST_ORDER = Date.UTC(2000, 0, 1);
const MAX_AMOUNT = 1e12;
const JSON_TYPES = ['application/json', 'application/*+json'];

export interface OrdersRouterOptions {
  keys: ApiKey[];
  /** Stores the orders; one outcome per order, in the same order. */
  ingest: (orders: OrderInput[]) => Promise<OrderIngestOutcome[]>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Largest accepted body, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Most orders in one request (default 1000). */
  maxOrders?: number;
  /** The current instant, for "ordered_at is not in the future" (default: the system clock). */
  now?: () => Date;
}

/** An order's result on the wire (snake_case). */
export type OrderResultBody =
  | { order_id: string; status: 'created' | 'duplicate'; customer_id: number }
  | { order_id: string; status: 'rejected'; code: 'customer_not_found' | 'customer_ambiguous' | 'conflict'; message: string };

export interface OrdersResponseBody {
  results: OrderResultBody[];
  created: number;
  duplicates: number;
  rejected: number;
}

export interface FieldError {
  /** Path in the request body, e.g. `orders[3].amount` (or `amount` for a single-order body). */
  field: string;
  message: string;
}

type Locals = { apiClient?: string };

// ---------------------------------------------------------------------------------------------
// Validation

/** `ordered_at` text → instant, or a phrase saying what is wrong. Date-only values are UTC midnight. */
export function parseOrderedAt(text: string): Date | string {
  const FORMAT = 'must be an ISO 8601 date ("2024-05-31") or date-time with a time zone ("2024-05-31T14:30:00Z" or "2024-05-31T22:30:00+08:00")';
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text);
  const parts = date ?? dateTime;
  if (!parts) return FORMAT;
  if (dateTime && dateTime[8] === undefined) return 'needs a time zone: end it with Z (UTC) or an offset such as +08:00';
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(parts[i] ?? 0)) as [number, number, number, number, number, number];
  const millis = dateTime?.[7] !== undefined ? Math.floor(Number(`0.${dateTime[7]}`) * 1000) : 0;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const realDay = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59) return `${FORMAT}; this one is not a real date or time`;
  let offsetMinutes = 0;
  const zone = dateTime?.[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 23 || offsetMins > 59) return `${FORMAT}; this one has an impossible offset`;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
  return Number.isNaN(instant.getTime()) ? FORMAT : instant;
}

const nullToUndefined = (value: unknown): unknown => (value === null ? undefined : value);

function orderSchema(now: () => Date) {
  return z
    .object({
      // A number is accepted as a whole number and becomes its decimal text.
      order_id: z.preprocess(
        (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v),
        z
          .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string or a whole number') })
          .trim()
          .min(1, 'must not be empty')
          .max(100, 'must be at most 100 characters'),
      ),
      customer: z.preprocess(
        nullToUndefined,
        z
          .string({ error: 'must be a string: our customer id ("#12") or the customer\'s exact name (or send customer_id as a number instead)' })
          .trim()
          .min(1, 'must not be empty')
          .max(100, 'must be at most 100 characters')
          .optional(),
      ),
      customer_id: z.preprocess(nullToUndefined, z.int({ error: 'must be a whole number: our customer id' }).positive('must be positive').optional()),
      amount: z
        .number({
          error: (issue) =>
            issue.input === undefined
              ? 'is required'
              : typeof issue.input === 'string'
                ? 'must be a JSON number, not a string'
                : typeof issue.input === 'number'
                  ? 'must be a finite number'
                  : 'must be a number',
        })
        .min(0, 'must not be negative')
        .max(MAX_AMOUNT, 'must be at most 1e12'),
      ordered_at: z
        .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string: an ISO 8601 date or date-time') })
        .trim()
        .transform((text, ctx) => {
          const parsed = parseOrderedAt(text);
          let problem: string | null = typeof parsed === 'string' ? parsed : null;
          if (parsed instanceof Date && parsed.getTime() < EARLIEST_ORDER) problem = 'must not be before 2000-01-01';
          if (parsed instanceof Date && parsed.getTime() > now().getTime() + DAY_MS) problem = 'is in the future (more than 1 day ahead)';
          if (problem !== null || !(parsed instanceof Date)) {
            ctx.issues.push({ code: 'custom', message: problem ?? 'is invalid', input: text });
            return z.NEVER;
          }
          return parsed;
        }),
      currency: z.preprocess(
        nullToUndefined,
        z
          .string({ error: CURRENCY_PROBLEM })
          .trim()
          .refine((code) => currencyCode(code) !== null, CURRENCY_PROBLEM)
          .transform((code) => currencyCode(code)!)
          .optional(),
      ),
    })
    // `when`: check the customer even when other fields are wrong, so every problem is reported.
    .refine((order) => order.customer !== undefined || order.customer_id !== undefined, {
      path: ['customer'],
      message: 'is required: our customer id ("#12") or the customer\'s exact name (or customer_id)',
      when: (payload) => isObject(payload.value),
    })
    .refine((order) => order.customer === undefined || order.customer_id === undefined, {
      path: ['customer_id'],
      message: 'must not be sent together with customer: send one of them',
      when: (payload) => isObject(payload.value),
    });
}

type WireOrder = z.output<ReturnType<typeof orderSchema>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CURRENCY_PROBLEM = 'must be an ISO 4217 currency code such as CNY, USD or EUR (default: the server\'s DEFAULT_CURRENCY)';

const FIELD_RANK = ['order_id', 'customer', 'customer_id', 'amount', 'ordered_at', 'currency'];

/** `['orders', 3, 'amount']` → `orders[3].amount`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}

interface Issue {
  path: (string | number)[];
  message: string;
}

/** Body order: by order index, then by the order fields' documented order. */
function sortIssues(issues: Issue[]): Issue[] {
  const key = (issue: Issue): [number, number] => {
    const index = issue.path.find((p): p is number => typeof p === 'number') ?? -1;
    const last = issue.path[issue.path.length - 1];
    const rank = typeof last === 'string' ? FIELD_RANK.indexOf(last) : -1;
    return [index, rank];
  };
  return issues
    .map((issue, position) => ({ issue, position, key: key(issue) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.position - b.position)
    .map((entry) => entry.issue);
}

/** Repeated order ids within one request, read from the raw body so they are reported alongside other problems. */
function duplicateIdIssues(rawOrders: unknown[], prefix: (string | number)[]): Issue[] {
  const firstSeen = new Map<string, number>();
  const issues: Issue[] = [];
  rawOrders.forEach((raw, index) => {
    if (!isObject(raw)) return;
    const id = raw.order_id;
    const normalized = typeof id === 'string' ? id.trim() : typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? String(id) : null;
    if (normalized === null || normalized === '') return;
    const first = firstSeen.get(normalized);
    if (first === undefined) firstSeen.set(normalized, index);
    else issues.push({ path: [...prefix, index, 'order_id'], message: `repeats ${fieldPath([...prefix, first, 'order_id'])}: each order may appear only once per request` });
  });
  return issues;
}

type ParsedBody = { ok: true; orders: WireOrder[] } | { ok: false; status: 400 | 413; body: Record<string, unknown> };

function invalid(issues: Issue[]): ParsedBody {
  const errors: FieldError[] = sortIssues(issues).map((issue) => {
    const field = fieldPath(issue.path);
    return { field: field === '' ? '(body)' : field, message: field === '' ? `The request body ${issue.message}` : `${field} ${issue.message}` };
  });
  const first = errors[0]!;
  return {
    ok: false,
    status: 400,
    body: { error: 'invalid_order', field: first.field, message: first.message, errors: errors.slice(0, MAX_REPORTED_ERRORS) },
  };
}

function parseBody(body: unknown, schema: ReturnType<typeof orderSchema>, maxOrders: number): ParsedBody {
  if (!isObject(body)) return invalid([{ path: [], message: 'must be a JSON object: one order, or { "orders": [ … ] }' }]);
  if (!('orders' in body)) {
    const parsed = schema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })));
    return { ok: true, orders: [parsed.data] };
  }
  const raw = body.orders;
  if (!Array.isArray(raw)) return invalid([{ path: ['orders'], message: 'must be an array of orders' }]);
  if (raw.length === 0) return invalid([{ path: ['orders'], message: 'must hold at least one order' }]);
  if (raw.length > maxOrders) {
    return {
      ok: false,
      status: 413,
      body: { error: 'too_many_orders', message: `At most ${maxOrders} orders per request (this one has ${raw.length}): split them over several requests.` },
    };
  }
  const parsed = z.array(schema).safeParse(raw);
  const issues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: ['orders', ...(i.path as (string | number)[])], message: i.message }));
  issues.push(...duplicateIdIssues(raw, ['orders']));
  if (!parsed.success || issues.length > 0) return invalid(issues);
  return { ok: true, orders: parsed.data };
}

function toOrderInput(order: WireOrder): OrderInput {
  return {
    orderId: order.order_id,
    customer: order.customer ?? `#${order.customer_id}`,
    amount: order.amount,
    orderedAt: order.ordered_at,
    ...(order.currency !== undefined ? { currency: order.currency } : {}),
  };
}

function toResultBody(outcome: OrderIngestOutcome): OrderResultBody {
  return outcome.status === 'rejected'
    ? { order_id: outcome.orderId, status: 'rejected', code: outcome.code, message: outcome.message }
    : { order_id: outcome.orderId, status: outcome.status, customer_id: outcome.customerId };
}

// ---------------------------------------------------------------------------------------------
// The router

/** The key sent as `Authorization: Bearer <key>` (preferred) or `X-API-Key: <key>`. */
function presentedKey(req: Request): { key: string } | { missing: true } | { malformed: true } {
  const authorization = req.get('authorization')?.trim() || undefined;
  const bearer = authorization !== undefined ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization) : null;
  if (bearer) return { key: bearer[1]! };
  const apiKey = req.get('x-api-key')?.trim();
  if (apiKey) return { key: apiKey };
  return authorization !== undefined ? { malformed: true } : { missing: true };
}

export function createOrdersRouter(options: OrdersRouterOptions): Router {
  const { keys, ingest, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxOrders = options.maxOrders ?? DEFAULT_MAX_ORDERS;
  const schema = orderSchema(options.now ?? (() => new Date()));
  const router = Router();

  const client = (res: Response): string | undefined => (res.locals as Locals).apiClient;

  const refuse = (res: Response, status: number, body: Record<string, unknown>, log: Record<string, unknown> = {}): void => {
    logger.warn({ client: client(res), status, error: body.error, ...log }, 'orders API request refused');
    res.status(status).json(body);
  };

  const authenticate: RequestHandler = (req, res, next) => {
    const presented = presentedKey(req);
    const key = 'key' in presented ? findApiKey(keys, presented.key) : null;
    if (key === null) {
      const reason = 'missing' in presented ? 'missing' : 'malformed' in presented ? 'malformed' : 'invalid';
      res.set('WWW-Authenticate', reason === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"');
      const message =
        reason === 'missing'
          ? 'An API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".'
          : reason === 'malformed'
            ? 'The Authorization header must be "Bearer <key>" (or send the key as "X-API-Key: <key>").'
            : 'The API key is not valid.';
      refuse(res, 401, { error: 'unauthorized', message }, { reason });
      return;
    }
    (res.locals as Locals).apiClient = key.name;
    next();
  };

  const requireJson: RequestHandler = (req, res, next) => {
    if (req.is(JSON_TYPES)) {
      next();
      return;
    }
    refuse(res, 415, { error: 'unsupported_media_type', message: 'Send the orders as JSON with "Content-Type: application/json".' });
  };

  // strict: only an object or an array at the top level.
  const parseJson = express.json({ limit: maxBodyBytes, strict: true, type: JSON_TYPES });

  // body-parser's errors. Their `message` and `body` may quote the request body: never logged.
  const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    const type = isObject(error) && typeof error.type === 'string' ? error.type : undefined;
    if (type === undefined) {
      next(error);
      return;
    }
    if (type === 'entity.too.large') {
      refuse(res, 413, { error: 'payload_too_large', message: `The body is larger than ${maxBodyBytes} bytes: send the orders in several requests.` });
    } else if (type === 'entity.parse.failed') {
      const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
      const where = position !== undefined ? ` (near byte ${position})` : '';
      refuse(res, 400, { error: 'invalid_json', message: `The body is not valid JSON${where}; it must be one order object or { "orders": [ … ] }.` });
    } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      refuse(res, 415, { error: 'unsupported_media_type', message: 'Send the body as UTF-8 JSON (gzip, deflate or br content encodings are accepted).' });
    } else {
      const status = isObject(error) && typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 400;
      refuse(res, status, { error: 'bad_request', message: 'The request body could not be read.' }, { reason: type });
    }
  };

  const receive: RequestHandler = async (req, res) => {
    const parsed = parseBody(req.body, schema, maxOrders);
    if (!parsed.ok) {
      refuse(res, parsed.status, parsed.body, parsed.body.error === 'invalid_order' ? { field: parsed.body.field, errorCount: (parsed.body.errors as unknown[]).length } : {});
      return;
    }
    const orders = parsed.orders.map(toOrderInput);
    let outcomes: OrderIngestOutcome[];
    try {
      outcomes = await ingest(orders);
      if (outcomes.length !== orders.length) throw new Error(`ingest returned ${outcomes.length} outcomes for ${orders.length} orders`);
    } catch (err) {
      logger.error({ client: client(res), orders: orders.length, err }, 'orders API: storing the orders failed');
      res.status(500).json({ error: 'internal', message: 'The orders could not be stored; retry later (sending the same orders again is safe).' });
      return;
    }
    const results = outcomes.map(toResultBody);
    const count = (status: OrderResultBody['status']) => results.filter((r) => r.status === status).length;
    const body: OrdersResponseBody = { results, created: count('created'), duplicates: count('duplicate'), rejected: count('rejected') };
    // 207: look at the results; 201: something new and nothing refused; 200: an idempotent replay.
    const status = body.rejected > 0 ? 207 : body.created > 0 ? 201 : 200;
    logger.info({ client: client(res), status, orders: orders.length, created: body.created, duplicates: body.duplicates, rejected: body.rejected }, 'orders API: orders received');
    res.status(status).json(body);
  };

  // Anything else (a bug): 500 without detail, logged without the body.
  const unexpected: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    logger.error({ client: client(res), err }, 'orders API: unexpected error');
    if (res.headersSent) return;
    res.status(500).json({ error: 'internal', message: 'Something went wrong on our side; retry later.' });
  };

  router.post(ORDERS_PATH, authenticate, requireJson, parseJson, bodyErrors, receive, unexpected);
  router.all(ORDERS_PATH, (req, res) => {
    res.set('Allow', 'POST');
    res.status(405).json({ error: 'method_not_allowed', message: `Use POST ${ORDERS_PATH}.` });
  });
  return router;
}
