import { Text, View } from '@tarojs/components'
import type { NearbyFacility } from '@contract/facilities'
import { CLEANING_STATUS_NAMES_ZH, FACILITY_TYPE_NAMES_ZH } from '@contract/facility-types'
import { formatDistance, formatWalking } from '@/services/facilities'
import { roleProps } from '@/utils/a11y'

/** Short facts for the list: open or closed first, then what a visitor needs to know. */
export function facilityBadges(facility: Pick<NearbyFacility, 'openNow' | 'toilet'>): Array<{ text: string; tone: 'good' | 'bad' | 'plain' }> {
  const badges: Array<{ text: string; tone: 'good' | 'bad' | 'plain' }> = [
    facility.openNow ? { text: '营业中', tone: 'good' } : { text: '已关闭', tone: 'bad' },
  ]
  const toilet = facility.toilet
  if (toilet) {
    if (toilet.accessible) badges.push({ text: '无障碍', tone: 'plain' })
    if (toilet.babyCare) badges.push({ text: '母婴室', tone: 'plain' })
    badges.push(toilet.free ? { text: '免费', tone: 'plain' } : { text: '收费', tone: 'plain' })
    badges.push({ text: CLEANING_STATUS_NAMES_ZH[toilet.cleaningStatus] ?? toilet.cleaningStatus, tone: toilet.cleaningStatus === 'needs_cleaning' ? 'bad' : 'plain' })
  }
  return badges
}

function FacilityCard({ facility, onOpen }: { facility: NearbyFacility; onOpen: (id: string) => void }) {
  const distance = formatDistance(facility.distanceMeters)
  const walking = formatWalking(facility.walkingMinutes)
  const badges = facilityBadges(facility)
  return (
    <View
      className="facility-card card"
      hoverClass="facility-card--pressed"
      {...roleProps('link')}
      // The card's name is its visible text in reading order (axe label-content-name-mismatch, #16).
      onClick={() => onOpen(facility.id)}
    >
      <View className="facility-card__head">
        <Text className="facility-card__name">{facility.name}</Text>
        <Text className={`facility-card__type facility-card__type--${facility.type}`} aria-label={FACILITY_TYPE_NAMES_ZH[facility.type]}>
          {facility.type === 'toilet' ? 'WC' : '垃圾'}
        </Text>
        <Text className="facility-card__distance">{distance}</Text>
      </View>
      <Text className="facility-card__walking">{walking}</Text>
      <Text className="facility-card__address">{facility.address}</Text>
      <View className="facility-card__badges">
        {badges.map((badge) => (
          <Text key={badge.text} className={`badge badge--${badge.tone}`}>
            {badge.text}
          </Text>
        ))}
      </View>
    </View>
  )
}

/** The list under the map, nearest first (the caller sorts). */
export default function FacilityList({ items, onOpen }: { items: NearbyFacility[]; onOpen: (id: string) => void }) {
  return (
    <View className="facility-list" {...roleProps('group')} aria-label="附近设施列表，按距离排序">
      {items.map((facility) => (
        <FacilityCard key={facility.id} facility={facility} onOpen={onOpen} />
      ))}
    </View>
  )
}
