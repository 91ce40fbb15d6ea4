// Bolt and the WebClient log through @slack/logger's interface; route that into our pino logger
// (so their lines are masked and leveled like ours). The level stays pino's: Bolt calls
// setLevel() on construction, which is deliberately ignored.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logging.js';

type PinoMethod = 'debug' | 'info' | 'warn' | 'error';

function write(logger: Logger, method: PinoMethod, parts: unknown[]): void {
  const err = parts.find((p): p is Error => p instanceof Error);
  const text = parts
    .filter((p) => !(p instanceof Error))
    .map((p) => (typeof p === 'string' ? p : safeJson(p)))
    .join(' ');
  if (err) logger[method]({ err }, text || err.message);
  else logger[method](text);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The WebClient's debug lines that print a whole request body: message text, customer data, and
 * the user id a DM goes to (a poll respondent's, even on an anonymous poll). Never logged.
 */
const BODY_LINE = /^http request body/i;

export function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  return {
    debug: (...parts: unknown[]) => {
      if (typeof parts[0] === 'string' && BODY_LINE.test(parts[0])) return;
      write(child, 'debug', parts);
    },
    info: (...parts: unknown[]) => write(child, 'info', parts),
    warn: (...parts: unknown[]) => write(child, 'warn', parts),
    error: (...parts: unknown[]) => write(child, 'error', parts),
    setLevel: () => undefined,
    getLevel: () => {
      switch (child.level) {
        case 'trace':
        case 'debug':
          return LogLevel.DEBUG;
        case 'info':
          return LogLevel.INFO;
        case 'warn':
          return LogLevel.WARN;
        default:
          return LogLevel.ERROR;
      }
    },
    setName: () => undefined,
  };
}
