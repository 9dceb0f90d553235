/**
 * Worker mode values shared by the app and the backend: plain values, no TypeBox (the app imports them).
 */
/** An after-photo taken farther than this from the ticket flags the resolve. */
export const FAR_FROM_SITE_METERS = 200
/** Position points implying more than this speed from the previous point are dropped. */
export const MAX_WORKER_SPEED_KMH = 150
/** The app sends at most one batch of positions per this many ms. */
export const POSITION_BATCH_INTERVAL_MS = 10_000
/** Points in one batch at most. */
export const POSITION_BATCH_MAX = 60
/** Binding codes: length, alphabet without look-alikes (no 0/O, 1/I/L), lifetime. */
export const BINDING_CODE_LENGTH = 8
export const BINDING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const BINDING_CODE_TTL_HOURS = 24
/** After-photos of one resolve. */
export const AFTER_PHOTOS_MIN = 1
export const AFTER_PHOTOS_MAX = 6
/** Ready phrases for rectification notes (整改说明). */
export const RECTIFICATION_PHRASES = ['已清理完毕', '已冲洗地面', '已劝离', '已设置警示围挡', '已更换设施', '已告知责任单位', '现场已恢复正常'] as const

/** Upper-cases and drops spaces and dashes, so `abcd-2345 efgh` matches `ABCD2345EFGH`. */
export function normalizeBindingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '')
}
