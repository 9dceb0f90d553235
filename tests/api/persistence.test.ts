import fs from 'node:fs'
import path from 'node:path'
import { buildTestApp, onPostgres } from '../helpers/app'
import { DATABASE_FILE } from '../../mock-server/src/plugins/db'
import { login } from '../helpers/app'
import { uploadPhoto } from '../helpers/photos'
import { fileTicketOk, getTicket, validReport } from '../helpers/tickets'

describe('the database under DATA_DIR', () => {
  it('is created and migrated on first start, and keeps its data across a restart', async () => {
    const first = await buildTestApp()
    // SQLite: a file under DATA_DIR; PostgreSQL: the schema the helper gave this folder.
    if (onPostgres) expect(first.app.database.schema).toBe(first.config.databaseSchema)
    else expect(fs.existsSync(path.join(first.dataDir, DATABASE_FILE))).toBe(true)
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

describe('a restart with the same DATA_DIR', () => {
  it('keeps tickets, their timeline, photos, sessions and numbering', async () => {
    const first = await buildTestApp({}, { maintenanceIntervalMs: 0 })
    const { token } = await login(first.app, 'restart-resident')
    const photoId = await uploadPhoto(first.app, token)
    const ticket = await fileTicketOk(first.app, token, validReport({ photoIds: [photoId] }))
    await first.app.close()

    const second = await buildTestApp({ dataDir: first.dataDir }, { maintenanceIntervalMs: 0 })
    try {
      // The same token still works: the session survived.
      const res = await getTicket(second.app, token, ticket.id)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ number: ticket.number, events: [{ type: 'created' }], photos: [{ id: photoId }] })
      expect((await second.app.inject({ method: 'GET', url: ticket.photos[0].url })).statusCode).toBe(200)
      const next = await fileTicketOk(second.app, token)
      expect(next.number).not.toBe(ticket.number)
      const health = (await second.app.inject({ method: 'GET', url: '/api/health' })).json()
      expect(health.counts.tickets).toBe(2)
    } finally {
      await second.cleanup()
    }
  })
})
