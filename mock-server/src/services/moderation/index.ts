/**
 * 公开内容管理: what others may read of a resident's or a worker's words.
 *
 * - `redactPersonalData`: the public copy of a text never shows mobile or landline numbers, ID card
 *   numbers or plate numbers written in it; they become 【已隐去】. The stored original is untouched
 *   (staff and the reporter read it).
 * - `abuseIn`: insults and spam from the shipped word list (mock-server/data/moderation/abuse-words.txt)
 *   plus the district's own (MODERATION_WORDS_FILE). A report that matches is still filed, but held
 *   from public view until staff release it (POST /api/ops/tickets/:id/visibility).
 * - `isInvisibleOnly`: a text made only of spaces and invisible characters counts as no text.
 */
import fs from 'node:fs'
import path from 'node:path'

export const REDACTED_TEXT = '【已隐去】'
export const SHIPPED_WORDS_FILE = path.resolve(__dirname, '../../../data/moderation/abuse-words.txt')

/** Province abbreviations that start a mainland plate number. */
const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
const SEP = '[\\s\\-·.]?'
const PATTERNS: RegExp[] = [
  // ID card: 18 digits (last may be X) or the old 15 digits, optionally grouped 6-8-4.
  /(?<![\dA-Za-z])\d{6}[\s-]?(?:19|20)\d{2}[01]\d[0-3]\d[\s-]?\d{3}[\dXx](?![\dA-Za-z])/g,
  /(?<!\d)\d{15}(?!\d)/g,
  // Mobile: 1[3-9]x xxxx xxxx, with +86 and spaces or dashes.
  new RegExp(`(?<!\\d)(?:\\+?86${SEP})?1[3-9]\\d${SEP}\\d{4}${SEP}\\d{4}(?!\\d)`, 'g'),
  // Landline: 0xx(x)-xxxxxxx(x), area code in brackets or not.
  /(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{7,8}(?!\d)/g,
  // Plates: 粤A12345, 粤A·D12345 (new energy), 粤 A 1234学.
  new RegExp(`[${PLATE_PROVINCES}]\\s?[A-HJ-NP-Z][\\s·.]?[A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]?(?![A-Za-z0-9])`, 'gi'),
]

export function redactPersonalData(text: string): string {
  return PATTERNS.reduce((result, pattern) => result.replace(pattern, REDACTED_TEXT), text)
}

// Spaces, controls, format characters (zero-width, bidi marks), the Hangul filler and braille blank.
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Zs}\u115F\u1160\u3164\uFFA0\u2800\u180E]/gu

export function isInvisibleOnly(text: string): boolean {
  return text.length > 0 && text.replace(INVISIBLE, '') === ''
}

/** Lowercase, without spaces, punctuation or invisible characters: what the word list is matched on. */
function normalize(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(INVISIBLE, '').replace(/[\p{P}\p{S}]/gu, '')
}

export function parseWordList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map(normalize)
    .filter(Boolean)
}

export interface Moderator {
  words: readonly string[]
  /** The listed words found in the text (empty: nothing to hold). */
  abuseIn(text: string): string[]
}

export function createModerator(words: string[]): Moderator {
  const unique = [...new Set(words)]
  // Latin-only entries (sb, qq) match as whole words only, so "sbc" or "usb" stays fine.
  const latin = unique.filter((word) => /^[a-z0-9]+$/.test(word)).map((word) => ({ word, pattern: new RegExp(`(?<![a-z0-9])${word}(?![a-z0-9])`) }))
  const other = unique.filter((word) => !/^[a-z0-9]+$/.test(word))
  return {
    words: unique,
    abuseIn(text) {
      const plain = normalize(text)
      const spaced = text.toLowerCase().normalize('NFKC')
      return [...other.filter((word) => plain.includes(word)), ...latin.filter(({ pattern }) => pattern.test(spaced)).map(({ word }) => word)]
    },
  }
}

const cache = new Map<string, Moderator>()

/** The moderator for the shipped list plus the district's file (read once per file). */
export function moderatorFor(config: { moderationWordsFile?: string }): Moderator {
  const key = config.moderationWordsFile ?? ''
  let moderator = cache.get(key)
  if (!moderator) {
    const words = parseWordList(fs.readFileSync(SHIPPED_WORDS_FILE, 'utf8'))
    if (config.moderationWordsFile) words.push(...parseWordList(fs.readFileSync(config.moderationWordsFile, 'utf8')))
    moderator = createModerator(words)
    cache.set(key, moderator)
  }
  return moderator
}
