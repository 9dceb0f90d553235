/**
 * The one table `npm run bench` prints: a row per figure, with the baseline measured in the same
 * run, their ratio (and, beside a same-work baseline, the ratio against the bare GET), the budget or
 * goal, and ✓ met / ✗ missed (marked, never a failure).
 */
export type Unit = 'KB' | 'ms' | 'µs' | 'req/s' | 'B' | 's' | 'count'

export interface Row {
  section: string
  measure: string
  value: number
  unit: Unit
  /** The same thing measured on the baseline in this run (bare Fastify, naive scan, blank page…). */
  baseline?: { label: string; value: number }
  /** value / baseline.value, e.g. 0.62 = 62 % of bare Fastify's requests/s. */
  ratio?: number
  /** value / bare Fastify GET, when the baseline is another route (the comparison used before #19). */
  vsBare?: number
  /** The budget or goal, as text, and whether this row meets it. */
  goal?: { text: string; met: boolean }
  note?: string
}

function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '–'
  switch (unit) {
    case 'KB':
      return `${value.toFixed(1)} KB`
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ms`
    case 'µs':
      return `${value < 10 ? value.toFixed(1) : Math.round(value)} µs`
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')} req/s`
    case 'B':
      return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MB` : `${(value / 1024).toFixed(1)} KB`
    case 's':
      return `${value.toFixed(1)} s`
    case 'count':
      return Math.round(value).toLocaleString('en-US')
  }
}

/** Below 1 as a percentage (1/N when tiny), from 1 up as a multiple. */
function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return ''
  if (ratio < 0.01) return `1/${Math.round(1 / ratio)}`
  if (ratio < 1) return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)} %`
  return `${ratio.toFixed(ratio < 10 ? 1 : 0)}×`
}

// East Asian characters take two columns in a terminal; pad by display width, not length.
const width = (text: string) => [...text].reduce((n, ch) => n + (/[\u1100-\uffdc]/.test(ch) && !/[µ×–≤≥✓✗]/.test(ch) ? 2 : 1), 0)
const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)))

export function renderTable(rows: Row[]): string {
  const header = ['measure', 'value', 'baseline (same run)', 'ratio', 'vs bare GET', 'budget / goal', 'status']
  const lines: string[][] = []
  let section = ''
  const sectionRows: number[] = []
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section
      sectionRows.push(lines.length)
      lines.push([`[${section}]`, '', '', '', '', '', ''])
    }
    lines.push([
      `  ${row.measure}`,
      formatValue(row.value, row.unit),
      row.baseline ? `${formatValue(row.baseline.value, row.unit)} ${row.baseline.label}` : '',
      formatRatio(row.ratio),
      formatRatio(row.vsBare),
      row.goal?.text ?? '',
      row.goal ? (row.goal.met ? '✓ met' : '✗ missed') : '',
    ])
  }
  const widths = header.map((h, i) => Math.max(width(h), ...lines.filter((_, n) => !sectionRows.includes(n)).map((l) => width(l[i]))))
  const render = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i])).join(' │ ').trimEnd()
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─')
  const out = [render(header), rule]
  lines.forEach((line, n) => out.push(sectionRows.includes(n) ? line[0] : render(line)))
  const notes = rows.filter((row) => row.note).map((row) => `  · ${row.measure}: ${row.note}`)
  return [...out, ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n')
}

/** Row helpers: a goal of "at least" or "at most". */
export const atLeast = (value: number, goal: number, text: string) => ({ text, met: value >= goal })
export const atMost = (value: number, goal: number, text: string) => ({ text, met: value <= goal })
