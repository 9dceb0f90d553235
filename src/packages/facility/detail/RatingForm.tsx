import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '@/components/ActionButton'
import { RATING_LABELS, RATING_SCORES, type RatingScore } from '@contract/lifecycle'
import { FACILITY_COMMENT_MAX } from '@contract/limits'
import { roleProps } from '@/utils/a11y'
import './RatingForm.scss'

/** Stars from one to five, on the same scale (and words) as a ticket's rating. */
const STARS = [...RATING_SCORES].reverse()

interface RatingFormProps {
  initialScore?: number
  sending: boolean
  onSubmit: (score: number, comment: string) => void
}

/** 1–5 stars (each a ≥ 44 pt target) and an optional comment; a second rating replaces the first. */
export default function RatingForm({ initialScore, sending, onSubmit }: RatingFormProps) {
  const [score, setScore] = useState<RatingScore | 0>((initialScore as RatingScore | undefined) ?? 0)
  const [comment, setComment] = useState('')
  return (
    <View className="rating-form">
      <View className="rating-form__stars" {...roleProps('radiogroup')} aria-label="评分">
        {STARS.map((value) => (
          <View
            key={value}
            className={value <= score ? 'rating-form__star rating-form__star--on' : 'rating-form__star'}
            {...roleProps('radio')}
            aria-checked={value === score}
            aria-label={`${value}星，${RATING_LABELS[value]}`}
            onClick={() => setScore(value)}
          >
            ★
          </View>
        ))}
      </View>
      <Text className="rating-form__word">{score ? RATING_LABELS[score] : '请点星星评分'}</Text>
      <Textarea
        className="rating-form__comment"
        value={comment}
        maxlength={FACILITY_COMMENT_MAX}
        placeholder="说说你的体验（选填）"
        aria-label="评价内容（选填）"
        onInput={(event) => setComment(event.detail.value)}
      />
      <ActionButton onClick={() => score && !sending && onSubmit(score, comment)}>{sending ? '正在提交…' : '提交评价'}</ActionButton>
    </View>
  )
}
