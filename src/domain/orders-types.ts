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

export type OrderIngestOutcome =
  | { orderId: string; status: 'created'; customerId: number }
  | { orderId: string; status: 'duplicate'; customerId: number }
  | { orderId: string; status: 'rejected'; code: 'customer_not_found' | 'customer_ambiguous' | 'conflict'; message: string };
