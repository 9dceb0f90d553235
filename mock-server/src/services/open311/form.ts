/**
 * The POST body of Open311: application/x-www-form-urlencoded, UTF-8. `attribute[code]=v` and
 * `attribute[code][]=v1&attribute[code][]=v2` are gathered into `attribute: { code: [v1, v2] }`.
 * Empty fields are dropped: the spec treats an empty optional argument as an absent one.
 *
 * The parser is linear in the body (one pass, values pushed, never copied) and refuses more than
 * FORM_MAX_FIELDS fields before decoding any, so no single body can hold the event loop.
 * `formField` reads one field without parsing the rest: the api_key is checked with it first.
 */
export type FormBody = Record<string, string | string[] | Record<string, string[]>>

/** The largest real request: a 4,000-character description percent-encoded (~36 KB) plus the rest. */
export const FORM_BODY_LIMIT = 64 * 1024

/** A GeoReport v2 request has ~20 fields plus a few attributes; 200 is generous. */
export const FORM_MAX_FIELDS = 200

export class FormTooLargeError extends Error {
  constructor(readonly fields: number) {
    super(`The form has more than ${FORM_MAX_FIELDS} fields`)
    this.name = 'FormTooLargeError'
  }
}

const ATTRIBUTE_KEY = /^attribute\[([^\][]+)\](\[\])?$/
/** Keys that would reach Object.prototype instead of a field. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

function decode(part: string): string {
  const spaced = part.includes('+') ? part.replace(/\+/g, ' ') : part
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    // Like URLSearchParams: a broken escape stays as it was.
    return spaced
  }
}

/** Counts '&'-separated pairs, stopping as soon as the cap is passed. */
function countFields(text: string, cap: number): number {
  let count = text.length ? 1 : 0
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    count++
    if (count > cap) return count
  }
  return count
}

/** Each `key=value` pair, decoded, in order. */
function* pairs(text: string): Generator<[string, string]> {
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf('&', start)
    if (end === -1) end = text.length
    if (end > start) {
      const pair = text.slice(start, end)
      const eq = pair.indexOf('=')
      yield eq === -1 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))]
    }
    start = end + 1
  }
}

/** The first value of one field, without building the rest of the body. */
export function formField(text: string, name: string): string | undefined {
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf('&', start)
    if (end === -1) end = text.length
    const eq = text.indexOf('=', start)
    const keyEnd = eq !== -1 && eq < end ? eq : end
    const rawKey = text.slice(start, keyEnd)
    // Only keys that could spell the name are decoded.
    if (rawKey === name || ((rawKey.includes('%') || rawKey.includes('+')) && decode(rawKey) === name)) {
      const value = keyEnd < end ? decode(text.slice(keyEnd + 1, end)) : ''
      if (value !== '') return value
    }
    start = end + 1
  }
  return undefined
}

export function parseForm(text: string, maxFields = FORM_MAX_FIELDS): FormBody {
  const count = countFields(text, maxFields)
  if (count > maxFields) throw new FormTooLargeError(count)
  const body: FormBody = Object.create(null) as FormBody
  const attributes: Record<string, string[]> = Object.create(null) as Record<string, string[]>
  let hasAttributes = false
  for (const [key, value] of pairs(text)) {
    if (value === '' || UNSAFE_KEYS.has(key)) continue
    const attribute = ATTRIBUTE_KEY.exec(key)
    if (attribute) {
      if (UNSAFE_KEYS.has(attribute[1])) continue
      ;(attributes[attribute[1]] ??= []).push(value)
      hasAttributes = true
      continue
    }
    const previous = body[key]
    // A repeated plain field becomes a list, which validation then refuses (one value each).
    if (previous === undefined) body[key] = value
    else if (Array.isArray(previous)) previous.push(value)
    else body[key] = [previous as string, value]
  }
  if (hasAttributes) body.attribute = attributes
  return body
}

/** The same rule for query strings and JSON bodies: '' and null count as absent; lists join with commas. */
export function dropEmpty(record: Record<string, unknown>, joinLists: boolean): void {
  for (const [key, value] of Object.entries(record)) {
    if (value === '' || value === null) delete record[key]
    else if (joinLists && Array.isArray(value)) record[key] = value.filter((item) => item !== '').join(',')
  }
}
