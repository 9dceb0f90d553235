import { useEffect, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import type { PublicStatsAnswer } from '@contract/public'
import { PUBLIC_FIGURES, PUBLIC_STATS_PERIODS, formatPublicFigure, type PublicStatsPeriod } from '@contract/public-stats'
import PageShell from '@/components/PageShell'
import { ErrorView, LoadingView } from '@/components/StateViews'
import { useRequest } from '@/hooks/useRequest'
import { getPublicStats } from '@/services/public'
import { roleProps } from '@/utils/a11y'
import './index.scss'

const DISTRICT_LABEL = '全区'

/**
 * 数据公开: the district's or a street's figures for 7/30/90 days, each with its one-line
 * definition, a 30-day trend and the street ranking. The charts are bars drawn with views (0 KB of
 * library); the numbers are also in the bars' labels for screen readers.
 */
export default function PublicStatsPage() {
  const [street, setStreet] = useState<string | null>(null)
  const [period, setPeriod] = useState<PublicStatsPeriod>(30)
  const stats = useRequest(() => getPublicStats(street, period))
  const { reload } = stats
  useEffect(reload, [street, period, reload])
  const data = stats.data
  const choices = [DISTRICT_LABEL, ...(data?.streets ?? [])]

  return (
    <PageShell>
      <View className="ps-controls">
        <Picker mode="selector" range={choices} value={street ? choices.indexOf(street) : 0} onChange={(e) => setStreet(Number(e.detail.value) === 0 ? null : choices[Number(e.detail.value)])}>
          <View className="ps-picker" {...roleProps('button')} aria-label={`地区：${street ?? DISTRICT_LABEL}，点按切换街道/镇`}>
            <Text>{street ?? DISTRICT_LABEL}</Text>
            <Text aria-hidden> ▾</Text>
          </View>
        </Picker>
        <View className="ps-periods" {...roleProps('radiogroup')} aria-label="统计周期">
          {PUBLIC_STATS_PERIODS.map((p) => (
            <View key={p} className={`ps-period${p === period ? ' ps-period--on' : ''}`} {...roleProps('radio')} aria-checked={p === period} onClick={() => setPeriod(p)}>
              近 {p} 天
            </View>
          ))}
        </View>
      </View>
      {stats.error && !data ? (
        <ErrorView message={stats.error.message} onRetry={reload} />
      ) : !data ? (
        <LoadingView text="正在加载数据…" />
      ) : (
        <StatsBody data={data} loading={stats.loading} onStreet={setStreet} />
      )}
    </PageShell>
  )
}

function StatsBody({ data, loading, onStreet }: { data: PublicStatsAnswer; loading: boolean; onStreet: (street: string) => void }) {
  const maxTrend = Math.max(1, ...data.trend.map((d) => Math.max(d.received, d.resolved)))
  const maxTop = Math.max(1, ...data.topCategories.map((c) => c.received))
  return (
    <View className="ps-body" aria-busy={loading}>
      <Text className="ps-caption">
        {data.street ?? DISTRICT_LABEL} · {data.from} 至 {data.to}
      </Text>
      <View className="ps-figures" {...roleProps('list')} aria-label="主要数据">
        {PUBLIC_FIGURES.map((f) => (
          <View key={f.id} className="ps-figure" {...roleProps('listitem')} data-figure={f.id}>
            <Text className="ps-figure-name">{f.name}</Text>
            <Text className="ps-figure-value">{formatPublicFigure(f.unit, data.figures[f.id])}</Text>
            <Text className="ps-figure-def">{f.definition}</Text>
          </View>
        ))}
      </View>

      <View className="ps-h2" {...roleProps('heading')} aria-level={2}>
        上报最多的问题
      </View>
      {data.topCategories.length === 0 ? (
        <Text className="ps-note">本期暂无上报</Text>
      ) : (
        <View {...roleProps('list')}>
          {data.topCategories.map((c) => (
            <View key={c.categoryId} className="ps-hbar" {...roleProps('listitem')} aria-label={`${c.categoryName} ${c.received} 件`}>
              <Text className="ps-hbar-label">{c.categoryName}</Text>
              <View className="ps-hbar-track">
                <View className="ps-hbar-fill" style={{ width: `${(c.received / maxTop) * 100}%` }} />
              </View>
              <Text className="ps-hbar-value">{c.received}</Text>
            </View>
          ))}
        </View>
      )}

      <View className="ps-h2" {...roleProps('heading')} aria-level={2}>
        近 30 天趋势
      </View>
      <View className="ps-legend" aria-hidden>
        <Text className="ps-key ps-key--in">收到上报</Text>
        <Text className="ps-key ps-key--out">已处置</Text>
      </View>
      <View className="ps-trend" {...roleProps('list')} aria-label="近 30 天每日收到与处置数">
        {data.trend.map((d) => (
          <View key={d.day} className="ps-day" {...roleProps('listitem')} aria-label={`${d.day.slice(5)} 收到 ${d.received} 件，处置 ${d.resolved} 件`}>
            <View className="ps-col ps-col--in" style={{ height: `${(d.received / maxTrend) * 100}%` }} />
            <View className="ps-col ps-col--out" style={{ height: `${(d.resolved / maxTrend) * 100}%` }} />
          </View>
        ))}
      </View>
      <View className="ps-axis" aria-hidden>
        <Text>{data.trend[0]?.day.slice(5)}</Text>
        <Text>{data.trend.at(-1)?.day.slice(5)}</Text>
      </View>

      <View className="ps-h2" {...roleProps('heading')} aria-level={2}>
        街道/镇排名（按时办结率，点按查看该街道）
      </View>
      <View {...roleProps('list')} aria-label="街道/镇排名">
        {data.ranking.map((r) => (
          <View
            key={r.street}
            className={`ps-hbar${r.street === data.street ? ' ps-hbar--me' : ''}`}
            {...roleProps('listitem')}
            data-street={r.street}
            onClick={() => onStreet(r.street)}
            aria-label={`第 ${r.rank} 名 ${r.street}，按时办结率 ${formatPublicFigure('ratio', r.onTimeRate)}，满意率 ${formatPublicFigure('ratio', r.satisfactionRate)}`}
          >
            <Text className="ps-rank">{r.rank}</Text>
            <Text className="ps-hbar-label">{r.street}</Text>
            <View className="ps-hbar-track">
              <View className="ps-hbar-fill" style={{ width: `${(r.onTimeRate ?? 0) * 100}%` }} />
            </View>
            <Text className="ps-hbar-value">{formatPublicFigure('ratio', r.onTimeRate)}</Text>
          </View>
        ))}
      </View>
      <Text className="ps-note">数据每分钟更新一次，与区城管调度台的统计口径一致；不含任何个人信息。</Text>
    </View>
  )
}
