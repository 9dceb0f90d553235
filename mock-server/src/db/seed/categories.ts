/**
 * 城管 problem categories, after the event/component classes of China's digital city management
 * standard (GB/T 30428) as Guangzhou's 12345 and district platforms use them. SLA hours are the
 * usual 处置时限 for each class: urgent hazards in hours, paperwork-like nuisances in a day.
 */
import type { CategoryGroupId } from '@contract/schemas'

export const CATEGORY_GROUP_NAMES: Record<CategoryGroupId, string> = {
  environment: '环境卫生',
  street_order: '街面秩序',
  municipal: '市政设施',
  greening: '园林绿化',
  public_facility: '公共设施',
}

export interface CategorySeed {
  id: string
  name: string
  group: CategoryGroupId
  icon: string
  slaHours: number
  description: string
  quickPhrases: string[]
}

export const CATEGORY_SEEDS: CategorySeed[] = [
  {
    id: 'exposed_garbage',
    name: '暴露垃圾',
    group: 'environment',
    icon: 'garbage',
    slaHours: 2,
    description: '路面、绿地、水域等公共区域散落的生活垃圾、建筑垃圾',
    quickPhrases: ['路边有成堆垃圾', '垃圾散落一地无人清理', '有异味，影响通行'],
  },
  {
    id: 'garbage_overflow',
    name: '垃圾满溢',
    group: 'environment',
    icon: 'overflow',
    slaHours: 2,
    description: '垃圾桶、垃圾收集点满溢未及时清运',
    quickPhrases: ['垃圾桶已满溢出', '收集点垃圾未清运', '垃圾桶周边很脏'],
  },
  {
    id: 'dirty_road',
    name: '道路不洁',
    group: 'environment',
    icon: 'road-dirty',
    slaHours: 4,
    description: '路面泥沙、污渍、油污，保洁不到位',
    quickPhrases: ['路面有泥沙', '地面有油污', '人行道未清扫'],
  },
  {
    id: 'piled_materials',
    name: '乱堆物堆料',
    group: 'environment',
    icon: 'pile',
    slaHours: 24,
    description: '在道路、公共场地擅自堆放物料、杂物',
    quickPhrases: ['人行道堆放杂物', '建材占用公共场地'],
  },
  {
    id: 'street_vending',
    name: '占道经营',
    group: 'street_order',
    icon: 'stall',
    slaHours: 2,
    description: '在道路、广场等公共场所摆摊设点、流动叫卖',
    quickPhrases: ['流动摊贩占用人行道', '夜市摊档占道', '影响行人通行'],
  },
  {
    id: 'illegal_posting',
    name: '乱张贴',
    group: 'street_order',
    icon: 'poster',
    slaHours: 24,
    description: '乱张贴、乱涂写、乱刻画小广告',
    quickPhrases: ['墙面贴满小广告', '电线杆有办证广告', '地面喷涂广告'],
  },
  {
    id: 'missing_manhole_cover',
    name: '井盖缺失',
    group: 'municipal',
    icon: 'manhole',
    slaHours: 1,
    description: '窨井盖缺失、破损、移位，存在安全隐患',
    quickPhrases: ['井盖不见了', '井盖破裂', '井盖松动有响声'],
  },
  {
    id: 'damaged_road',
    name: '道路破损',
    group: 'municipal',
    icon: 'road-damage',
    slaHours: 48,
    description: '人行道、车行道坑洼、塌陷、破损',
    quickPhrases: ['路面有坑洼', '人行道砖松动', '路面塌陷'],
  },
  {
    id: 'broken_streetlight',
    name: '路灯不亮',
    group: 'municipal',
    icon: 'streetlight',
    slaHours: 48,
    description: '路灯不亮、昼亮、灯杆倾斜或破损',
    quickPhrases: ['路灯晚上不亮', '路灯白天还亮着', '灯杆歪斜'],
  },
  {
    id: 'damaged_greenery',
    name: '绿化损坏',
    group: 'greening',
    icon: 'greenery',
    slaHours: 24,
    description: '绿地被踩踏、毁坏，绿化带缺株或枯死',
    quickPhrases: ['绿化带被踩踏', '草坪被占用', '花木枯死'],
  },
  {
    id: 'fallen_tree',
    name: '树木倒伏',
    group: 'greening',
    icon: 'tree',
    slaHours: 4,
    description: '树木倒伏、断枝，影响通行或存在安全隐患',
    quickPhrases: ['大树倒在路上', '树枝断裂悬挂', '树木倾斜'],
  },
  {
    id: 'public_toilet',
    name: '公厕问题',
    group: 'public_facility',
    icon: 'toilet',
    slaHours: 4,
    description: '公厕不洁、设施损坏、未按时开放',
    quickPhrases: ['厕所有异味', '洗手池损坏', '开放时间未开门', '缺少厕纸'],
  },
]
