/**
 * 导航: weapp opens WeChat's own map page (GCJ-02, which openLocation expects); the browser gets
 * a link to AMap's public marker page (GCJ-02 too), an external website the label says so.
 */
import Taro from '@tarojs/taro'
import type { FacilitySummary } from '@contract/facilities'
import { FACILITY_PROBLEM_CATEGORY } from '@contract/facility-types'

export function amapMarkerUrl(facility: Pick<FacilitySummary, 'location' | 'name'>): string {
  const { lat, lng } = facility.location
  const query = `position=${lng.toFixed(6)},${lat.toFixed(6)}&name=${encodeURIComponent(facility.name)}&coordinate=gaode&callnative=1`
  return `https://uri.amap.com/marker?${query}`
}

export function openInWeChatMap(facility: Pick<FacilitySummary, 'location' | 'name' | 'address'>): void {
  Taro.openLocation({
    latitude: facility.location.lat,
    longitude: facility.location.lng,
    name: facility.name,
    address: facility.address,
    scale: 18,
  }).catch(() => Taro.showToast({ title: '无法打开地图，请稍后重试', icon: 'none' }))
}

/** The report form prefilled for a problem at this facility (packages/report reads these params). */
export function reportProblemUrl(facility: Pick<FacilitySummary, 'id' | 'type' | 'location'>): string {
  const category = FACILITY_PROBLEM_CATEGORY[facility.type].id
  const { lat, lng } = facility.location
  return `/packages/report/form/index?categoryId=${category}&lat=${lat.toFixed(6)}&lng=${lng.toFixed(6)}&facilityId=${encodeURIComponent(facility.id)}`
}
