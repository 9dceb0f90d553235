/** CSV exports of the queue and the KPI table: BOM, quoting, formula-injection escaping, filters. */
import { csvCell, toCsv } from '../../../../mock-server/src/lib/csv'
import { injectAs } from '../../../helpers/app'
import { consoleTestApp, ticketInGrid } from './helpers'

/** Splits CSV text into rows of cells (quotes understood), after checking and dropping the BOM. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const endCell = () => {
    row.push(cell)
    cell = ''
  }
  for (let i = 1; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') endCell()
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell()
      rows.push(row)
      row = []
      i++
    } else cell += c
  }
  return rows
}

describe('CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+8613800000000', "'+8613800000000"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=cmd', `"'\r=cmd"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['普通文字', '普通文字'],
  ])('%j → %j', (input, output) => {
    expect(csvCell(input)).toBe(output)
  })

  it('keeps numbers as numbers (a negative number is not text) and empties null', () => {
    expect([csvCell(-5), csvCell(0.5), csvCell(null), csvCell(undefined), csvCell(Number.NaN)]).toEqual(['-5', '0.5', '', '', ''])
    expect(toCsv([['a', 1], ['b', null]])).toBe('\uFEFFa,1\r\nb,\r\n')
  })
})

describe('console CSV exports', () => {
  let ctx: Awaited<ReturnType<typeof consoleTestApp>>
  beforeAll(async () => {
    ctx = await consoleTestApp()
    await ticketInGrid(ctx.app, ctx.resident, 2, { description: '=HYPERLINK("http://evil.example","点我")' })
    await ticketInGrid(ctx.app, ctx.resident, 2, { categoryId: 'broken_streetlight', description: '路灯, "不亮"\n第二行' })
    await ticketInGrid(ctx.app, ctx.resident, 8, { description: '@cmd|/C calc' })
  })
  afterAll(() => ctx.cleanup())

  const get = (url: string, token = ctx.dispatcher) => injectAs(ctx.app, token, { method: 'GET', url })

  describe('GET /api/ops/export/tickets.csv', () => {
    it('downloads the filtered queue as UTF-8 CSV with BOM, escaped and quoted', async () => {
      const res = await get('/api/ops/export/tickets.csv')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tickets-2026-11-25\.csv"; filename\*=UTF-8''/)
      const rows = parseCsv(res.body)
      expect(rows[0].slice(0, 6)).toEqual(['工单编号', '问题类别', '街道', '社区', '网格', '状态'])
      expect(rows).toHaveLength(4)
      const descriptions = rows.slice(1).map((row) => row.at(-1))
      expect(descriptions).toEqual(expect.arrayContaining(["'=HYPERLINK(\"http://evil.example\",\"点我\")", '路灯, "不亮"\n第二行', "'@cmd|/C calc"]))
      expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`)
      expect(rows[1][5]).toBe('已提交')
      expect(rows[1][8]).toBe('2026-11-25 10:00')
      expect(rows.every((row) => row.length === rows[0].length)).toBe(true)
    })

    it('applies the queue filters', async () => {
      const rows = parseCsv((await get('/api/ops/export/tickets.csv?categoryId=broken_streetlight')).body)
      expect(rows).toHaveLength(2)
      expect(rows[1][1]).toBe('路灯不亮')
      const grid = parseCsv((await get(`/api/ops/export/tickets.csv?gridId=${encodeURIComponent(ctx.app.geo.grids[8].id)}`)).body)
      expect(grid).toHaveLength(2)
    })

    it('400 names a bad filter, 403 for a resident', async () => {
      const bad = await get('/api/ops/export/tickets.csv?from=yesterday')
      expect(bad.statusCode).toBe(400)
      expect(bad.json().details[0].field).toBe('querystring.from')
      expect((await get('/api/ops/export/tickets.csv?page=2')).json().details[0].field).toBe('querystring.page')
      expect((await get('/api/ops/export/tickets.csv', ctx.resident)).statusCode).toBe(403)
    })
  })

  describe('GET /api/ops/export/kpi.csv', () => {
    it('downloads the KPI table: district, every street, every category', async () => {
      const res = await get('/api/ops/export/kpi.csv?from=2026-11-25&to=2026-11-25')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
      expect(res.headers['content-disposition']).toContain('kpi-2026-11-25-2026-11-25.csv')
      const rows = parseCsv(res.body)
      expect(rows[0][0]).toBe('统计周期 2026-11-25 至 2026-11-25')
      expect(rows[1]).toEqual(expect.arrayContaining(['维度', '名称', '新建工单', '按时办结率', '办结率', '满意率', '返工率', '督办数']))
      expect(rows[2].slice(0, 3)).toEqual(['合计', '全区', '3'])
      expect(rows.filter((row) => row[0] === '街道')).toHaveLength(ctx.app.geo.streets.length)
      expect(rows.filter((row) => row[0] === '类别').length).toBeGreaterThanOrEqual(12)
      expect(rows.slice(1).every((row) => row.length === rows[1].length)).toBe(true)
    })

    it('400 names a bad period, 403 for a resident', async () => {
      const bad = await get('/api/ops/export/kpi.csv?from=2026-11-25&to=2026-11-01')
      expect(bad.statusCode).toBe(400)
      expect(bad.json().details[0].field).toBe('querystring.to')
      expect((await get('/api/ops/export/kpi.csv', ctx.resident)).statusCode).toBe(403)
    })
  })
})
