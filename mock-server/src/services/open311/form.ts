/**
 * The POST body of Open311: application/x-www-form-urlencoded, UTF-8. `attribute[code]=v` and
 * `attribute[code][]=v1&attribute[code][]=v2` are gathered into `attribute: { code: [v1, v2] }`.
 * Empty fields are dropped: the spec treats an empty optional argument as an absent one.
 */
export type FormBody = Record<string, string | string[] | Record<string, string[]>>

const ATTRIBUTE_KEY = /^attribute\[([^\][]+)\](\[\])?$/
/** Keys that would reach Object.prototype instead of a field. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export function parseForm(text: string): FormBody {
  const body: FormBody = {}
  const attributes: Record<string, string[]> = {}
  for (const [key, value] of new URLSearchParams(text)) {
    if (value === '' || UNSAFE_KEYS.has(key)) continue
    const attribute = ATTRIBUTE_KEY.exec(key)
    if (attribute) {
      if (UNSAFE_KEYS.has(attribute[1])) continue
      attributes[attribute[1]] = [...(attributes[attribute[1]] ?? []), value]
      continue
    }
    const previous = body[key]
    // A repeated plain field becomes a list, which validation then refuses (one value each).
    body[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous as string]), value]
  }
  if (Object.keys(attributes).length) body.attribute = attributes
  return body
}

/** The same rule for query strings and JSON bodies: '' and null count as absent; lists join with commas. */
export function dropEmpty(record: Record<string, unknown>, joinLists: boolean): void {
  for (const [key, value] of Object.entries(record)) {
    if (value === '' || value === null) delete record[key]
    else if (joinLists && Array.isArray(value)) record[key] = value.filter((item) => item !== '').join(',')
  }
}
