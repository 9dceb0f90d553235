/**
 * Icon key (from the backend's categories) → emoji: the one table of category icons. Plain data
 * (no Taro imports) so scripts can read it too: the public map's marker images are drawn from it
 * (src/packages/public/assets/draw-public-markers.ts). Unknown keys get a neutral pin.
 */
export const CATEGORY_ICONS: Record<string, string> = {
  garbage: '🗑️',
  overflow: '🚮',
  'road-dirty': '🧹',
  stall: '🛒',
  poster: '📄',
  manhole: '🕳️',
  toilet: '🚻',
  greenery: '🌿',
  'road-damage': '🚧',
  streetlight: '💡',
  pile: '🧱',
  tree: '🌳',
}
export const DEFAULT_CATEGORY_ICON = '📍'

export function categoryIcon(key: string): string {
  return CATEGORY_ICONS[key] ?? DEFAULT_CATEGORY_ICON
}
