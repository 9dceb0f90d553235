import { View, Text } from '@tarojs/components'
import type { Rating } from '@contract/tickets'
import { formatAbsolute } from '../lib/time'
import { scoreLabel, type Score } from '../lib/rating'
import './rating-tags.scss'
import './RatingView.scss'

/** The rating once given: it cannot be changed, so it is shown instead of the form. */
export default function RatingView({ rating, now }: { rating: Rating; now: number }) {
  const label = scoreLabel(rating.score as Score)
  return (
    <View className="rating-view" aria-label={`我的评价：${label}`}>
      <View className="rating-view__head">
        <Text className="rating-view__stars" aria-hidden>
          {'★'.repeat(rating.score)}
          {'☆'.repeat(5 - rating.score)}
        </Text>
        <Text className="rating-view__label">{label}</Text>
      </View>
      {rating.tags.length > 0 && (
        <View className="rating-form__tags">
          {rating.tags.map((tag) => (
            <Text key={tag} className="rating-tag rating-tag--selected">
              {tag}
            </Text>
          ))}
        </View>
      )}
      {rating.comment && <Text className="rating-view__comment">{rating.comment}</Text>}
      <Text className="rating-view__at">评价于 {formatAbsolute(rating.at, now)}</Text>
    </View>
  )
}
