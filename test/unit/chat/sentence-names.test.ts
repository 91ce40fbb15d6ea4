// What a sentence hands to customer resolution when no whole name is in it: the words that point
// at the customer ("Acme" of Acme Trading, "华东" of 华东贸易), found then as a command's would be.
import { describe, expect, it } from 'vitest';
import { parseSentence, type SentenceOptions } from '../../../src/chat/text/sentence.js';

const OPTS: SentenceOptions = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai', customerNames: [{ id: 1, name: 'Acme Trading' }, { id: 2, name: '华东贸易' }] };

describe('a part of a name in a sentence', () => {
  it('in English: the words after the verb', () => {
    const d = parseSentence('called Acme about the renewal, follow up next Tuesday', OPTS);
    expect(d.customerMatches).toEqual([]);
    expect(d.customerText).toBe('Acme');
    expect(d.followUp?.date.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseSentence('called Acmee about pricing', OPTS).customerText).toBe('Acmee');
  });

  it('in Chinese: the words between 给 and 打了电话, with the follow-up after', () => {
    const d = parseSentence('给华东打了电话，3天后再联系', OPTS);
    expect(d.channel).toBe('call');
    expect(d.customerText).toBe('华东');
    expect(d.followUp?.date.toISOString().slice(0, 10)).toBe('2026-11-27');
  });

  it('a whole name said is matched as before', () => {
    expect(parseSentence('给华东贸易打了电话', OPTS).customerMatches).toEqual([{ id: 2, name: '华东贸易' }]);
  });
});
