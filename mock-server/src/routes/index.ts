/** Everything under /api, one file per resource. */
import type { FastifyPluginAsync } from 'fastify'
import authRoutes from './auth'
import categoryRoutes from './categories'
import consoleRoutes from './console'
import facilityRoutes from './facilities'
import geoRoutes from './geo'
import healthRoutes from './health'
import messageRoutes from './messages'
import moderationRoutes from './moderation'
import notificationRoutes from './notifications'
import residentEventRoutes from './resident-events'
import opsRoutes from './ops'
import opsConsoleRoutes from './ops-console'
import opsLiveRoutes from './ops-live'
import opsPhotoRoutes from './ops-photos'
import publicRoutes from './public'
import ticketRoutes from './tickets'
import uploadRoutes from './uploads'
import workRoutes from './work'
import workerBindingRoutes from './worker-binding'

const apiRoutes: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes)
  await app.register(authRoutes)
  await app.register(consoleRoutes)
  await app.register(categoryRoutes)
  await app.register(uploadRoutes)
  await app.register(facilityRoutes)
  await app.register(geoRoutes)
  await app.register(ticketRoutes)
  await app.register(publicRoutes)
  await app.register(messageRoutes)
  await app.register(notificationRoutes)
  await app.register(residentEventRoutes)
  await app.register(opsRoutes, { prefix: '/ops' })
  await app.register(moderationRoutes, { prefix: '/ops' })
  await app.register(opsLiveRoutes, { prefix: '/ops' })
  await app.register(opsConsoleRoutes, { prefix: '/ops' })
  await app.register(opsPhotoRoutes, { prefix: '/ops' })
  await app.register(workerBindingRoutes, { prefix: '/ops' })
  await app.register(workRoutes, { prefix: '/work' })
}

export default apiRoutes
