/** The 设施信息 rows: the contract's Chinese names for a facility's attributes (facility-types.ts). */
import { monthDayTimeZh } from '@contract/china-time'
import type { FacilityDetail } from '@contract/facilities'
import { CLEANING_STATUS_NAMES_ZH, GARBAGE_BIN_NAMES_ZH, RECYCLABLE_NAMES_ZH, TOILET_STAR_NAMES_ZH } from '@contract/facility-types'
import { formatOpeningHours } from '@/services/facilities'

export interface Fact {
  label: string
  value: string
}

/** The rows of the 设施信息 card, in the order a visitor asks. */
export function facilityFacts(facility: FacilityDetail): Fact[] {
  const facts: Fact[] = [{ label: '开放时间', value: `${formatOpeningHours(facility.openingHours)}（${facility.openNow ? '现在开放' : '现在未开放'}）` }]
  const toilet = facility.toilet
  if (toilet) {
    const fittings = [toilet.accessible ? '无障碍设施' : '', toilet.babyCare ? '母婴室' : ''].filter(Boolean)
    facts.push(
      { label: '收费', value: toilet.free ? '免费' : '收费' },
      { label: '设施', value: fittings.length ? fittings.join('、') : '无无障碍设施、无母婴室' },
      { label: '星级', value: TOILET_STAR_NAMES_ZH[toilet.starLevel] ?? `${toilet.starLevel}星级` },
      {
        label: '保洁',
        value: `${CLEANING_STATUS_NAMES_ZH[toilet.cleaningStatus] ?? toilet.cleaningStatus}，上次保洁 ${monthDayTimeZh(toilet.lastCleanedAt)}`,
      },
    )
  }
  const garbage = facility.garbagePoint
  if (garbage) {
    facts.push({ label: '分类', value: garbage.bins.map((bin) => GARBAGE_BIN_NAMES_ZH[bin] ?? bin).join('、') })
    if (garbage.recyclables.length) facts.push({ label: '可回收', value: garbage.recyclables.map((kind) => RECYCLABLE_NAMES_ZH[kind] ?? kind).join('、') })
    if (garbage.collectionTimes.length) facts.push({ label: '清运时间', value: garbage.collectionTimes.join('、') })
  }
  facts.push({ label: '管理单位', value: facility.manager }, { label: '所属', value: `${facility.street} ${facility.community}` })
  return facts
}

/** "4.6分（68人评价）", or "暂无评价". */
export function ratingText(rating: FacilityDetail['rating']): string {
  return rating.count === 0 ? '暂无评价' : `${rating.average.toFixed(1)}分（${rating.count}人评价）`
}
