/**
 * The rules of the rating and appeal forms, apart from the screen so tests can state them:
 * a level must be chosen; when the resident is dissatisfied (2 or 1) a few words on why are
 * required, so the city learns what went wrong; lengths match the server's limits.
 */
import { RATING_LABELS, RATING_SCORES, type RatingScore } from '@contract/lifecycle'
import { NOTE_MAX, RATING_COMMENT_MAX, RATING_TAGS_MAX, REASON_MIN as NOTE_MIN } from '@contract/limits'

export type Score = RatingScore

/** Best first, as the form lists them. */
export const SCORES: readonly Score[] = RATING_SCORES
export const scoreLabel = (score: Score) => RATING_LABELS[score]

export const RATING_TAGS = ['处理及时', '态度很好', '现场干净', '不够彻底', '处理太慢'] as const
export const COMMENT_MAX = RATING_COMMENT_MAX
export const TAGS_MAX = RATING_TAGS_MAX
export const REASON_MIN = NOTE_MIN
export const REASON_MAX = NOTE_MAX
/** At or below this level a comment is required. */
export const DISSATISFIED_AT = 2

export interface RatingDraft {
  score: Score | null
  tags: string[]
  comment: string
}

export const emptyRating = (): RatingDraft => ({ score: null, tags: [], comment: '' })

export interface RatingErrors {
  score?: string
  tags?: string
  comment?: string
}

export function validateRating(draft: RatingDraft): RatingErrors {
  const errors: RatingErrors = {}
  const comment = draft.comment.trim()
  if (draft.score === null) errors.score = '请选择满意程度'
  if (draft.tags.length > TAGS_MAX) errors.tags = `最多选择${TAGS_MAX}个标签`
  if (comment.length > COMMENT_MAX) errors.comment = `评价内容最多${COMMENT_MAX}字`
  else if (draft.score !== null && draft.score <= DISSATISFIED_AT && comment.length === 0) errors.comment = '请写下不满意的原因，便于改进'
  return errors
}

export const hasErrors = (errors: object) => Object.keys(errors).length > 0

export function toggleTag(tags: string[], tag: string): string[] {
  return tags.includes(tag) ? tags.filter((item) => item !== tag) : [...tags, tag]
}

/** What the server receives: trimmed, with the level made definite (validate first). */
export function ratingBody(draft: RatingDraft): { score: Score; tags: string[]; comment: string } {
  if (draft.score === null) throw new Error('validateRating first: no score chosen')
  return { score: draft.score, tags: draft.tags, comment: draft.comment.trim() }
}

/** The appeal (不满意，申请复核) needs a reason: an empty one is refused before sending. */
export function validateAppealReason(reason: string): string | undefined {
  const text = reason.trim()
  if (text.length === 0) return '请填写申请复核的原因'
  if (text.length < REASON_MIN) return `原因至少${REASON_MIN}个字`
  if (text.length > REASON_MAX) return `原因最多${REASON_MAX}字`
  return undefined
}
