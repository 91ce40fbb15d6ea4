// Button values that change something irreversible (erase) carry a MAC bound to the person who
// was shown the button, so a forged or replayed payload naming another customer is refused.
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_LENGTH = 22; // 132 bits of base64url: ample, and short enough for any platform's value limit

function mac(secret: string, purpose: string, actorId: number, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${actorId}\n${payload}`).digest('base64url').slice(0, MAC_LENGTH);
}

export function signValue(secret: string, purpose: string, actorId: number, payload: string): string {
  return `${payload}.${mac(secret, purpose, actorId, payload)}`;
}

/** The payload when the value was signed for this purpose and actor, else null. */
export function verifyValue(secret: string, purpose: string, actorId: number, value: string): string | null {
  const at = value.lastIndexOf('.');
  if (at <= 0) return null;
  const payload = value.slice(0, at);
  const given = Buffer.from(value.slice(at + 1));
  const expected = Buffer.from(mac(secret, purpose, actorId, payload));
  return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
}
