/**
 * What Open311 clients see of our setup: who we are, the jurisdiction, and the extra questions
 * (service definition attributes) some categories ask. Categories themselves stay in the database;
 * a service is a category (service_code = category id).
 */
import type { Category } from '@contract/schemas'
import type { Open311Service, ServiceAttribute, ServiceDefinition } from '@contract/open311'

export const AGENCY_RESPONSIBLE = '白云区城市管理和综合执法局'
/** Baiyun District government's site root without www, as the spec suggests for jurisdiction_id. */
export const JURISDICTION_ID = 'by.gov.cn'
/** Bump when a service or its attributes change: clients re-read cached definitions when it moves. */
export const SERVICES_CHANGESET = '2026-11-25T00:00:00+08:00'
export const DEV_API_KEY = 'dev-open311-key'

/** Extra questions per category (service_code). Categories without an entry have metadata=false. */
export const SERVICE_ATTRIBUTES: Record<string, ServiceAttribute[]> = {
  missing_manhole_cover: [
    {
      variable: true,
      code: 'hazard',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: '选择一项',
      order: 1,
      description: '井盖现在的情况',
      values: [
        { key: 'open_hole', name: '井盖缺失，井口敞开' },
        { key: 'broken', name: '井盖破裂' },
        { key: 'displaced', name: '井盖移位或松动' },
        { key: 'sunken', name: '井盖下沉或凸起' },
      ],
    },
    {
      variable: false,
      code: 'safety_notice',
      datatype: 'text',
      required: false,
      datatype_description: null,
      order: 2,
      description: '如有人员或车辆跌落，请立即拨打 110 或 120。',
      values: [],
    },
  ],
  public_toilet: [
    {
      variable: true,
      code: 'problem',
      datatype: 'multivaluelist',
      required: false,
      datatype_description: '可多选',
      order: 1,
      description: '公厕存在哪些问题',
      values: [
        { key: 'dirty', name: '不洁或有异味' },
        { key: 'broken', name: '设施损坏' },
        { key: 'closed', name: '开放时间未开门' },
        { key: 'no_supplies', name: '缺少厕纸或洗手液' },
      ],
    },
  ],
}

export function attributesOf(serviceCode: string): ServiceAttribute[] {
  return SERVICE_ATTRIBUTES[serviceCode] ?? []
}

/** What happens next, in the words of the agency: the category's deadline (处置时限). */
export function serviceNotice(category: Pick<Category, 'name' | 'slaHours'>): string {
  return `${AGENCY_RESPONSIBLE}已受理「${category.name}」，将在${category.slaHours}小时内派员处置。`
}

export function toService(category: Category): Open311Service {
  return {
    service_code: category.id,
    service_name: category.name,
    description: category.description,
    metadata: attributesOf(category.id).length > 0,
    type: 'realtime',
    keywords: [category.groupName, ...category.quickPhrases].join(', '),
    group: category.groupName,
  }
}

export function toServiceDefinition(category: Category): ServiceDefinition {
  return { service_code: category.id, attributes: attributesOf(category.id) }
}
