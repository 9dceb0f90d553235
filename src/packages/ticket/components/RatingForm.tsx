import { useState } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import ActionButton from '@/components/ActionButton'
import { roleProps } from '@/utils/a11y'
import {
  COMMENT_MAX,
  DISSATISFIED_AT,
  RATING_TAGS,
  SCORES,
  emptyRating,
  hasErrors,
  ratingBody,
  scoreLabel,
  toggleTag,
  validateRating,
  type RatingDraft,
  type RatingErrors,
} from '../lib/rating'
import './form.scss'
import './rating-tags.scss'
import './RatingForm.scss'

interface RatingFormProps {
  onSubmit: (body: ReturnType<typeof ratingBody>) => Promise<void>
}

const stars = (score: number) => '★'.repeat(score) + '☆'.repeat(5 - score)

/** 评价: one of five levels, optional tags and comment; a comment is required when dissatisfied. */
export default function RatingForm({ onSubmit }: RatingFormProps) {
  const [draft, setDraft] = useState<RatingDraft>(emptyRating)
  const [errors, setErrors] = useState<RatingErrors>({})
  const [tried, setTried] = useState(false)
  const [sending, setSending] = useState(false)

  const update = (next: RatingDraft) => {
    setDraft(next)
    if (tried) setErrors(validateRating(next))
  }

  const submit = async () => {
    if (sending) return
    const found = validateRating(draft)
    setTried(true)
    setErrors(found)
    if (hasErrors(found)) return
    setSending(true)
    try {
      await onSubmit(ratingBody(draft))
    } finally {
      setSending(false)
    }
  }

  return (
    <View className="rating-form">
      <Text className="form-label" id="rating-score-label">
        您对处理结果满意吗？
      </Text>
      <View className="rating-form__scores" {...roleProps('radiogroup')} aria-label="满意程度">
        {SCORES.map((score) => {
          const selected = draft.score === score
          return (
            <View
              key={score}
              className={selected ? 'rating-score rating-score--selected' : 'rating-score'}
              {...roleProps('radio')}
              aria-checked={selected}
              aria-label={scoreLabel(score)}
              onClick={() => update({ ...draft, score })}
            >
              <Text className="rating-score__stars" aria-hidden>
                {stars(score)}
              </Text>
              <Text className="rating-score__label">{scoreLabel(score)}</Text>
            </View>
          )
        })}
      </View>
      {errors.score && (
        <Text className="form-error" {...roleProps('alert')}>
          {errors.score}
        </Text>
      )}

      <Text className="form-label">选择标签（可多选）</Text>
      <View className="rating-form__tags" {...roleProps('group')} aria-label="评价标签">
        {RATING_TAGS.map((tag) => {
          const selected = draft.tags.includes(tag)
          return (
            <View
              key={tag}
              className={selected ? 'rating-tag rating-tag--selected' : 'rating-tag'}
              {...roleProps('checkbox')}
              aria-checked={selected}
              onClick={() => update({ ...draft, tags: toggleTag(draft.tags, tag) })}
            >
              {tag}
            </View>
          )
        })}
      </View>
      {errors.tags && (
        <Text className="form-error" {...roleProps('alert')}>
          {errors.tags}
        </Text>
      )}

      <Text className="form-label">
        {draft.score !== null && draft.score <= DISSATISFIED_AT ? '不满意的原因（必填）' : '补充评价（选填）'}
      </Text>
      <Textarea
        className={errors.comment ? 'form-textarea form-textarea--error' : 'form-textarea'}
        value={draft.comment}
        maxlength={COMMENT_MAX}
        placeholder="说说处理得怎么样"
        aria-label="评价内容"
        onInput={(event) => update({ ...draft, comment: event.detail.value })}
      />
      <Text className="form-counter">
        {draft.comment.length}/{COMMENT_MAX}
      </Text>
      {errors.comment && (
        <Text className="form-error" {...roleProps('alert')}>
          {errors.comment}
        </Text>
      )}

      <ActionButton className="form-submit" onClick={() => void submit()}>
        {sending ? '正在提交…' : '提交评价'}
      </ActionButton>
    </View>
  )
}
