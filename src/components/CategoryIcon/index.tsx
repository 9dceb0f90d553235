import { Text } from '@tarojs/components'

/**
 * Icon key (from the backend's categories) → emoji. Emoji cost no bytes and no requests;
 * unknown keys get a neutral pin so a new server category still shows something.
 */
const ICONS: Record<string, string> = {
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
const DEFAULT_ICON = '📍'

export function categoryIcon(key: string): string {
  return ICONS[key] ?? DEFAULT_ICON
}

/** Decorative: the category name next to it is what screen readers read. */
export default function CategoryIcon({ iconKey, className }: { iconKey: string; className?: string }) {
  return (
    <Text className={className} aria-hidden>
      {categoryIcon(iconKey)}
    </Text>
  )
}
