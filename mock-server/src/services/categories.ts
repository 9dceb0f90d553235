import type { Kysely } from 'kysely'
import type { Category } from '@contract/schemas'
import type { CategoryRow, Database } from '../db/schema'

export function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    name: row.name,
    group: row.group_id as Category['group'],
    groupName: row.group_name,
    icon: row.icon,
    description: row.description,
    slaHours: row.sla_hours,
    quickPhrases: JSON.parse(row.quick_phrases) as string[],
  }
}

export async function listCategories(db: Kysely<Database>): Promise<Category[]> {
  const rows = await db.selectFrom('categories').selectAll().orderBy('sort_order').execute()
  return rows.map(toCategory)
}

export async function findCategory(db: Kysely<Database>, id: string): Promise<Category | undefined> {
  const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toCategory(row)
}
