/** Small wording helpers of the public pages (kept here: subpackages cannot import each other). */

/** '3 分钟前' / '5 小时前' / '2 天前'. */
export function timeAgo(at: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(at)) / 60_000))
  if (minutes < 60) return minutes <= 1 ? '刚刚' : `${minutes} 分钟前`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} 小时前`
  return `${Math.round(hours / 24)} 天前`
}

/** '用时 3.5 小时' / '用时 2 天'. */
export function fixDuration(hours: number): string {
  if (hours < 1) return `用时 ${Math.max(1, Math.round(hours * 60))} 分钟`
  if (hours < 48) return `用时 ${hours.toFixed(1)} 小时`
  return `用时 ${Math.round(hours / 24)} 天`
}

/** Status colours (text on white ≥ 4.5:1): open = amber-brown, fixed = green. */
export const STATE_COLORS = { open: '#9a5b00', fixed: '#1b7a3d' } as const
