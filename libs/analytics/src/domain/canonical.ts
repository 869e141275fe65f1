/** Canonical values: one spelling per platform, trimmed NFC text, numbers from numbers or digits. */
export const PLATFORMS = ['ios', 'android', 'web', 'miniapp', 'server', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

const PLATFORM_SPELLINGS: Readonly<Record<string, Platform>> = {
  ios: 'ios',
  iphone: 'ios',
  ipad: 'ios',
  android: 'android',
  web: 'web',
  h5: 'web',
  pc: 'web',
  browser: 'web',
  miniapp: 'miniapp',
  'mini-program': 'miniapp',
  miniprogram: 'miniapp',
  'wechat-mini': 'miniapp',
  '小程序': 'miniapp',
  server: 'server',
};

/** A platform as any source spells it; null when absent, `other` when not one we know. */
export function canonicalPlatform(value: unknown): Platform | null {
  const text = canonicalText(value);
  if (text === null) return null;
  return PLATFORM_SPELLINGS[text.toLowerCase().replaceAll(/[\s_]+/g, '-')] ?? 'other';
}

/** Trimmed, NFC-normalised, inner runs of white space made one space; null when nothing is left. */
export function canonicalText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.normalize('NFC').trim().replaceAll(/\s+/g, ' ');
  return text === '' ? null : text;
}

/** A number as JSON or a CSV cell gives it: `12`, `"12"`, `" 12.5 "`; null when absent or not a number. */
export function canonicalNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = canonicalText(value);
  if (text === null || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/** Whether a value is absent as sources write it: missing, null, empty text, `NA`, `null`. */
export function isMissing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  const text = value.trim().toLowerCase();
  return text === '' || text === 'na' || text === 'n/a' || text === 'null' || text === 'nan';
}
