import { View, Text } from '@tarojs/components'
import type { Category } from '@contract/schemas'
import CategoryIcon from '@/components/CategoryIcon'
import { groupCategories, slaLabel } from '@/services/categories'
import { roleProps } from '@/utils/a11y'

interface CategoryPickerProps {
  categories: Category[]
  selected?: Category
  picking: boolean
  error?: string
  onPick: (category: Category) => void
  onChange: () => void
}

/** The chosen category with its deadline (更换 to pick another), or the list to pick from. */
export default function CategoryPicker({ categories, selected, picking, error, onPick, onChange }: CategoryPickerProps) {
  if (selected && !picking) {
    return (
      <View className="form-section card category-summary">
        <CategoryIcon className="category-summary__icon" iconKey={selected.icon} />
        <View className="category-summary__body">
          <Text className="category-summary__name">{selected.name}</Text>
          <Text className="category-summary__sla">{slaLabel(selected.slaHours)}</Text>
        </View>
        <Text className="link-button" {...roleProps('button')} aria-label={`更换问题类型，当前为${selected.name}`} onClick={onChange}>
          更换
        </Text>
      </View>
    )
  }
  return (
    <View className="form-section card">
      <Text className="form-section__title">问题类型</Text>
      {groupCategories(categories).map((group) => (
        <View key={group.name} className="category-choices" {...roleProps('group')} aria-label={group.name}>
          <Text className="form-section__label">{group.name}</Text>
          <View className="phrase-list">
            {group.items.map((category) => (
              <Text
                key={category.id}
                className={category.id === selected?.id ? 'phrase-chip phrase-chip--selected' : 'phrase-chip'}
                {...roleProps('button')}
                aria-label={category.name}
                onClick={() => onPick(category)}
              >
                {category.name}
              </Text>
            ))}
          </View>
        </View>
      ))}
      {error && <Text className="field-error" {...roleProps('alert')}>{error}</Text>}
    </View>
  )
}
