import type { Kysely } from 'kysely'
import type { Category } from '@contract/schemas'
import { precompiled } from '../db/precompiled'
import type { CategoryRow, Database } from '../db/schema'
import { query, runSteps, type Steps } from '../db/steps'

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

/** Read on every filing, so compiled once (db/precompiled, #19); still read from the table each time. */
const categoryById = precompiled((db, p: { id: string }) => db.selectFrom('categories').selectAll().where('id', '=', p.id))

export function* categorySteps(db: Kysely<Database>, id: string): Steps<Category | undefined> {
  const [row] = (yield* query(categoryById.query(db, { id }))).rows
  return row && toCategory(row)
}

export function findCategory(db: Kysely<Database>, id: string): Promise<Category | undefined> {
  return runSteps(db, categorySteps(db, id))
}
