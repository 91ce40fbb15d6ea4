import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/chat/grammar.js';
import { argumentSpans } from '../../../src/chat/grammar-spans.js';
import { tokenize } from '../../../src/chat/text/tokenize.js';

const error = (text: string) => {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return result.error;
};
const spans = (text: string) => {
  const tokenized = tokenize(text);
  if (!tokenized.ok) throw new Error('tokenize');
  return argumentSpans(tokenized.tokens);
};

describe('a mistyped command word', () => {
  it('is still refused, with the corrected command to offer', () => {
    expect(error('lgo Acme call discussed pricing')).toEqual({ code: 'unknown_command', usage: 'help', subject: 'lgo', suggestion: 'log Acme call discussed pricing' });
    expect(error('remnd "Blue Cedar" friday').suggestion).toBe('remind "Blue Cedar" friday');
    expect(error('custmer show Acme').suggestion).toBe('customer show Acme');
    expect(error('customer shwo Acme').suggestion).toBe('customer show Acme');
    expect(error('log Acme cal asked for a quote').suggestion).toBe('log Acme call asked for a quote');
    expect(error('role @bob mnager').suggestion).toBe('role @bob manager');
    expect(error('team @mei ad @bob').suggestion).toBeUndefined(); // two letters: too short to guess
    expect(error('team @mei remvoe @bob').suggestion).toBe('team @mei remove @bob');
    expect(error('privacy exprot Acme').suggestion).toBe('privacy export Acme');
    expect(error('settings horus 10:00-19:00').suggestion).toBe('settings hours 10:00-19:00');
    expect(error('poll resluts 3').suggestion).toBe('poll results 3');
    expect(error('survey shedule nps every quarter').suggestion).toBe('survey schedule nps every quarter');
    expect(error('记录 上海贸易 微心 聊了报价').suggestion).toBeUndefined();
  });

  it('offers nothing when no word is that close, or the word is too short to guess', () => {
    expect(error('frobnicate Acme')).toEqual({ code: 'unknown_command', usage: 'help', subject: 'frobnicate' });
    expect(error('xy Acme').suggestion).toBeUndefined();
    expect(error('"lgo" Acme').suggestion).toBeUndefined();
  });
});

describe('where the customer and the people begin', () => {
  it('for every command taking a customer', () => {
    expect(spans('customer show Blue Cedar Apparel')).toEqual({ customer: { index: 2, extent: 'rest' } });
    expect(spans('customer add Blue Cedar Apparel region=East')).toEqual({ customer: { index: 2, extent: 'untilOption' }, peopleFrom: 3 });
    expect(spans('customer share Blue Cedar @bob')).toEqual({ customer: { index: 2, extent: 'untilOption' }, peopleFrom: 3 });
    expect(spans('客户 修改 蓝杉 服饰 地区=华东')).toEqual({ customer: { index: 2, extent: 'untilOption' }, peopleFrom: 3 });
    expect(spans('log Blue Cedar Apparel call discussed pricing')).toEqual({ customer: { index: 1, extent: 'beforeChannel' } });
    expect(spans('remind Blue Cedar Apparel friday')).toEqual({ customer: { index: 1, extent: 'known' } });
    expect(spans('tier Blue Cedar Apparel')).toEqual({ customer: { index: 1, extent: 'rest' } });
    expect(spans('stage Blue Cedar active')).toEqual({ customer: { index: 1, extent: 'known' } });
    expect(spans('隐私 导出 蓝杉 服饰')).toEqual({ customer: { index: 2, extent: 'rest' } });
    expect(spans('poll nps Blue Cedar')).toEqual({ customer: { index: 2, extent: 'known' } });
    expect(spans('poll results Blue Cedar')).toEqual({ customer: { index: 2, extent: 'rest' } });
  });

  it('for commands taking people, and none for the rest', () => {
    expect(spans('role @Bob Smith manager')).toEqual({ peopleFrom: 1 });
    expect(spans('交接 @李雷 @Bob')).toEqual({ peopleFrom: 1 });
    expect(spans('due @bob overdue')).toEqual({ peopleFrom: 1 });
    expect(spans('customer list all')).toEqual({});
    expect(spans('poll close 3')).toEqual({});
  });
});
