import { Text } from '@tarojs/components'
import { categoryIcon } from './icons'

export { categoryIcon }

/** Decorative: the category name next to it is what screen readers read. */
export default function CategoryIcon({ iconKey, className }: { iconKey: string; className?: string }) {
  return (
    <Text className={className} aria-hidden>
      {categoryIcon(iconKey)}
    </Text>
  )
}
