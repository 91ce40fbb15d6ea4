import { afterEach, describe, expect, it } from 'vitest';
import {
  findDateInSentence,
  findDatesInSentence,
  formatDate,
  isBeforeToday,
  isPast,
  localDateKey,
  parseWhen,
  type WhenOptions,
} from '../../../src/chat/text/dates.js';

// Tuesday 2026-11-24 10:00 in Shanghai (UTC+8, no DST). 09:00 local = 01:00Z.
const SH: WhenOptions = { now: new Date('2026-11-24T02:00:00Z'), timezone: 'Asia/Shanghai' };

function when(text: string, opts: WhenOptions = SH): { iso: string; hasTime: boolean } {
  const r = parseWhen(text, opts);
  if (!r.ok) throw new Error(`"${text}" was unparseable`);
  return { iso: r.date.toISOString(), hasTime: r.hasTime };
}
const day = (iso: string) => ({ iso, hasTime: false });
const timed = (iso: string) => ({ iso, hasTime: true });

describe('parseWhen: ISO and numeric dates', () => {
  it.each([
    ['2026-12-04', day('2026-12-04T01:00:00.000Z')],
    ['2026/12/4', day('2026-12-04T01:00:00.000Z')],
    ['2026-12-04 15:00', timed('2026-12-04T07:00:00.000Z')],
    ['2026-12-04T15:00:00Z', timed('2026-12-04T15:00:00.000Z')],
    ['2026年12月4日', day('2026-12-04T01:00:00.000Z')],
  ])('%s', (text, expected) => {
    expect(when(text)).toEqual(expected);
  });
});

describe('parseWhen: English', () => {
  it.each([
    ['today', day('2026-11-24T01:00:00.000Z')],
    ['tomorrow', day('2026-11-25T01:00:00.000Z')],
    ['Tomorrow', day('2026-11-25T01:00:00.000Z')],
    ['in 3 days', day('2026-11-27T01:00:00.000Z')],
    ['friday', day('2026-11-27T01:00:00.000Z')],
    // chrono: "next <weekday>" is that day in the next Monday-to-Sunday week, not the coming one.
    ['next friday', day('2026-12-04T01:00:00.000Z')],
    ['next tuesday', day('2026-12-01T01:00:00.000Z')],
    ['next week', day('2026-12-01T01:00:00.000Z')],
    // forwardDate: a bare weekday that already passed this week is next week's.
    ['monday', day('2026-11-30T01:00:00.000Z')],
    ['friday 3pm', timed('2026-11-27T07:00:00.000Z')],
    ['dec 4', day('2026-12-04T01:00:00.000Z')],
    ['4 Dec', day('2026-12-04T01:00:00.000Z')],
    // forwardDate: a month-day already past this year is next year's.
    ['nov 20', day('2027-11-20T01:00:00.000Z')],
    ['tomorrow at 3:30pm', timed('2026-11-25T07:30:00.000Z')],
    ['in 2 hours', timed('2026-11-24T04:00:00.000Z')],
    ['tonight', timed('2026-11-24T14:00:00.000Z')],
    // chrono implies 06:00 for "morning"; a business morning is 09:00.
    ['tomorrow morning', timed('2026-11-25T01:00:00.000Z')],
    ['3pm EST', timed('2026-11-24T20:00:00.000Z')],
  ])('%s', (text, expected) => {
    expect(when(text)).toEqual(expected);
  });

  it('accepts filler around the date', () => {
    expect(when('by friday')).toEqual(day('2026-11-27T01:00:00.000Z'));
    expect(when('follow up next tuesday')).toEqual(day('2026-12-01T01:00:00.000Z'));
    expect(when('next friday follow up')).toEqual(day('2026-12-04T01:00:00.000Z'));
    expect(when('  friday. ')).toEqual(day('2026-11-27T01:00:00.000Z'));
  });

  it('can resolve to the nearest weekday instead of the next one', () => {
    expect(when('monday', { ...SH, forwardDate: false })).toEqual(day('2026-11-23T01:00:00.000Z'));
  });
});

describe('parseWhen: Chinese', () => {
  it.each([
    ['今天', day('2026-11-24T01:00:00.000Z')],
    ['明天', day('2026-11-25T01:00:00.000Z')],
    ['后天', day('2026-11-26T01:00:00.000Z')],
    ['大后天', day('2026-11-27T01:00:00.000Z')],
    ['周五', day('2026-11-27T01:00:00.000Z')],
    ['本周五', day('2026-11-27T01:00:00.000Z')],
    ['这周五', day('2026-11-27T01:00:00.000Z')],
    ['下周五', day('2026-12-04T01:00:00.000Z')],
    ['下周二', day('2026-12-01T01:00:00.000Z')],
    ['下星期一', day('2026-11-30T01:00:00.000Z')],
    ['下周日', day('2026-12-06T01:00:00.000Z')],
    ['下下周一', day('2026-12-07T01:00:00.000Z')],
    ['3天后', day('2026-11-27T01:00:00.000Z')],
    ['三天后', day('2026-11-27T01:00:00.000Z')],
    ['一周后', day('2026-12-01T01:00:00.000Z')],
    ['两周后', day('2026-12-08T01:00:00.000Z')],
    ['下周', day('2026-12-01T01:00:00.000Z')],
    ['下个月', day('2026-12-24T01:00:00.000Z')],
    ['12月4日', day('2026-12-04T01:00:00.000Z')],
    ['12月4号', day('2026-12-04T01:00:00.000Z')],
    ['明天下午3点', timed('2026-11-25T07:00:00.000Z')],
    ['明天上午10点半', timed('2026-11-25T02:30:00.000Z')],
    ['下周五下午3点', timed('2026-12-04T07:00:00.000Z')],
    ['后天下午两点', timed('2026-11-26T06:00:00.000Z')],
    ['2小时后', timed('2026-11-24T04:00:00.000Z')],
    ['明早', timed('2026-11-25T01:00:00.000Z')],
    ['今晚', timed('2026-11-24T14:00:00.000Z')],
  ])('%s', (text, expected) => {
    expect(when(text)).toEqual(expected);
  });

  it('joins a date and the part of day after it, which chrono leaves as two results', () => {
    expect(when('下周三上午')).toEqual(timed('2026-12-02T01:00:00.000Z')); // 09:00
    expect(when('12月4日下午')).toEqual(timed('2026-12-04T07:00:00.000Z')); // chrono's 15:00
  });

  it('reads a bare 1-6 o\'clock as the afternoon, but not an explicit am, 上午, 凌晨 or hh:mm', () => {
    expect(when('明天3点')).toEqual(timed('2026-11-25T07:00:00.000Z'));
    expect(when('明天3点半')).toEqual(timed('2026-11-25T07:30:00.000Z'));
    expect(when('friday at 3', { ...SH, locale: 'en' })).toEqual(timed('2026-11-27T07:00:00.000Z'));
    expect(when('明天上午3点')).toEqual(timed('2026-11-24T19:00:00.000Z'));
    expect(when('明天凌晨3点')).toEqual(timed('2026-11-24T19:00:00.000Z'));
    expect(when('tomorrow 3am')).toEqual(timed('2026-11-24T19:00:00.000Z'));
    expect(when('2026-12-04 03:00')).toEqual(timed('2026-12-03T19:00:00.000Z'));
    expect(when('friday at 7')).toEqual(timed('2026-11-26T23:00:00.000Z'));
  });

  it('takes the date part of "下周二回访" and similar', () => {
    expect(when('下周二回访')).toEqual(day('2026-12-01T01:00:00.000Z'));
    expect(when('下周二再回访。')).toEqual(day('2026-12-01T01:00:00.000Z'));
    expect(when('下周五跟进')).toEqual(day('2026-12-04T01:00:00.000Z'));
    expect(when('周五前')).toEqual(day('2026-11-27T01:00:00.000Z'));
  });

  it('uses Monday-to-Sunday weeks on a Sunday too (chrono alone puts 下周五 twelve days out)', () => {
    const sunday: WhenOptions = { now: new Date('2026-11-22T02:00:00Z'), timezone: 'Asia/Shanghai' };
    expect(when('下周五', sunday)).toEqual(day('2026-11-27T01:00:00.000Z'));
    expect(when('下周一', sunday)).toEqual(day('2026-11-23T01:00:00.000Z'));
    expect(when('本周日', sunday)).toEqual(day('2026-11-22T01:00:00.000Z'));
    // English "next friday" on a Sunday agrees: chrono also counts Monday-to-Sunday weeks.
    expect(when('next friday', sunday)).toEqual(day('2026-11-27T01:00:00.000Z'));
  });
});

describe('parseWhen: language preference', () => {
  it('still reads the other language when a locale is given', () => {
    expect(when('明天', { ...SH, locale: 'en' })).toEqual(day('2026-11-25T01:00:00.000Z'));
    expect(when('next friday', { ...SH, locale: 'zh' })).toEqual(day('2026-12-04T01:00:00.000Z'));
  });
});

describe('parseWhen: not a date', () => {
  it.each(['asdf', '', '   ', 'Acme', 'follow up', 'tomorrow asdf', '明天或后天', '回访', 'next', '下下下周一'])(
    '%j is unparseable',
    (text) => {
      expect(parseWhen(text, SH)).toEqual({ ok: false, code: 'unparseable' });
    },
  );
});

describe('parseWhen: America/New_York across the end of DST (2026-11-01 02:00 EDT → 01:00 EST)', () => {
  // Friday 2026-10-30 10:00 EDT (UTC-4).
  const NY: WhenOptions = { now: new Date('2026-10-30T14:00:00Z'), timezone: 'America/New_York' };

  it('uses EDT before the change and EST after it', () => {
    expect(when('tomorrow', NY)).toEqual(day('2026-10-31T13:00:00.000Z')); // 09:00 EDT
    expect(when('in 3 days', NY)).toEqual(day('2026-11-02T14:00:00.000Z')); // 09:00 EST
    expect(when('next monday', NY)).toEqual(day('2026-11-02T14:00:00.000Z'));
    expect(when('monday 3pm', NY)).toEqual(timed('2026-11-02T20:00:00.000Z'));
    expect(when('2026-11-01 12:00', NY)).toEqual(timed('2026-11-01T17:00:00.000Z'));
    expect(when('下周一下午3点', NY)).toEqual(timed('2026-11-02T20:00:00.000Z'));
  });

  it('reads an ambiguous wall time (01:30 happens twice) as the first one', () => {
    expect(when('2026-11-01 01:30', NY)).toEqual(timed('2026-11-01T05:30:00.000Z'));
  });

  it('counts "in 2 hours" as elapsed time across the change', () => {
    const at0130edt: WhenOptions = { now: new Date('2026-11-01T05:30:00Z'), timezone: 'America/New_York' };
    const r = when('in 2 hours', at0130edt);
    expect(r).toEqual(timed('2026-11-01T07:30:00.000Z'));
    expect(formatDate(new Date(r.iso), 'en', 'America/New_York', true)).toBe('Sun 1 Nov 2026 02:30');
  });

  it('moves a wall time in the spring-forward gap to after it', () => {
    const march: WhenOptions = { now: new Date('2027-03-10T15:00:00Z'), timezone: 'America/New_York' };
    expect(when('2027-03-14 02:30', march)).toEqual(timed('2027-03-14T07:30:00.000Z')); // 03:30 EDT
    expect(when('2027-03-15', march)).toEqual(day('2027-03-15T13:00:00.000Z')); // 09:00 EDT
  });
});

describe('parseWhen: Europe/Berlin across the end of DST (2026-10-25 03:00 CEST → 02:00 CET)', () => {
  // Friday 2026-10-23 12:00 CEST (UTC+2).
  const BER: WhenOptions = { now: new Date('2026-10-23T10:00:00Z'), timezone: 'Europe/Berlin' };

  it('uses CEST before and CET after', () => {
    expect(when('tomorrow', BER)).toEqual(day('2026-10-24T07:00:00.000Z'));
    expect(when('in 3 days', BER)).toEqual(day('2026-10-26T08:00:00.000Z'));
    expect(when('next monday', BER)).toEqual(day('2026-10-26T08:00:00.000Z'));
    expect(when('2026-10-26 15:00', BER)).toEqual(timed('2026-10-26T14:00:00.000Z'));
    expect(when('下周一下午3点', BER)).toEqual(timed('2026-10-26T14:00:00.000Z'));
  });

  it('reads the repeated hour as the first one (CEST) and moves the spring gap on', () => {
    expect(when('2026-10-25 02:30', BER)).toEqual(timed('2026-10-25T00:30:00.000Z')); // 02:30 CEST
    expect(when('2026-10-25 03:30', BER)).toEqual(timed('2026-10-25T02:30:00.000Z')); // 03:30 CET
    const march: WhenOptions = { now: new Date('2027-03-24T10:00:00Z'), timezone: 'Europe/Berlin' };
    expect(when('2027-03-28 02:30', march)).toEqual(timed('2027-03-28T01:30:00.000Z')); // 03:30 CEST
  });
});

describe('parseWhen: independent of the server timezone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  // Tuesday 23:30 in Shanghai is still Tuesday morning in Los Angeles and already Wednesday in
  // Kiritimati (UTC+14): a reference with a fixed offset gets chrono's Chinese parsers wrong here.
  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])('process TZ=%s', (tz) => {
    process.env.TZ = tz;
    const late: WhenOptions = { now: new Date('2026-11-24T15:30:00Z'), timezone: 'Asia/Shanghai' };
    expect(when('明天', late)).toEqual(day('2026-11-25T01:00:00.000Z'));
    expect(when('后天', late)).toEqual(day('2026-11-26T01:00:00.000Z'));
    expect(when('下周五', late)).toEqual(day('2026-12-04T01:00:00.000Z'));
    expect(when('tomorrow', late)).toEqual(day('2026-11-25T01:00:00.000Z'));
    expect(when('周五下午3点', late)).toEqual(timed('2026-11-27T07:00:00.000Z'));
  });

  it('keeps chrono\'s late-night rule for 明天 (before 02:00 it is the same day) but not for "tomorrow"', () => {
    const after0030: WhenOptions = { now: new Date('2026-11-24T16:30:00Z'), timezone: 'Asia/Shanghai' }; // Wed 00:30
    expect(when('明天', after0030)).toEqual(day('2026-11-25T01:00:00.000Z'));
    expect(when('tomorrow', after0030)).toEqual(day('2026-11-26T01:00:00.000Z'));
  });
});

describe('findDateInSentence / findDatesInSentence', () => {
  it('finds the first date expression and where it is', () => {
    const s = 'visited Acme Trading today, send quote, follow up Friday';
    expect(findDateInSentence(s, SH)).toEqual({
      date: new Date('2026-11-24T01:00:00.000Z'),
      hasTime: false,
      matchText: 'today',
      index: 21,
    });
    expect(findDatesInSentence(s, SH).map((d) => [d.matchText, d.index, d.date.toISOString()])).toEqual([
      ['today', 21, '2026-11-24T01:00:00.000Z'],
      ['Friday', 50, '2026-11-27T01:00:00.000Z'],
    ]);
  });

  it('finds Chinese dates inside a sentence', () => {
    const s = '给上海贸易打了电话，谈续约，下周二回访';
    expect(findDateInSentence(s, SH)).toMatchObject({ matchText: '下周二', index: 14, hasTime: false });
    expect(findDateInSentence(s, SH)!.date.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('merges both languages in text order', () => {
    const found = findDatesInSentence('met them yesterday, 下周五 call again, then dec 10', SH);
    expect(found.map((d) => [d.matchText, d.date.toISOString()])).toEqual([
      ['yesterday', '2026-11-23T01:00:00.000Z'],
      ['下周五', '2026-12-04T01:00:00.000Z'],
      ['dec 10', '2026-12-10T01:00:00.000Z'],
    ]);
  });

  it('reads a bare weekday as the nearest one unless asked for the next', () => {
    expect(findDateInSentence('met them monday', SH)!.date.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(findDateInSentence('met them monday', { ...SH, forwardDate: true })!.date.toISOString()).toBe(
      '2026-11-30T01:00:00.000Z',
    );
  });

  it('leaves the punctuation chrono swallows to the sentence', () => {
    expect(findDateInSentence('met them monday, then lunch', SH)).toMatchObject({ matchText: 'monday', index: 9 });
  });

  it('returns null when there is no date', () => {
    expect(findDateInSentence('emailed Bob about the invoice', SH)).toBeNull();
    expect(findDatesInSentence('', SH)).toEqual([]);
  });
});

describe('formatDate', () => {
  const d = new Date('2026-12-04T07:00:00Z'); // Fri 4 Dec 2026, 15:00 Shanghai / 02:00 New York

  it('formats English and Chinese, with and without time', () => {
    expect(formatDate(d, 'en', 'Asia/Shanghai')).toBe('Fri 4 Dec 2026');
    expect(formatDate(d, 'en', 'Asia/Shanghai', true)).toBe('Fri 4 Dec 2026 15:00');
    expect(formatDate(d, 'zh', 'Asia/Shanghai')).toBe('2026年12月4日 周五');
    expect(formatDate(d, 'zh', 'Asia/Shanghai', true)).toBe('2026年12月4日 周五 15:00');
  });

  it('uses the timezone for day, weekday and time', () => {
    expect(formatDate(d, 'en', 'America/New_York', true)).toBe('Fri 4 Dec 2026 02:00');
    expect(formatDate(new Date('2026-12-04T01:00:00Z'), 'zh', 'America/New_York', true)).toBe('2026年12月3日 周四 20:00');
    expect(formatDate(new Date('2026-09-07T12:00:00Z'), 'en', 'Europe/Berlin')).toBe('Mon 7 Sep 2026');
    expect(formatDate(new Date('2026-11-24T16:00:00Z'), 'en', 'Asia/Shanghai', true)).toBe('Wed 25 Nov 2026 00:00');
  });
});

describe('isBeforeToday / isPast / localDateKey', () => {
  const now = SH.now; // Tue 2026-11-24 10:00 Shanghai

  it('compares local calendar days', () => {
    expect(isBeforeToday(new Date('2026-11-23T15:59:00Z'), now, 'Asia/Shanghai')).toBe(true); // Mon 23:59
    expect(isBeforeToday(new Date('2026-11-23T16:00:00Z'), now, 'Asia/Shanghai')).toBe(false); // Tue 00:00
    expect(isBeforeToday(new Date('2026-11-24T01:00:00Z'), now, 'Asia/Shanghai')).toBe(false); // earlier today
    // The same instants in New York, where "now" is Mon 23 Nov 21:00.
    expect(isBeforeToday(new Date('2026-11-23T15:59:00Z'), now, 'America/New_York')).toBe(false);
    expect(isBeforeToday(new Date('2026-11-23T04:59:00Z'), now, 'America/New_York')).toBe(true);
  });

  it('isPast compares instants', () => {
    expect(isPast(new Date('2026-11-24T01:59:59Z'), now)).toBe(true);
    expect(isPast(new Date('2026-11-24T02:00:00Z'), now)).toBe(false);
  });

  it('localDateKey is the local YYYY-MM-DD', () => {
    expect(localDateKey(new Date('2026-11-23T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDateKey(new Date('2026-11-23T16:00:00Z'), 'America/New_York')).toBe('2026-11-23');
  });
});
