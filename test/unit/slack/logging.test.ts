// src/logging.ts: credentials and personal data never reach the log output.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPersonalData } from '../../../src/logging.js';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('debug', sink), output: () => lines.join('') };
}

describe('createLogger', () => {
  it('redacts token, secret, phone and email fields and the authorization header', () => {
    const { logger, output } = capture();
    logger.info(
      { token: 'xoxb-1', customer: { phone: '555', email: 'e' }, config: { secret: 's3' }, req: { headers: { authorization: 'Bearer abc' } } },
      'hello',
    );
    const line = JSON.parse(output());
    expect(line).toMatchObject({ token: '[redacted]', customer: { phone: '[redacted]', email: '[redacted]' }, config: { secret: '[redacted]' } });
    expect(line.req.headers.authorization).toBe('[redacted]');
  });

  it('masks emails, phone numbers and tokens inside messages, other fields, errors and child bindings', () => {
    const { logger, output } = capture();
    logger.child({ note: 'from ann@example.com' }).error(
      { err: new Error('rejected +86 138-1234-5678 with xoxb-999-secret'), text: 'call (555) 123-4567 or 13912345678' },
      'user bob@example.org said hi',
    );
    const out = output();
    for (const leaked of ['ann@example.com', '138-1234-5678', 'xoxb-999', '(555) 123-4567', '13912345678', 'bob@example.org']) {
      expect(out).not.toContain(leaked);
    }
    const line = JSON.parse(out);
    expect(line.msg).toBe('user [email] said hi');
    expect(line.err.message).toBe('rejected [phone] with [token]');
    expect(line.note).toBe('from [email]');
  });
});

describe('maskPersonalData', () => {
  it('leaves ids, timestamps, dates and IPs alone', () => {
    const text = 'user U2CERLKJA ts 1531420618.000200 ms 1700000000123 on 2025-01-31 from 127.0.0.1 count 42';
    expect(maskPersonalData(text)).toBe(text);
  });
});
