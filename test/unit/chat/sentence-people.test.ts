// Review of issue 11 §2: a sentence that names a person, an address or a number is not offering a
// customer of that name; the customer is where the person is ("the buyer from Acme", "华东的李经理").
import { describe, expect, it } from 'vitest';
import { parseSentence, type SentenceOptions } from '../../../src/chat/text/sentence.js';

const OPTS: SentenceOptions = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai', customerNames: [{ id: 1, name: 'Acme Trading' }, { id: 2, name: '华东贸易' }] };
const customerText = (text: string) => parseSentence(text, OPTS).customerText;

describe('the person called is not the customer', () => {
  it('a mention, or someone described: the customer is after at, from or of', () => {
    expect(customerText('called @Bob at Acme about the renewal')).toBe('Acme');
    expect(customerText('met with the buyer from Acme today')).toBe('Acme');
    expect(customerText('spoke to the owner of Acme, wants a quote')).toBe('Acme');
    expect(customerText('给@李雷打了电话')).toBeNull();
  });

  it('in Chinese: the company before 的, the person after it', () => {
    expect(customerText('给华东的李经理打了电话')).toBe('华东');
    expect(customerText('拜访了华东的王总，谈了续约')).toBe('华东');
  });

  it('an email address, a link or a phone number is never taken for a name', () => {
    expect(customerText('emailed bob@acme.com about the quote')).toBeNull();
    expect(customerText('called +86 138 0013 8000 about the order')).toBeNull();
    expect(customerText('visited https://acme.example/office today')).toBeNull();
    // A name after them still counts.
    expect(customerText('emailed bob@acme.com at Acme about the quote')).toBe('Acme');
  });

  it('a plain object after the verb is still the customer', () => {
    expect(customerText('called Acmee about pricing')).toBe('Acmee');
    expect(customerText('called Acme about the renewal, follow up next Tuesday')).toBe('Acme');
  });
});
