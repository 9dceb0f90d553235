/**
 * 数据看板: the KPIs of a period (days in China time) with their definitions written beside them,
 * the same figures per street and per category, a 30-day trend, the street ranking, and CSV exports.
 * Every number comes from GET /api/ops/kpi (one backend service). A ticket event re-reads it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { KPI_DEFINITIONS, KPI_IDS, formatKpi, type KpiId } from '@contract/kpi'
import type { KpiAnswer, KpiQuery, KpiValues } from '@contract/console'
import type { Category } from '@contract/schemas'
import { TrendChart } from '../components/TrendChart'
import { ApiFailure } from '../lib/api'
import { consoleApi } from '../lib/endpoints'
import { loadBoundaries } from '../lib/geo'
import { LIVE_STATE_LABELS, useLiveEvents } from '../lib/live'
import { chinaDateTime, chinaDay } from '../lib/time'

const DAY = 24 * 3600_000

/** The counts a KPI is made of, for the tile's second line. */
function countsOf(id: KpiId, v: KpiValues): string {
  switch (id) {
    case 'onTimeRate':
      return `${v.onTimeResolved} / ${v.dueInPeriod} 件`
    case 'resolveRate':
      return `${v.createdResolved} / ${v.createdCounted} 件`
    case 'medianResolveHours':
    case 'p90ResolveHours':
      return `样本 ${v.resolvedInPeriod} 件`
    case 'satisfactionRate':
      return `${v.satisfied} / ${v.rated} 条评价`
    case 'reworkRate':
      return `${v.reopened} / ${v.resolutions} 次`
    case 'escalations':
      return `新建工单 ${v.created} 件`
  }
}

const TABLE_KPIS: KpiId[] = ['onTimeRate', 'resolveRate', 'medianResolveHours', 'p90ResolveHours', 'satisfactionRate', 'reworkRate', 'escalations']

function KpiTable({ caption, rows, nameHeader }: { caption: string; nameHeader: string; rows: { name: string; values: KpiValues }[] }) {
  return (
    <table className="data">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{nameHeader}</th>
          <th scope="col">新建</th>
          {TABLE_KPIS.map((id) => (
            <th scope="col" key={id}>
              {KPI_DEFINITIONS[id].name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <th scope="row">{row.name}</th>
            <td>{row.values.created}</td>
            {TABLE_KPIS.map((id) => (
              <td key={id}>{formatKpi(id, row.values[id])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export default function DashboardPage() {
  const today = chinaDay(Date.now())
  const [query, setQuery] = useState<KpiQuery>({ from: chinaDay(Date.now() - 29 * DAY), to: today })
  const [answer, setAnswer] = useState<KpiAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [streets, setStreets] = useState<string[]>([])
  const [categories, setCategories] = useState<Category[]>([])
  const [exported, setExported] = useState<string | null>(null)

  const request = useRef(0)
  const load = useCallback(async () => {
    const mine = ++request.current
    try {
      const next = await consoleApi.kpi(query)
      if (mine !== request.current) return
      setAnswer(next)
      setError(null)
    } catch (failure) {
      if (mine === request.current) setError(failure instanceof ApiFailure ? failure.message : '指标加载失败')
    }
  }, [query])
  useEffect(() => {
    void load()
  }, [load])
  useEffect(() => {
    loadBoundaries('street')
      .then((c) => setStreets(c.features.map((f) => f.properties.name)))
      .catch(() => undefined)
    consoleApi
      .categories()
      .then(setCategories)
      .catch(() => undefined)
  }, [])

  // Live: a ticket that changes may change the figures; re-read at most once a second.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const live = useLiveEvents({
    ticket: () => {
      if (timer.current) return
      timer.current = setTimeout(() => {
        timer.current = undefined
        void load()
      }, 1000)
    },
    reload: () => void load(),
  })
  useEffect(() => () => clearTimeout(timer.current), [])

  const exportKpi = async () => {
    try {
      setExported(`已导出 ${await consoleApi.exportKpi(query)}`)
    } catch (failure) {
      setExported(failure instanceof ApiFailure ? `导出失败：${failure.message}` : '导出失败')
    }
  }

  return (
    <main className="dashboard">
      <div className="dashboard__bar">
        <h1>数据看板</h1>
        <label>
          开始日期
          <input type="date" value={query.from ?? ''} max={query.to} onChange={(e) => e.target.value && setQuery((q) => ({ ...q, from: e.target.value }))} />
        </label>
        <label>
          结束日期
          <input type="date" value={query.to ?? ''} min={query.from} max={today} onChange={(e) => e.target.value && setQuery((q) => ({ ...q, to: e.target.value }))} />
        </label>
        <label>
          街道
          <select value={query.street ?? ''} onChange={(e) => setQuery((q) => ({ ...q, street: e.target.value || undefined }))}>
            <option value="">全区</option>
            {streets.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          类别
          <select value={query.categoryId ?? ''} onChange={(e) => setQuery((q) => ({ ...q, categoryId: e.target.value || undefined }))}>
            <option value="">全部类别</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={() => void exportKpi()}>
          导出指标 CSV
        </button>
        <span className="live-badge" role="status">
          {LIVE_STATE_LABELS[live]}
        </span>
      </div>
      {exported ? <p className="notice" role="status">{exported}</p> : null}
      {error ? <p className="notice notice--error" role="alert">{error}</p> : null}
      {!answer ? (
        <p role="status">正在计算指标…</p>
      ) : (
        <>
          <p className="period">
            统计期 {answer.from} 至 {answer.to}（北京时间）{answer.street ? ` · ${answer.street}` : ''} · 计算于 {chinaDateTime(answer.generatedAt)}
          </p>
          <section className="tiles" aria-label="考核指标">
            {KPI_IDS.map((id) => (
              <article className="tile" key={id} aria-labelledby={`kpi-${id}`} data-kpi={id}>
                <h2 id={`kpi-${id}`}>{KPI_DEFINITIONS[id].name}</h2>
                <div className="value">{formatKpi(id, answer.totals[id])}</div>
                <div className="counts">{countsOf(id, answer.totals)}</div>
                <p className="definition">口径：{KPI_DEFINITIONS[id].definition}</p>
              </article>
            ))}
          </section>
          <section className="card" aria-labelledby="trend-title">
            <h2 id="trend-title">近30天趋势</h2>
            <TrendChart trend={answer.trend} />
          </section>
          <div className="card-grid">
            <section className="card" aria-labelledby="ranking-title">
              <h2 id="ranking-title">街道排名（按时办结率、满意率、督办数）</h2>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">名次</th>
                    <th scope="col" className="name">
                      街道
                    </th>
                    <th scope="col">按时办结率</th>
                    <th scope="col">满意率</th>
                    <th scope="col">督办</th>
                    <th scope="col">新建</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.ranking.map((row) => (
                    <tr key={row.street}>
                      <td>{row.rank}</td>
                      <th scope="row" className="name">
                        {row.street}
                      </th>
                      <td>
                        <span className="bar-cell">
                          {row.onTimeRate !== null ? <span className="bar" style={{ width: `${Math.round(row.onTimeRate * 60)}px` }} aria-hidden="true" /> : null}
                          {formatKpi('onTimeRate', row.onTimeRate)}
                        </span>
                      </td>
                      <td>{formatKpi('satisfactionRate', row.satisfactionRate)}</td>
                      <td>{row.escalations}</td>
                      <td>{row.created}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section className="card" aria-labelledby="category-title">
              <h2 id="category-title">分类别</h2>
              <KpiTable caption="分类别指标" nameHeader="类别" rows={answer.byCategory.map((row) => ({ name: row.categoryName, values: row }))} />
            </section>
          </div>
          <section className="card" aria-labelledby="street-title">
            <h2 id="street-title">分街道</h2>
            <div style={{ overflowX: 'auto' }}>
              <KpiTable caption="分街道指标" nameHeader="街道" rows={answer.byStreet.map((row) => ({ name: row.street, values: row }))} />
            </div>
          </section>
        </>
      )}
    </main>
  )
}
