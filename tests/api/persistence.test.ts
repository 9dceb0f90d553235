import fs from 'node:fs'
import path from 'node:path'
import { buildTestApp } from '../helpers/app'
import { DATABASE_FILE } from '../../mock-server/src/plugins/db'

describe('the database under DATA_DIR', () => {
  it('is created and migrated on first start, and keeps its data across a restart', async () => {
    const first = await buildTestApp()
    expect(fs.existsSync(path.join(first.dataDir, DATABASE_FILE))).toBe(true)
    await first.app.db.insertInto('app_meta').values({ key: 'restart-check', value: 'kept' }).execute()
    await first.app.close()

    const second = await buildTestApp({ dataDir: first.dataDir })
    try {
      const meta = await second.app.db.selectFrom('app_meta').selectAll().where('key', '=', 'restart-check').executeTakeFirst()
      expect(meta?.value).toBe('kept')
      const categories = (await second.app.inject({ method: 'GET', url: '/api/categories' })).json().items
      // The seed runs again on start and brings reference data back to what the code says, without duplicates.
      expect(categories.filter((c: { id: string }) => c.id === 'dirty_road')).toHaveLength(1)
    } finally {
      await second.cleanup()
    }
  })
})
