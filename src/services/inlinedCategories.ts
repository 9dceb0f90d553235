import type { Category } from '@contract/schemas'

/** Only the H5 page can carry the categories inline (inlinedCategories.h5.ts); WeChat fetches them. */
export function takeInlinedCategories(): Category[] | null {
  return null
}
