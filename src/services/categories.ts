import type { Category, CategoryList } from '@contract/schemas'
import { http } from './http'
import { takeInlinedCategories } from './inlinedCategories'

export async function listCategories(): Promise<Category[]> {
  // H5: the first list comes inlined in index.html (no round trip); weapp: always null.
  const inlined = takeInlinedCategories()
  if (inlined) return inlined
  const { data } = await http.get<CategoryList>('/categories', { anonymous: true })
  return data.items
}

export interface CategoryGroup {
  name: string
  items: Category[]
}

/** Categories grouped by `groupName`, groups in order of first appearance (the server's order). */
export function groupCategories(categories: Category[]): CategoryGroup[] {
  const groups = new Map<string, Category[]>()
  for (const category of categories) {
    const items = groups.get(category.groupName) ?? []
    items.push(category)
    groups.set(category.groupName, items)
  }
  return [...groups].map(([name, items]) => ({ name, items }))
}

/** "2小时内处置", "3天内处置": a deadline a resident reads at a glance. */
export function slaLabel(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return `${hours / 24}天内处置`
  return `${hours}小时内处置`
}
