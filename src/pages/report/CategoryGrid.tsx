import { View, Text } from '@tarojs/components'
import type { Category } from '@contract/schemas'
import CategoryIcon from '@/components/CategoryIcon'
import { slaLabel, type CategoryGroup } from '@/services/categories'
import { roleProps } from '@/utils/a11y'

interface CategoryGridProps {
  groups: CategoryGroup[]
  onSelect: (category: Category) => void
}

/** One titled grid per group; each cell is a large button that reads "name, deadline" and opens the form. */
export default function CategoryGrid({ groups, onSelect }: CategoryGridProps) {
  return (
    <View>
      {groups.map((group) => (
        <View key={group.name}>
          <Text className="section-title">{group.name}</Text>
          <View className="category-grid" {...roleProps('group')} aria-label={group.name}>
            {group.items.map((category) => (
              <View
                key={category.id}
                className="category-cell"
                hoverClass="category-cell--pressed"
                {...roleProps('button')}
                aria-label={`${category.name}，${slaLabel(category.slaHours)}`}
                onClick={() => onSelect(category)}
              >
                <CategoryIcon className="category-cell__icon" iconKey={category.icon} />
                <Text className="category-cell__name">{category.name}</Text>
                <Text className="category-cell__sla">{slaLabel(category.slaHours)}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}
