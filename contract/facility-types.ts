/**
 * What the public facilities are and what their attributes are called, as plain values (no
 * TypeBox), so the apps import the same tables the schemas in facilities.ts are built from.
 */
export const FACILITY_TYPES = ['toilet', 'garbage_point'] as const
export type FacilityType = (typeof FACILITY_TYPES)[number]
export const FACILITY_TYPE_NAMES_ZH: Record<FacilityType, string> = { toilet: '公厕', garbage_point: '垃圾收集点' }

/** The report category a problem at a facility is filed under (the categories' seed has both). */
export const FACILITY_PROBLEM_CATEGORY: Record<FacilityType, { id: string; name: string }> = {
  toilet: { id: 'public_toilet', name: '公厕问题' },
  garbage_point: { id: 'garbage_overflow', name: '垃圾满溢' },
}

export const CLEANING_STATUSES = ['clean', 'cleaning', 'needs_cleaning'] as const
export type CleaningStatus = (typeof CLEANING_STATUSES)[number]
export const CLEANING_STATUS_NAMES_ZH: Record<CleaningStatus, string> = { clean: '已保洁', cleaning: '保洁中', needs_cleaning: '待保洁' }

/** Guangzhou's four sorting bins: 厨余垃圾, 可回收物, 有害垃圾, 其他垃圾. */
export const GARBAGE_BINS = ['kitchen', 'recyclable', 'hazardous', 'other'] as const
export type GarbageBin = (typeof GARBAGE_BINS)[number]
export const GARBAGE_BIN_NAMES_ZH: Record<GarbageBin, string> = {
  kitchen: '厨余垃圾',
  recyclable: '可回收物',
  hazardous: '有害垃圾',
  other: '其他垃圾',
}

export const RECYCLABLES = ['paper', 'plastic', 'metal', 'glass', 'textile', 'electronics'] as const
export type Recyclable = (typeof RECYCLABLES)[number]
export const RECYCLABLE_NAMES_ZH: Record<Recyclable, string> = {
  paper: '纸类',
  plastic: '塑料',
  metal: '金属',
  glass: '玻璃',
  textile: '织物',
  electronics: '电子产品',
}

/** 公厕星级 1–3. */
export const TOILET_STAR_LEVEL_MAX = 3
export const TOILET_STAR_NAMES_ZH: Record<number, string> = { 1: '一星级', 2: '二星级', 3: '三星级' }
