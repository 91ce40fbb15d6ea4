// Drafts of contacts understood from a plain sentence. Kept in the database (not in memory) so
// Save works on any replica and a double click saves once.
import { randomUUID } from 'node:crypto';
import type { ContactService, LoggedContact } from './contacts.js';
import { DomainError } from './errors.js';
import type { Stores } from './ports.js';
import type { ContactChannel, ContactDraft, User } from './types.js';

export interface DraftInput {
  customerId: number | null;
  customerText: string;
  channel: ContactChannel;
  summary: string;
  nextFollowUpAt: Date | null;
}

export class DraftService {
  constructor(
    private readonly stores: Stores,
    private readonly contacts: ContactService,
  ) {}

  create(actor: User, input: DraftInput): Promise<ContactDraft> {
    return this.stores.drafts.create({ id: randomUUID(), userId: actor.id, ...input });
  }

  /** The actor's own open draft; anything else (someone else's, saved, cancelled) is gone. */
  async open(actor: User, id: string): Promise<ContactDraft> {
    const draft = await this.stores.drafts.findById(id);
    if (!draft || draft.userId !== actor.id || draft.status !== 'open') throw new DomainError('draft.gone');
    return draft;
  }

  async update(actor: User, id: string, changes: Partial<DraftInput>): Promise<ContactDraft> {
    await this.open(actor, id);
    return this.stores.drafts.update(id, changes);
  }

  /**
   * Saves the draft as a contact log exactly once, however many times Save is clicked: the log
   * carries the draft id as its request key, which the database keeps unique.
   */
  async save(actor: User, id: string, timezone: string): Promise<LoggedContact> {
    const draft = await this.open(actor, id);
    if (draft.customerId === null) throw new DomainError('customer.not_found', { query: draft.customerText });
    const logged = await this.contacts.log(
      actor,
      { customerId: draft.customerId, channel: draft.channel, summary: draft.summary, nextFollowUpAt: draft.nextFollowUpAt, source: 'dm', requestKey: `draft:${id}` },
      timezone,
    );
    await this.stores.drafts.close(id, 'saved');
    return logged;
  }

  async cancel(actor: User, id: string): Promise<void> {
    await this.open(actor, id);
    if (!(await this.stores.drafts.close(id, 'cancelled'))) throw new DomainError('draft.gone');
  }
}
