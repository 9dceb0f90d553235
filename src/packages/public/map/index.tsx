import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import type { PublicMapItem, PublicTicket } from '@contract/public'
import { PUBLIC_MAP_DAYS, PUBLIC_MAP_STATES, PUBLIC_MAP_STATE_LABELS, type PublicMapDays, type PublicMapState } from '@contract/public-stats'
import { EVENT_LABELS, STATUS_LABELS } from '@contract/lifecycle'
import CategoryIcon from '@/components/CategoryIcon'
import MapView from '@/components/MapView'
import { DISTRICT_CENTER, type MapBBox, type MapMarker, type MapRegion } from '@/components/MapView/types'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { useLocation } from '@/hooks/useLocation'
import { useRequest } from '@/hooks/useRequest'
import { toApiError } from '@/services/apiError'
import { listCategories } from '@/services/categories'
import { mediaUrl } from '@/services/http'
import { getPublicReport, listPublicReports } from '@/services/public'
import { followTicket } from '@/services/report'
import { roleProps } from '@/utils/a11y'
import { DEFAULT_MARKER_KEY, PUBLIC_MARKER_ICONS } from '../assets/markers'
import { STATE_COLORS, fixDuration, timeAgo } from '../lib/format'
import './index.scss'

const STATS_URL = '/packages/public/stats/index'
/** Until the map reports its area: about 2 km around the centre. */
const aroundPoint = (p: { lat: number; lng: number }): MapBBox => ({ minLat: p.lat - 0.02, maxLat: p.lat + 0.02, minLng: p.lng - 0.02, maxLng: p.lng + 0.02 })

/** The marker image of a category icon key in a state (a badge in STATE_COLORS with the category's emoji). */
function reportMarkerIcon(iconKey: string, state: PublicMapState): string {
  return (PUBLIC_MARKER_ICONS[iconKey] ?? PUBLIC_MARKER_ICONS[DEFAULT_MARKER_KEY])[state]
}

/** 附近的上报: open and recently fixed reports around the resident, on a map and in a list (its text alternative). */
export default function PublicMapPage() {
  const position = useLocation()
  const { locate } = position
  useEffect(() => void locate(), [locate])
  const center = position.location ?? DISTRICT_CENTER
  const [bbox, setBbox] = useState<MapBBox | null>(null)
  const [category, setCategory] = useState<string | undefined>()
  const [state, setState] = useState<PublicMapState | undefined>()
  const [days, setDays] = useState<PublicMapDays>(30)
  const [selected, setSelected] = useState<number | null>(null)
  const categories = useRequest(listCategories)
  const area = bbox ?? aroundPoint(center)
  const reports = useRequest(() => listPublicReports(area, { category, state, days }))
  const { reload } = reports
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const first = useRef(true)
  useEffect(() => {
    if (first.current) return void (first.current = false)
    clearTimeout(timer.current)
    timer.current = setTimeout(reload, 300)
  }, [bbox, category, state, days, reload])
  useEffect(() => () => clearTimeout(timer.current), [])

  const onRegionChange = useCallback((region: MapRegion) => setBbox(region.bbox), [])
  const items = useMemo(() => reports.data?.items ?? [], [reports.data])
  const iconOf = useCallback((id: string) => categories.data?.find((c) => c.id === id)?.icon ?? '', [categories.data])
  // Each report: its status colour and its category's icon; the title (callout and label) says both.
  const markers = useMemo<MapMarker[]>(
    () =>
      items.map((item) => ({
        id: item.id,
        lat: item.location.lat,
        lng: item.location.lng,
        kind: 'ticket',
        title: `${item.categoryName} · ${PUBLIC_MAP_STATE_LABELS[item.state]}`,
        iconPath: reportMarkerIcon(iconOf(item.categoryId), item.state),
        color: STATE_COLORS[item.state],
        cluster: true,
      })),
    [items, iconOf],
  )

  return (
    <PageShell>
      <View className="pm-head">
        <Text className="pm-title">附近的上报</Text>
        <View className="pm-link" {...roleProps('link')} onClick={() => Taro.navigateTo({ url: STATS_URL })}>
          数据公开 ›
        </View>
      </View>
      <View className="pm-filters" {...roleProps('group')} aria-label="筛选">
        <Chips
          label="状态"
          options={[{ value: undefined, text: '全部' }, ...(['open', 'fixed'] as const).map((value) => ({ value, text: PUBLIC_MAP_STATE_LABELS[value] }))]}
          value={state}
          onChange={setState}
        />
        <Chips label="时间" options={PUBLIC_MAP_DAYS.map((value) => ({ value, text: `近 ${value} 天` }))} value={days} onChange={(v) => setDays(v!)} />
        <Chips
          label="类别"
          options={[{ value: undefined, text: '全部类别' }, ...(categories.data ?? []).map((c) => ({ value: c.id, text: c.name }))]}
          value={category}
          onChange={setCategory}
        />
      </View>
      <View className="pm-map">
        <MapView ariaLabel="附近上报地图（下方列表为文字版）" center={center} zoom={15} markers={markers} showLocation height="36vh" onRegionChange={onRegionChange} onMarkerTap={(id) => setSelected(Number(id))} />
        <Legend />
      </View>
      {selected !== null && <ReportPanel id={selected} onClose={() => setSelected(null)} onChanged={reload} />}
      {reports.error && !reports.data ? (
        <ErrorView message={reports.error.message} onRetry={reload} />
      ) : !reports.data ? (
        <LoadingView text="正在加载附近的上报…" />
      ) : items.length === 0 ? (
        <EmptyView text="这一带近期没有上报" hint="可以移动地图，或放宽筛选条件" />
      ) : (
        <View className="pm-list" {...roleProps('list')} aria-label={`附近的上报，共 ${items.length} 条`}>
          {reports.data.truncated && <Text className="pm-note">上报较多，仅显示最新的 {items.length} 条，放大地图可看到更多</Text>}
          {items.map((item) => (
            <ReportRow key={item.id} item={item} icon={iconOf(item.categoryId)} onOpen={() => setSelected(item.id)} />
          ))}
        </View>
      )}
    </PageShell>
  )
}

/** 状态颜色说明: what the markers' colours and icons mean, as text over the map. */
function Legend() {
  return (
    <View className="pm-legend" {...roleProps('note')} aria-label="状态颜色说明">
      {PUBLIC_MAP_STATES.map((state) => (
        <View key={state} className="pm-legend-item" data-state={state}>
          <View className="pm-legend-dot" style={{ backgroundColor: STATE_COLORS[state] }} aria-hidden />
          <Text style={{ color: STATE_COLORS[state] }}>{PUBLIC_MAP_STATE_LABELS[state]}</Text>
        </View>
      ))}
      <Text className="pm-legend-note">图标为问题类别</Text>
    </View>
  )
}

function Chips<T extends string | number | undefined>({ label, options, value, onChange }: { label: string; options: { value: T; text: string }[]; value: T; onChange: (value: T) => void }) {
  return (
    <View className="pm-chips" {...roleProps('radiogroup')} aria-label={label}>
      {options.map((option) => (
        <View
          key={String(option.value ?? 'all')}
          className={`pm-chip${option.value === value ? ' pm-chip--on' : ''}`}
          {...roleProps('radio')}
          aria-checked={option.value === value}
          onClick={() => onChange(option.value)}
        >
          {option.text}
        </View>
      ))}
    </View>
  )
}

function ReportRow({ item, icon, onOpen }: { item: PublicMapItem; icon: string; onOpen: () => void }) {
  const stateText = PUBLIC_MAP_STATE_LABELS[item.state]
  return (
    <View className="pm-row" {...roleProps('listitem')} data-report={item.id} data-state={item.state} onClick={onOpen}>
      <CategoryIcon iconKey={icon} className="pm-row-icon" />
      <View className="pm-row-main">
        <Text className="pm-row-title">{item.categoryName}</Text>
        <Text className="pm-row-sub">
          {item.street} · {item.community} · {timeAgo(item.createdAt)}上报
        </Text>
        <Text className="pm-row-sub">
          {item.fixHours !== null ? `${fixDuration(item.fixHours)} · ` : ''}
          {item.followerCount} 人也遇到
        </Text>
      </View>
      <Text className="pm-state" style={{ color: STATE_COLORS[item.state], borderColor: STATE_COLORS[item.state] }}>
        {stateText}
      </Text>
    </View>
  )
}

/** One report's public view: its timeline by role, the after-photos, and 我也遇到. */
function ReportPanel({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const [report, setReport] = useState<PublicTicket | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    setReport(null)
    getPublicReport(id).then(setReport, (e: unknown) => setError(toApiError(e).message))
  }, [id])
  const follow = async () => {
    setBusy(true)
    try {
      const answer = await followTicket(id)
      setReport((r) => (r ? { ...r, following: true, canFollow: false, followerCount: answer.followerCount } : r))
      void Taro.showToast({ title: '已关注，有进展会通知你', icon: 'none' })
      onChanged()
    } catch (e) {
      void Taro.showToast({ title: toApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="pm-panel" {...roleProps('dialog')} aria-label="上报详情">
      <View className="pm-panel-head">
        <Text className="pm-row-title">{report ? `${report.categoryName} · ${STATUS_LABELS[report.status]}` : '上报详情'}</Text>
        <View className="pm-close" {...roleProps('button')} aria-label="关闭详情" onClick={onClose}>
          关闭
        </View>
      </View>
      {error ? (
        <Text className="pm-note">{error}</Text>
      ) : !report ? (
        <LoadingView text="正在加载…" />
      ) : (
        <View>
          <Text className="pm-row-sub">
            {report.street} · {report.community} · {timeAgo(report.createdAt)}上报{report.fixHours !== null ? ` · ${fixDuration(report.fixHours)}` : ''}
          </Text>
          {report.description && <Text className="pm-desc">{report.description}</Text>}
          {report.afterPhotos.length > 0 && (
            <View className="pm-photos" aria-label="处置后照片">
              {report.afterPhotos.map((p) => (
                <Image key={p.id} className="pm-photo" src={mediaUrl(p.thumbUrl)} mode="aspectFill" aria-label="处置后照片" />
              ))}
            </View>
          )}
          <View className="pm-timeline" {...roleProps('list')} aria-label="处理进度">
            {report.events.map((e, i) => (
              <View key={i} className="pm-event" {...roleProps('listitem')}>
                {timeAgo(e.at)} · {e.actorLabel} · {EVENT_LABELS[e.type]}
                {e.note ? `：${e.note}` : ''}
              </View>
            ))}
          </View>
          {report.canFollow ? (
            <Button className="pm-follow" disabled={busy} onClick={() => void follow()}>
              我也遇到（{report.followerCount}）
            </Button>
          ) : (
            <Text className="pm-note">{report.following ? `已关注 · ${report.followerCount} 人也遇到` : `${report.followerCount} 人也遇到`}</Text>
          )}
        </View>
      )}
    </View>
  )
}
