// Issue 11 §4 after the merge: counts the catalog test's list of count names does not know.
import { describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/catalog.js';

describe('plurals of less common counts', () => {
  it('the date limit names its years with the right form', () => {
    expect(translate('en', 'date_limit.too_far', { text: 'in 2 years', years: 1, latest: 'Fri 4 Dec 2027' })).toBe('“in 2 years” is more than 1 year ahead: dates up to Fri 4 Dec 2027 work.');
    expect(translate('en', 'date_limit.too_far', { text: 'in 1000 years', years: 5, latest: 'Mon 4 Dec 2031' })).toBe('“in 1000 years” is more than 5 years ahead: dates up to Mon 4 Dec 2031 work.');
    expect(translate('zh', 'date_limit.too_far', { text: '1000年后', years: 5, latest: '2031年12月4日' })).toBe('“1000年后”超过 5 年之后：最晚可以设到 2031年12月4日。');
  });
});
