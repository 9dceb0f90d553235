import { View, Text } from '@tarojs/components'
import type { Category } from '@/contract/schemas'
import { slaLabel } from '@/services/categories'
import { roleProps } from '@/utils/a11y'

/** What the chosen category covers. The report form itself comes with a later issue. */
export default function CategoryDetail({ category }: { category: Category }) {
  return (
    <View className="card category-detail" {...roleProps('region')} aria-label={`${category.name}说明`}>
      <View className="category-detail__head">
        <Text className="category-detail__name">{category.name}</Text>
        <Text className="category-detail__sla">{slaLabel(category.slaHours)}</Text>
      </View>
      <Text className="category-detail__description">{category.description}</Text>
      {category.quickPhrases.length > 0 && (
        <View>
          <Text className="category-detail__label">常见情况</Text>
          <View className="category-detail__phrases">
            {category.quickPhrases.map((phrase) => (
              <Text key={phrase} className="category-detail__phrase">
                {phrase}
              </Text>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}
