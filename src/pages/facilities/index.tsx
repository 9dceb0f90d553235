import Taro from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import MapView from '@/components/MapView'
import { DISTRICT_CENTER, type MapMarker } from '@/components/MapView/types'
import PageShell from '@/components/PageShell'
import PrivacyConsent from '@/components/PrivacyConsent'
import ActionButton from '@/components/ActionButton'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { useLocation } from '@/hooks/useLocation'
import { matchesFilters, matchesSearch, type FacilityFilters, type FacilityTypeChoice } from '@/services/facilities'
import { roleProps } from '@/utils/a11y'
import FacilityControls, { filtersForType } from './FacilityControls'
import FacilityList from './FacilityList'
import { useFacilitiesInView, useNearest } from './useFacilities'
import './index.scss'

const DETAIL_URL = '/packages/facility/detail/index'
const LIST_SIZE = 20
/** Searching looks through more of the nearby facilities (the API's maximum). */
const SEARCH_POOL = 50

const openDetail = (id: string | number) => Taro.navigateTo({ url: `${DETAIL_URL}?id=${encodeURIComponent(String(id))}` })

/** 附近设施 tab: the nearest toilets and garbage points on a map and in a list. */
export default function FacilitiesPage() {
  const position = useLocation()
  const { locate } = position
  const [type, setType] = useState<FacilityTypeChoice>('toilet')
  const [filters, setFilters] = useState<FacilityFilters>({})
  const [query, setQuery] = useState('')

  useEffect(() => {
    void locate()
  }, [locate])

  // Without a position, distances count from the district government, and the list says so.
  const located = position.status === 'ok' && position.location !== null
  const failed = position.status === 'denied' || position.status === 'unavailable'
  const origin = located ? position.location : failed ? DISTRICT_CENTER : null

  const searching = query.trim() !== ''
  const nearest = useNearest(origin, type, filters, searching ? SEARCH_POOL : LIST_SIZE)
  const inView = useFacilitiesInView(type)

  const listItems = useMemo(() => (nearest.data ?? []).filter((item) => !searching || matchesSearch(item, query)), [nearest.data, searching, query])
  const markers = useMemo<MapMarker[]>(
    () =>
      inView.items
        .filter((item) => matchesFilters(item, filters) && (!searching || matchesSearch(item, query)))
        .map((item) => ({ id: item.id, lat: item.location.lat, lng: item.location.lng, kind: item.type, title: item.name, cluster: true })),
    [inView.items, filters, searching, query],
  )

  // Fit the resident and the nearest few in view, so the first glance answers "where".
  const includePoints = useMemo(
    () => (origin && nearest.data?.length ? [origin, ...nearest.data.slice(0, 3).map((item) => item.location)] : undefined),
    [origin, nearest.data],
  )

  const changeType = (next: FacilityTypeChoice) => {
    setType(next)
    setFilters((current) => filtersForType(next, current))
  }

  return (
    <PageShell>
      <PrivacyConsent />
      <FacilityControls type={type} onTypeChange={changeType} filters={filters} onFiltersChange={setFilters} query={query} onQueryChange={setQuery} />
      <MapView
        ariaLabel="附近设施地图"
        center={origin ?? DISTRICT_CENTER}
        zoom={15}
        markers={markers}
        includePoints={includePoints}
        showLocation
        showDistrict
        height="38vh"
        onRegionChange={inView.onRegionChange}
        onMarkerTap={openDetail}
      />
      <LocationLine status={position.status} onRetry={() => void locate()} />
      {origin === null ? (
        <LoadingView text="正在获取你的位置…" />
      ) : nearest.error && !nearest.data ? (
        <ErrorView message={nearest.error.message} onRetry={nearest.reload} />
      ) : !nearest.data ? (
        <LoadingView text="正在查找附近设施…" />
      ) : listItems.length === 0 ? (
        <EmptyView text={searching ? '附近没有符合搜索的设施' : '附近没有符合条件的设施'} hint="可以换个关键词，或减少筛选条件" />
      ) : (
        <FacilityList items={listItems} onOpen={openDetail} />
      )}
    </PageShell>
  )
}

/** Where distances count from; when locating failed, why, and a way to try again. */
function LocationLine({ status, onRetry }: { status: string; onRetry: () => void }) {
  if (status === 'ok') {
    return <Text className="location-line">按离你的距离排序</Text>
  }
  if (status === 'denied' || status === 'unavailable') {
    return (
      <View className="location-line location-line--warning" {...roleProps('alert')}>
        <Text className="location-line__text">
          {status === 'denied' ? '未获得定位权限' : '暂时无法获取你的位置'}，距离暂按白云区政府计算
        </Text>
        <ActionButton className="location-line__retry" onClick={onRetry}>
          重新定位
        </ActionButton>
      </View>
    )
  }
  return null
}
