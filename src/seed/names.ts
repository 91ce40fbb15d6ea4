// Word lists for the demo company's customers: Chinese and English company names built from
// brand syllables, industries, cities and regions, and the people at those companies.
import type { Dice } from './random.js';

export type Language = 'zh' | 'en';

/** Brand characters with their pinyin (for channel names and e-mail addresses). */
const ZH_BRAND: ReadonlyArray<readonly [string, string]> = [
  ['华', 'hua'], ['信', 'xin'], ['达', 'da'], ['宏', 'hong'], ['泰', 'tai'], ['恒', 'heng'], ['瑞', 'rui'], ['鑫', 'xin'],
  ['盛', 'sheng'], ['源', 'yuan'], ['通', 'tong'], ['联', 'lian'], ['创', 'chuang'], ['新', 'xin'], ['金', 'jin'], ['博', 'bo'],
  ['安', 'an'], ['康', 'kang'], ['嘉', 'jia'], ['佳', 'jia'], ['中', 'zhong'], ['天', 'tian'], ['星', 'xing'], ['远', 'yuan'],
  ['海', 'hai'], ['鸿', 'hong'], ['润', 'run'], ['德', 'de'], ['和', 'he'], ['丰', 'feng'], ['辰', 'chen'], ['光', 'guang'],
  ['明', 'ming'], ['云', 'yun'], ['峰', 'feng'], ['航', 'hang'], ['汇', 'hui'], ['益', 'yi'], ['永', 'yong'], ['凯', 'kai'],
  ['锦', 'jin'], ['东', 'dong'], ['正', 'zheng'], ['美', 'mei'], ['思', 'si'], ['睿', 'rui'], ['启', 'qi'], ['元', 'yuan'],
];

const EN_BRAND_FIRST = [
  'North', 'Blue', 'Silver', 'Golden', 'Red', 'Green', 'East', 'Pacific', 'Summit', 'Harbor', 'Orion', 'Atlas', 'Cedar', 'Maple',
  'Jade', 'Lotus', 'Pearl', 'Bright', 'Clear', 'Swift', 'Nova', 'Vertex', 'Apex', 'Crest', 'River', 'Stone', 'Oak', 'Sun', 'Star', 'Bay',
] as const;
const EN_BRAND_SECOND = ['wind', 'field', 'gate', 'bridge', 'point', 'line', 'stone', 'wave', 'light', 'peak', 'side', 'well', 'wood', 'haven', 'view', 'port'] as const;

interface Industry {
  zh: string;
  en: string;
  zhSuffixes: readonly string[];
  enSuffixes: readonly string[];
}

const INDUSTRIES: readonly Industry[] = [
  { zh: '软件与信息服务', en: 'Software', zhSuffixes: ['科技', '软件', '信息技术'], enSuffixes: ['Software', 'Systems', 'Labs', 'Technologies'] },
  { zh: '电子制造', en: 'Electronics', zhSuffixes: ['电子', '微电子', '智能科技'], enSuffixes: ['Electronics', 'Devices', 'Semiconductor'] },
  { zh: '物流', en: 'Logistics', zhSuffixes: ['物流', '供应链', '国际货运'], enSuffixes: ['Logistics', 'Freight', 'Supply Chain'] },
  { zh: '医疗健康', en: 'Healthcare', zhSuffixes: ['医疗器械', '生物科技', '健康'], enSuffixes: ['Medical', 'Health', 'Biotech'] },
  { zh: '食品饮料', en: 'Food & Beverage', zhSuffixes: ['食品', '饮品', '餐饮管理'], enSuffixes: ['Foods', 'Beverages', 'Kitchen'] },
  { zh: '机械设备', en: 'Machinery', zhSuffixes: ['机械', '精密机械', '自动化设备'], enSuffixes: ['Machinery', 'Engineering', 'Automation'] },
  { zh: '零售', en: 'Retail', zhSuffixes: ['商贸', '百货', '电子商务'], enSuffixes: ['Retail', 'Stores', 'Trading'] },
  { zh: '新能源', en: 'Energy', zhSuffixes: ['新能源', '电力', '光伏'], enSuffixes: ['Energy', 'Power', 'Solar'] },
  { zh: '教育培训', en: 'Education', zhSuffixes: ['教育', '培训'], enSuffixes: ['Learning', 'Academy', 'Education'] },
  { zh: '汽车零部件', en: 'Automotive', zhSuffixes: ['汽车配件', '汽车部件'], enSuffixes: ['Auto Parts', 'Motors'] },
  { zh: '化工材料', en: 'Chemicals', zhSuffixes: ['化工', '新材料', '包装材料'], enSuffixes: ['Materials', 'Chemicals', 'Packaging'] },
  { zh: '服装纺织', en: 'Apparel', zhSuffixes: ['服饰', '纺织'], enSuffixes: ['Apparel', 'Textiles'] },
];

/** Cities and the sales region each belongs to, in both languages. */
const CITIES: ReadonlyArray<{ zh: string; en: string; regionZh: string; regionEn: string }> = [
  { zh: '上海', en: 'Shanghai', regionZh: '华东', regionEn: 'East China' },
  { zh: '杭州', en: 'Hangzhou', regionZh: '华东', regionEn: 'East China' },
  { zh: '苏州', en: 'Suzhou', regionZh: '华东', regionEn: 'East China' },
  { zh: '南京', en: 'Nanjing', regionZh: '华东', regionEn: 'East China' },
  { zh: '宁波', en: 'Ningbo', regionZh: '华东', regionEn: 'East China' },
  { zh: '深圳', en: 'Shenzhen', regionZh: '华南', regionEn: 'South China' },
  { zh: '广州', en: 'Guangzhou', regionZh: '华南', regionEn: 'South China' },
  { zh: '东莞', en: 'Dongguan', regionZh: '华南', regionEn: 'South China' },
  { zh: '厦门', en: 'Xiamen', regionZh: '华南', regionEn: 'South China' },
  { zh: '北京', en: 'Beijing', regionZh: '华北', regionEn: 'North China' },
  { zh: '天津', en: 'Tianjin', regionZh: '华北', regionEn: 'North China' },
  { zh: '青岛', en: 'Qingdao', regionZh: '华北', regionEn: 'North China' },
  { zh: '武汉', en: 'Wuhan', regionZh: '华中', regionEn: 'Central China' },
  { zh: '长沙', en: 'Changsha', regionZh: '华中', regionEn: 'Central China' },
  { zh: '成都', en: 'Chengdu', regionZh: '西南', regionEn: 'Southwest China' },
  { zh: '重庆', en: 'Chongqing', regionZh: '西南', regionEn: 'Southwest China' },
  { zh: '西安', en: "Xi'an", regionZh: '西北', regionEn: 'Northwest China' },
  { zh: '沈阳', en: 'Shenyang', regionZh: '东北', regionEn: 'Northeast China' },
];

/** Where English-speaking customers are: mostly the same cities, plus offices abroad. */
const ABROAD: ReadonlyArray<{ en: string; regionEn: string; suffix: string }> = [
  { en: 'Hong Kong', regionEn: 'Hong Kong', suffix: 'Limited' },
  { en: 'Singapore', regionEn: 'Singapore', suffix: 'Pte. Ltd.' },
  { en: 'Kuala Lumpur', regionEn: 'APAC', suffix: 'Sdn. Bhd.' },
];

const ZH_SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['赵', 'zhao'], ['黄', 'huang'],
  ['周', 'zhou'], ['吴', 'wu'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'],
];
const ZH_GIVEN: ReadonlyArray<readonly [string, string]> = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['洋', 'yang'], ['艳', 'yan'], ['勇', 'yong'], ['军', 'jun'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['超', 'chao'],
  ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['晓东', 'xiaodong'], ['海燕', 'haiyan'], ['建华', 'jianhua'], ['丽娟', 'lijuan'], ['志强', 'zhiqiang'],
];
const EN_FIRST = ['Emma', 'Olivia', 'James', 'Lucas', 'Sophia', 'Daniel', 'Grace', 'Henry', 'Chloe', 'Ethan', 'Mia', 'Jack', 'Lily', 'Ryan', 'Zoe', 'Nathan', 'Amy', 'Kevin', 'Rachel', 'Tom'] as const;
const EN_LAST = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Walker', 'Tan', 'Lim', 'Ng', 'Wong', 'Chan', 'Lee', 'Martin', 'Clark', 'Hughes', 'Patel', 'Davies', 'Evans', 'Foster', 'Reed', 'Hayes'] as const;

export interface Person {
  name: string;
  /** Ascii form for identifiers and e-mail addresses: "wei.wang", "emma.tan". */
  handle: string;
}

export function personName(dice: Dice, language: Language): Person {
  if (language === 'zh') {
    const [surname, surnamePinyin] = dice.pick(ZH_SURNAMES);
    const [given, givenPinyin] = dice.pick(ZH_GIVEN);
    return { name: `${surname}${given}`, handle: `${givenPinyin}.${surnamePinyin}` };
  }
  const first = dice.pick(EN_FIRST);
  const last = dice.pick(EN_LAST);
  return { name: `${first} ${last}`, handle: `${first}.${last}`.toLowerCase() };
}

export interface CompanyIdentity {
  name: string;
  company: string;
  industry: string;
  region: string;
  /** Lower-case ascii, for the customer's shared channel ("sandbox:northwind"). */
  slug: string;
}

function chineseCompany(dice: Dice): CompanyIdentity {
  const [first, firstPinyin] = dice.pick(ZH_BRAND);
  let second = dice.pick(ZH_BRAND);
  while (second[0] === first) second = dice.pick(ZH_BRAND);
  const industry = dice.pick(INDUSTRIES);
  const suffix = dice.pick(industry.zhSuffixes);
  const city = dice.pick(CITIES);
  const brand = `${first}${second[0]}`;
  // Most are known by brand and trade; some by city too, as people say them (上海华信科技).
  const name = dice.chance(0.2) ? `${city.zh}${brand}${suffix}` : `${brand}${suffix}`;
  const company = `${city.zh}${brand}${suffix}${dice.chance(0.2) ? '股份有限公司' : '有限公司'}`;
  return { name, company, industry: industry.zh, region: city.regionZh, slug: `${firstPinyin}${second[1]}` };
}

function englishCompany(dice: Dice): CompanyIdentity {
  const first = dice.pick(EN_BRAND_FIRST);
  const industry = dice.pick(INDUSTRIES);
  const suffix = dice.pick(industry.enSuffixes);
  // "Northwind Logistics" or "Jade River Foods".
  const joined = dice.chance(0.65);
  const second = joined ? dice.pick(EN_BRAND_SECOND) : dice.pick(EN_BRAND_FIRST.filter((w) => w !== first));
  const brand = joined ? `${first}${second}` : `${first} ${second}`;
  const name = `${brand} ${suffix}`;
  const slug = brand.toLowerCase().replace(/[^a-z]/g, '');
  if (dice.chance(0.25)) {
    const office = dice.pick(ABROAD);
    return { name, company: `${brand} ${suffix} ${office.suffix}`, industry: industry.en, region: office.regionEn, slug };
  }
  const city = dice.pick(CITIES);
  return { name, company: `${city.en} ${brand} ${suffix} Co., Ltd.`, industry: industry.en, region: city.regionEn, slug };
}

/** A company name in this language that `taken` (normalised keys) does not hold yet; adds it. */
export function uniqueCompany(dice: Dice, language: Language, taken: Set<string>, slugs: Set<string>): CompanyIdentity {
  for (let attempt = 0; ; attempt++) {
    const identity = language === 'zh' ? chineseCompany(dice) : englishCompany(dice);
    const key = identity.name.normalize('NFKC').trim().toLowerCase();
    if (taken.has(key)) {
      if (attempt > 10_000) throw new Error('ran out of demo company names');
      continue;
    }
    taken.add(key);
    // Several companies may share a brand ("华信科技", "华信物流"): their channels are told apart.
    let slug = identity.slug;
    for (let n = 2; slugs.has(slug); n++) slug = `${identity.slug}${n}`;
    slugs.add(slug);
    return { ...identity, slug };
  }
}
