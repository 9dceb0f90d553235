import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import type { Category } from '@/contract/schemas'
import CategoryIcon from '@/components/CategoryIcon'
import { slaLabel, type CategoryGroup } from '@/services/categories'
import { roleProps } from '@/utils/a11y'

interface CategoryGridProps {
  groups: CategoryGroup[]
  selectedId?: string
  onSelect: (category: Category) => void
  /** Shown right under the group holding the selected category, so it appears next to the tap. */
  detail?: ReactNode
}

/** One titled grid per group; each cell is a large tap target that reads "name, deadline". */
export default function CategoryGrid({ groups, selectedId, onSelect, detail }: CategoryGridProps) {
  return (
    <View>
      {groups.map((group) => (
        <View key={group.name}>
          <Text className="section-title">{group.name}</Text>
          <View className="category-grid" {...roleProps('listbox')} aria-label={group.name}>
            {group.items.map((category) => {
              const selected = category.id === selectedId
              return (
                <View
                  key={category.id}
                  className={selected ? 'category-cell category-cell--selected' : 'category-cell'}
                  hoverClass="category-cell--pressed"
                  {...roleProps('option')}
                  aria-selected={selected}
                  aria-label={`${category.name}，${slaLabel(category.slaHours)}`}
                  onClick={() => onSelect(category)}
                >
                  <CategoryIcon className="category-cell__icon" iconKey={category.icon} />
                  <Text className="category-cell__name">{category.name}</Text>
                  <Text className="category-cell__sla">{slaLabel(category.slaHours)}</Text>
                </View>
              )
            })}
          </View>
          {group.items.some((category) => category.id === selectedId) && detail}
        </View>
      ))}
    </View>
  )
}
