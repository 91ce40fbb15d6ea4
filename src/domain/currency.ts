// Currencies of order amounts. Every order carries one (its own, else the configured default,
// DEFAULT_CURRENCY). Amounts in different currencies are never added up: a customer's spend and
// the tier's monetary score count the orders in the default currency only; orders in other
// currencies count for recency and frequency, and the customer card lists their totals per currency.

/** When DEFAULT_CURRENCY is not set. */
export const FALLBACK_CURRENCY = 'CNY';

// The ISO 4217 codes this runtime's Intl knows (≈160 in use; test and fund codes such as XXX excluded).
const KNOWN = new Set(Intl.supportedValuesOf('currency'));

/** The upper-cased ISO 4217 code, or null when `code` is not one. */
export function currencyCode(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return KNOWN.has(upper) ? upper : null;
}
