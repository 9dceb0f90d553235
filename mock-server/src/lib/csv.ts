/**
 * CSV for spreadsheets (RFC 4180, CRLF), UTF-8 with a byte-order mark so Excel reads Chinese
 * correctly. Text cells that a spreadsheet would run as a formula (starting with = + - @, or a tab
 * or carriage return that can hide one) get a leading apostrophe (OWASP's advice), then quoting.
 */
export type CsvValue = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export const CSV_BOM = '\uFEFF'

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  let text = value
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** Content-Disposition for a download: an ASCII fallback name and the UTF-8 one (RFC 6266). */
export function attachment(asciiName: string, utf8Name: string = asciiName): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`
}
