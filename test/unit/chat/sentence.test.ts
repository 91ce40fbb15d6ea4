import { describe, expect, it } from 'vitest';
import { detectChannel, matchCustomers, parseSentence, type SentenceOptions } from '../../../src/chat/text/sentence.js';

const customers = [
  { id: 1, name: 'Acme' },
  { id: 2, name: 'Acme Trading' },
  { id: 3, name: '上海贸易' },
  { id: 4, name: '华为' },
  { id: 5, name: "Bob's Shop" },
  { id: 6, name: 'Sunday Foods' },
  { id: 7, name: 'ＩＢＭ China' },
];
// Tuesday 2026-11-24 10:00 Shanghai; 09:00 local = 01:00Z.
const OPTS: SentenceOptions = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai', customerNames: customers };
const parse = (text: string, opts: Partial<SentenceOptions> = {}) => parseSentence(text, { ...OPTS, ...opts });
const followUpIso = (text: string, opts: Partial<SentenceOptions> = {}) => {
  const f = parse(text, opts).followUp;
  return f && { iso: f.date.toISOString(), hasTime: f.hasTime };
};

describe('parseSentence: the examples', () => {
  it('called Acme about the renewal, follow up next Tuesday', () => {
    const text = 'called Acme about the renewal, follow up next Tuesday';
    const d = parse(`  ${text} `);
    expect(d).toEqual({
      channel: 'call',
      customerMatches: [{ id: 1, name: 'Acme' }],
      customerText: null,
      summary: text,
      followUp: { date: new Date('2026-12-01T01:00:00.000Z'), hasTime: false },
    });
  });

  it('visited Acme Trading today, send quote, follow up Friday', () => {
    const d = parse('visited Acme Trading today, send quote, follow up Friday');
    expect(d.channel).toBe('visit');
    expect(d.customerMatches).toEqual([{ id: 2, name: 'Acme Trading' }]);
    expect(d.followUp).toEqual({ date: new Date('2026-11-27T01:00:00.000Z'), hasTime: false });
  });

  it('给上海贸易打了电话，谈续约，下周二回访', () => {
    const d = parse('给上海贸易打了电话，谈续约，下周二回访');
    expect(d).toEqual({
      channel: 'call',
      customerMatches: [{ id: 3, name: '上海贸易' }],
      customerText: null,
      summary: '给上海贸易打了电话，谈续约，下周二回访',
      followUp: { date: new Date('2026-12-01T01:00:00.000Z'), hasTime: false },
    });
  });

  it('拜访了华为，下周五跟进', () => {
    const d = parse('拜访了华为，下周五跟进');
    expect(d.channel).toBe('visit');
    expect(d.customerMatches).toEqual([{ id: 4, name: '华为' }]);
    expect(d.followUp).toEqual({ date: new Date('2026-12-04T01:00:00.000Z'), hasTime: false });
  });

  it("emailed Bob's Shop re invoice (typed with a phone's curly apostrophe)", () => {
    const d = parse('emailed Bob’s Shop re invoice');
    expect(d.channel).toBe('email');
    expect(d.customerMatches).toEqual([{ id: 5, name: "Bob's Shop" }]);
    expect(d.followUp).toBeNull();
    expect(d.summary).toBe('emailed Bob’s Shop re invoice');
  });
});

describe('parseSentence: channel', () => {
  it.each([
    ['called Acme', 'call'],
    ['phoned Acme', 'call'],
    ['rang Acme', 'call'],
    ['Call with Acme', 'call'],
    ['致电华为', 'call'],
    ['和华为通了电话', 'call'],
    ['visited Acme', 'visit'],
    ['met at Acme HQ', 'visit'],
    ['上门拜访华为', 'visit'],
    ['emailed Acme', 'email'],
    ['sent a mail to Acme', 'email'],
    ['给华为发了邮件', 'email'],
    ['wechat with Acme', 'wechat'],
    ['微信联系了华为', 'wechat'],
    ['meeting with Acme', 'meeting'],
    ['met Acme', 'meeting'],
    ['和华为开会', 'meeting'],
    ['华为会议纪要', 'meeting'],
    ['sent quote to Acme', 'other'],
    ['recalled the metal order', 'other'],
    ['华为报价', 'other'],
  ] as const)('%s → %s', (text, channel) => {
    expect(detectChannel(text)).toBe(channel);
  });

  it('takes the first channel mentioned', () => {
    expect(detectChannel('visited Acme, will call them Friday')).toBe('visit');
    expect(detectChannel('called Acme to set up a meeting')).toBe('call');
    expect(detectChannel('拜访了华为，下周打电话')).toBe('visit');
  });
});

describe('parseSentence: customers', () => {
  it('keeps only the longer name when the shorter one occurs only inside it', () => {
    expect(matchCustomers('visited Acme Trading today', customers).matches).toEqual([{ id: 2, name: 'Acme Trading' }]);
  });

  it('keeps both when the shorter one is also said on its own, longest first', () => {
    expect(parse('called Acme, then visited Acme Trading').customerMatches).toEqual([
      { id: 2, name: 'Acme Trading' },
      { id: 1, name: 'Acme' },
    ]);
  });

  it('matches case-, width- and space-insensitively', () => {
    expect(parse('called ACME   trading').customerMatches).toEqual([{ id: 2, name: 'Acme Trading' }]);
    expect(parse('called ＡＣＭＥ').customerMatches).toEqual([{ id: 1, name: 'Acme' }]);
    expect(parse('met ibm china today').customerMatches).toEqual([{ id: 7, name: 'ＩＢＭ China' }]);
    expect(parse('拜访了 上海贸易').customerMatches).toEqual([{ id: 3, name: '上海贸易' }]);
  });

  it('does not match a Latin name inside a longer word, but does inside Chinese text', () => {
    expect(parse('called Acmeco and Pacme').customerMatches).toEqual([]);
    expect(parse("visited Acme's office").customerMatches).toEqual([{ id: 1, name: 'Acme' }]);
    expect(parse('给Acme打了电话').customerMatches).toEqual([{ id: 1, name: 'Acme' }]);
    expect(parse('去华为总部开会').customerMatches).toEqual([{ id: 4, name: '华为' }]);
  });

  it('returns spans in the original text', () => {
    const text = 'called  ＡＣＭＥ　Trading today';
    const { spans } = matchCustomers(text, customers);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['ＡＣＭＥ　Trading']);
  });

  it('ignores empty names and an empty list', () => {
    expect(parse('called Acme', { customerNames: [{ id: 9, name: '  ' }] }).customerMatches).toEqual([]);
    expect(parse('called Acme', { customerNames: [] }).customerMatches).toEqual([]);
  });
});

describe('parseSentence: customer words when nothing matched', () => {
  const guess = (text: string) => parse(text, { customerNames: [] }).customerText;

  it.each([
    ['called Globex about pricing', 'Globex'],
    ['visited Initech Ltd today, send quote', 'Initech Ltd'],
    ["emailed Bob's Shop re invoice", "Bob's Shop"],
    ['met with Umbrella Corp to discuss renewal', 'Umbrella Corp'],
    ['wechat with 张三 about samples', '张三'],
    ['spoke to Hooli. Follow up friday', 'Hooli'],
    ['给阿里巴巴打了电话，谈续约', '阿里巴巴'],
    ['拜访了腾讯，下周五跟进', '腾讯'],
    ['和小米开会讨论新方案', '小米'],
    ['致电京东，确认订单', '京东'],
    ['去美团拜访了王总', '美团'],
  ])('%s → %s', (text, expected) => {
    expect(guess(text)).toBe(expected);
  });

  it('is null when there is nothing to guess', () => {
    expect(guess('开会讨论了新方案')).toBeNull();
    expect(guess('sent the quote')).toBeNull();
    expect(guess('met at the airport')).toBeNull();
    expect(guess('called them yesterday')).toBeNull();
  });

  it('is null when a customer matched', () => {
    expect(parse('called Acme about pricing').customerText).toBeNull();
  });
});

describe('parseSentence: follow-up', () => {
  it('prefers a date next to a follow-up word, read forward', () => {
    // A bare "monday" is last Monday; after "follow up" it is the coming one.
    expect(followUpIso('called Acme, follow up monday')).toEqual({ iso: '2026-11-30T01:00:00.000Z', hasTime: false });
    expect(followUpIso('met Acme monday, follow up next week')).toEqual({ iso: '2026-12-01T01:00:00.000Z', hasTime: false });
    expect(followUpIso('called Acme about the proposal, follow up on the pricing friday')).toEqual({
      iso: '2026-11-27T01:00:00.000Z',
      hasTime: false,
    });
    expect(followUpIso('回访时间：12月4日')).toEqual({ iso: '2026-12-04T01:00:00.000Z', hasTime: false });
    expect(followUpIso('明天拜访华为')).toEqual({ iso: '2026-11-25T01:00:00.000Z', hasTime: false });
  });

  it('keeps a time when one is given', () => {
    expect(followUpIso('called Acme, call them back tomorrow 3pm')).toEqual({ iso: '2026-11-25T07:00:00.000Z', hasTime: true });
    expect(followUpIso('拜访了华为，明天下午3点再联系')).toEqual({ iso: '2026-11-25T07:00:00.000Z', hasTime: true });
  });

  it('otherwise takes any date on a later day', () => {
    expect(followUpIso('visited Acme today, quote due dec 4')).toEqual({ iso: '2026-12-04T01:00:00.000Z', hasTime: false });
    expect(followUpIso('emailed Acme; they decide in 3 days')).toEqual({ iso: '2026-11-27T01:00:00.000Z', hasTime: false });
  });

  it('is null for past dates, today, and same-day times with no follow-up word', () => {
    expect(followUpIso('visited Acme today')).toBeNull();
    expect(followUpIso('met Acme monday')).toBeNull();
    expect(followUpIso('called Acme yesterday')).toBeNull();
    expect(followUpIso('called Acme now')).toBeNull();
    expect(followUpIso('下午拜访了华为')).toBeNull();
    expect(followUpIso('昨天给上海贸易打了电话')).toBeNull();
    expect(followUpIso('emailed Bob about the invoice')).toBeNull();
  });

  it('does not read a date inside a customer name', () => {
    expect(followUpIso('follow up with Sunday Foods')).toBeNull();
    expect(parse('follow up with Sunday Foods').customerMatches).toEqual([{ id: 6, name: 'Sunday Foods' }]);
    // Without the customer in the list the weekday is a weekday.
    expect(followUpIso('follow up with Sunday Foods', { customerNames: [] })).toEqual({
      iso: '2026-11-29T01:00:00.000Z',
      hasTime: false,
    });
  });

  it('reads dates in the user timezone (New York, across the end of DST)', () => {
    const ny = { now: new Date('2026-10-30T14:00:00Z'), timezone: 'America/New_York' }; // Fri 10:00 EDT
    expect(followUpIso('called Acme, follow up monday', ny)).toEqual({ iso: '2026-11-02T14:00:00.000Z', hasTime: false });
    expect(followUpIso('拜访了华为，下周一下午3点跟进', ny)).toEqual({ iso: '2026-11-02T20:00:00.000Z', hasTime: true });
  });
});
