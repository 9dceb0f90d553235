import { ADDRESS_NOTE_MAX, DESCRIPTION_MAX } from '@contract/limits'
import type { ReportDraft } from '@/domain/report/draft'
import { FIELD_MESSAGES, type FieldErrors } from '@/domain/report/messages'

export { ADDRESS_NOTE_MAX }

/**
 * What the resident must fix before the report can go out, per field (empty when it can).
 * `insideDistrict` is the backend's answer for the pin: false blocks, undefined (not known yet,
 * e.g. offline) lets the server decide.
 */
export function validateDraft(draft: ReportDraft, { insideDistrict }: { insideDistrict?: boolean } = {}): FieldErrors {
  const errors: FieldErrors = {}
  if (!draft.categoryId) errors.category = FIELD_MESSAGES.noCategory
  if (draft.description.length > DESCRIPTION_MAX) errors.description = FIELD_MESSAGES.tooLong
  else if (!draft.description.trim() && draft.photos.length === 0) errors.description = FIELD_MESSAGES.empty
  if (!draft.location) errors.location = FIELD_MESSAGES.noLocation
  else if (insideDistrict === false) errors.location = FIELD_MESSAGES.outOfDistrict
  if (draft.address.length > ADDRESS_NOTE_MAX) errors.address = FIELD_MESSAGES.addressTooLong
  return errors
}

/** A quick phrase added to the description: on its own after what is already there. */
export function appendPhrase(description: string, phrase: string): string {
  const text = description.trimEnd()
  if (!text) return phrase
  if (text.includes(phrase)) return description
  return /[，。！？,.!?；;]$/.test(text) ? `${text}${phrase}` : `${text}，${phrase}`
}
