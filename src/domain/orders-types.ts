// Orders as they arrive from outside (CSV import, the REST API): before they are matched to a customer.

/** One order from an ERP or shop system. `orderId` is the sender's id: importing it twice changes nothing. */
export interface OrderInput {
  orderId: string;
  /** The customer as the sender names it: our id (`#12` / 12) or the customer's exact name. */
  customer: string;
  amount: number;
  orderedAt: Date;
  currency?: string;
}

/** An order as stored: what a later copy of the same order id is compared with. */
export interface StoredOrder {
  orderId: string;
  customerId: number;
  amount: number;
  currency: string;
  orderedAt: Date;
}

/**
 * The same order sent again (a duplicate, skipped) rather than other figures under a known order
 * id (a conflict, refused): the one comparison for ingesting and for an import's preview.
 */
export function sameOrder(stored: StoredOrder, incoming: StoredOrder): boolean {
  return stored.customerId === incoming.customerId && stored.amount === incoming.amount && stored.currency === incoming.currency && stored.orderedAt.getTime() === incoming.orderedAt.getTime();
}

export type OrderIngestOutcome =
  | { orderId: string; status: 'created'; customerId: number }
  | { orderId: string; status: 'duplicate'; customerId: number }
  | { orderId: string; status: 'rejected'; code: 'customer_not_found' | 'customer_ambiguous' | 'conflict'; message: string };
