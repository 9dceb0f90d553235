/**
 * What the report form and the outbox say about a report's problems, in Chinese, and how the
 * server's field paths (body.location, body.photoIds.2 …) map onto the form's fields.
 */
import { ADDRESS_NOTE_MAX, DESCRIPTION_MAX } from '@contract/limits'
import type { ApiError } from '@/services/apiError'

/** Form fields an error can point at. */
export type ReportField = 'category' | 'description' | 'photos' | 'location' | 'address'
export type FieldErrors = Partial<Record<ReportField, string>>

export const FIELD_MESSAGES = {
  noCategory: '请选择问题类型',
  empty: '请描述问题，或至少添加一张照片',
  tooLong: `问题描述不能超过${DESCRIPTION_MAX}字`,
  noLocation: '请在地图上标出问题位置',
  outOfDistrict: '该位置不在白云区服务范围内，请把图钉移到区内',
  addressTooLong: `补充地址不能超过${ADDRESS_NOTE_MAX}字`,
  photoExpired: '照片已失效，请删除后重新添加',
  badCategory: '该问题类型已停用，请重新选择',
} as const

/** The server's field paths → the form's fields, in Chinese. */
export function fieldErrorsOf(error: ApiError, draft?: { description: string }): FieldErrors {
  const errors: FieldErrors = {}
  for (const { field } of error.details) {
    if (field.startsWith('body.location')) {
      errors.location = error.code === 'OUT_OF_DISTRICT' ? FIELD_MESSAGES.outOfDistrict : FIELD_MESSAGES.noLocation
    } else if (field.startsWith('body.description')) {
      errors.description = (draft?.description.length ?? 0) > DESCRIPTION_MAX ? FIELD_MESSAGES.tooLong : FIELD_MESSAGES.empty
    } else if (field.startsWith('body.photoIds')) errors.photos = FIELD_MESSAGES.photoExpired
    else if (field.startsWith('body.categoryId')) errors.category = FIELD_MESSAGES.badCategory
    else if (field.startsWith('body.address')) errors.address = FIELD_MESSAGES.addressTooLong
  }
  if (error.code === 'OUT_OF_DISTRICT') errors.location = FIELD_MESSAGES.outOfDistrict
  return errors
}

/** The one sentence an outbox item shows for a failure. */
export function reasonOf(error: ApiError, fieldErrors: FieldErrors): string {
  return Object.values(fieldErrors)[0] ?? error.message
}
