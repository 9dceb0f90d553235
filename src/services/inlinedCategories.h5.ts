/**
 * H5 only (#19). The backend writes the categories into index.html when it serves it
 * (`<script type="application/json" id="ybs-categories">`, mock-server/src/plugins/h5-app.ts),
 * which saves the 上报 tab a round trip on a slow network. Read once: later lists (a retry, the
 * report form) ask the server as before.
 */
import type { Category, CategoryList } from '@contract/schemas'

export const INLINED_CATEGORIES_ID = 'ybs-categories'

export function takeInlinedCategories(): Category[] | null {
  const element = document.getElementById(INLINED_CATEGORIES_ID)
  if (!element) return null
  element.remove()
  try {
    const list = JSON.parse(element.textContent ?? '') as Partial<CategoryList>
    return Array.isArray(list.items) ? list.items : null
  } catch {
    return null
  }
}
