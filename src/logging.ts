// One pino logger for the whole app, with personal data and credentials kept out of the logs.
// Two layers: pino's path redaction for well-known fields (fast, exact), and a masking pass over
// every string that reaches the log line (message, fields, errors) for emails, phone numbers and
// Slack tokens that end up inside free text — customer notes, API error bodies, exception messages.
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/env.js';

export type { Logger } from 'pino';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Slack tokens (bot/user/app/config) and bearer credentials.
const TOKEN = /\b(?:xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/-]+=*/gi;
// International numbers: "+" then 7–15 digits with optional spaces, dashes, dots or parentheses.
const INTERNATIONAL_PHONE = /\+\d[\d\s().-]{5,}\d/g;
// Mainland China mobile numbers (11 digits, 1[3-9]…), alone or grouped 3-4-4.
const CN_MOBILE = /(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;
// Grouped local numbers such as (555) 123-4567, 555-123-4567, 010 1234 5678.
// Plain digit runs are left alone on purpose: they are usually ids, counts and timestamps.
const GROUPED_PHONE = /(?<![\w-])\(?\d{2,4}\)?[\s-]\d{3,4}[\s-]\d{3,4}(?![\w-])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Masks emails, phone numbers and credentials inside free text. */
export function maskPersonalData(text: string): string {
  return text
    .replace(TOKEN, '[token]')
    .replace(BEARER, '$1 [token]')
    .replace(EMAIL, '[email]')
    .replace(INTERNATIONAL_PHONE, '[phone]')
    .replace(CN_MOBILE, '[phone]')
    .replace(GROUPED_PHONE, (match) => (ISO_DATE.test(match) ? match : '[phone]'));
}

const MAX_DEPTH = 8;

/** A masked copy of any loggable value; Errors become plain {type, message, stack, …} objects. */
export function maskDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[depth limit]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return maskDeep(stdSerializers.err(value), depth + 1, seen);
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value)) return `[buffer ${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = maskDeep(item, depth + 1, seen);
  return out;
}

/** Field paths that never reach the output, whatever their content. */
export const REDACTED_PATHS = [
  'token',
  'secret',
  'password',
  'phone',
  'email',
  'signingSecret',
  'botToken',
  'appToken',
  '*.token',
  '*.secret',
  '*.password',
  '*.phone',
  '*.email',
  '*.signingSecret',
  '*.botToken',
  '*.appToken',
  '*.*.token',
  '*.*.phone',
  '*.*.email',
  'headers.authorization',
  'headers.cookie',
  'headers["x-slack-signature"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-slack-signature"]',
];

export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined, // no pid/hostname noise; the process manager adds its own
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // The masking pass: formatters.log sees every merged field object, the msg serializer the
    // message string. Errors are serialized inside maskDeep, so the err serializer is identity.
    formatters: {
      log: (object: Record<string, unknown>) => maskDeep(object) as Record<string, unknown>,
    },
    serializers: {
      msg: (msg: unknown) => (typeof msg === 'string' ? maskPersonalData(msg) : msg),
      err: (err: unknown) => err,
    },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  return maskChildBindings(logger);
}

// pino serializes child bindings once, without formatters.log, so they are masked here.
// Children are created with Object.create(parent), so this override is inherited by every child.
function maskChildBindings(logger: Logger): Logger {
  const originalChild = logger.child;
  const child = function (this: Logger, bindings: Record<string, unknown>, options?: object) {
    return originalChild.call(this, maskDeep(bindings) as Record<string, unknown>, options);
  };
  logger.child = child as Logger['child'];
  return logger;
}
