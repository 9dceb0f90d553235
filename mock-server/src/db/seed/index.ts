/**
 * Seeds the district's reference data. Idempotent: runs on every start and only brings
 * the rows to what the code says, so a restart never duplicates or loses anything.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { CATEGORY_GROUP_NAMES, CATEGORY_SEEDS } from './categories'
import { seedGeoAndFacilities } from './geo'

export async function seedDistrict(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [index, seed] of CATEGORY_SEEDS.entries()) {
      const row = {
        id: seed.id,
        name: seed.name,
        group_id: seed.group,
        group_name: CATEGORY_GROUP_NAMES[seed.group],
        icon: seed.icon,
        description: seed.description,
        sla_hours: seed.slaHours,
        quick_phrases: JSON.stringify(seed.quickPhrases),
        sort_order: index,
      }
      await trx
        .insertInto('categories')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute()
    }
  })
  await seedGeoAndFacilities(db)
}
