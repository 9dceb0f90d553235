/** Chinese words for a facility's attributes (the contract's own tables live in TypeBox code). */
import { monthDayTimeZh } from '@contract/china-time'
import type { FacilityDetail } from '@contract/facilities'
import { CLEANING_STATUS_LABELS, formatOpeningHours } from '@/services/facilities'

const BIN_NAMES: Record<string, string> = { kitchen: '厨余垃圾', recyclable: '可回收物', hazardous: '有害垃圾', other: '其他垃圾' }
const RECYCLABLE_NAMES: Record<string, string> = {
  paper: '纸类',
  plastic: '塑料',
  metal: '金属',
  glass: '玻璃',
  textile: '织物',
  electronics: '电子产品',
}
const STARS = ['', '一星级', '二星级', '三星级']

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
      { label: '星级', value: STARS[toilet.starLevel] ?? `${toilet.starLevel}星级` },
      {
        label: '保洁',
        value: `${CLEANING_STATUS_LABELS[toilet.cleaningStatus] ?? toilet.cleaningStatus}，上次保洁 ${monthDayTimeZh(toilet.lastCleanedAt)}`,
      },
    )
  }
  const garbage = facility.garbagePoint
  if (garbage) {
    facts.push({ label: '分类', value: garbage.bins.map((bin) => BIN_NAMES[bin] ?? bin).join('、') })
    if (garbage.recyclables.length) facts.push({ label: '可回收', value: garbage.recyclables.map((kind) => RECYCLABLE_NAMES[kind] ?? kind).join('、') })
    if (garbage.collectionTimes.length) facts.push({ label: '清运时间', value: garbage.collectionTimes.join('、') })
  }
  facts.push({ label: '管理单位', value: facility.manager }, { label: '所属', value: `${facility.street} ${facility.community}` })
  return facts
}

/** "4.6分（68人评价）", or "暂无评价". */
export function ratingText(rating: FacilityDetail['rating']): string {
  return rating.count === 0 ? '暂无评价' : `${rating.average.toFixed(1)}分（${rating.count}人评价）`
}
