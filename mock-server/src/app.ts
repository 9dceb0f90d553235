/**
 * The app factory: wires infrastructure plugins, then the API routes, then the H5 app.
 * It never listens; server.ts does, and tests use `app.inject`.
 */
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import type { ServerConfig } from './config'
import { systemClock, type Clock } from './lib/clock'
import type { Code2SessionClient } from './lib/wechat'
import { logRedaction } from './lib/log-redaction'
import { serverTimeouts } from './lib/server-limits'
import auth from './plugins/auth'
import consoleApp from './plugins/console-app'
import cluster, { type ClusterOptions } from './plugins/cluster'
import db from './plugins/db'
import errorHandler from './plugins/error-handler'
import events, { type EventsOptions } from './plugins/events'
import geo from './plugins/geo'
import h5App from './plugins/h5-app'
import kpi from './plugins/kpi'
import hardening from './plugins/hardening'
import notifications, { type NotificationsOptions } from './plugins/notifications'
import photoPrivacy, { type PhotoPrivacyOptions } from './plugins/photo-privacy'
import storage from './plugins/storage'
import simulator from './plugins/simulator'
import staffSession from './plugins/staff-session'
import swagger from './plugins/swagger'
import tickets from './plugins/tickets'
import workforce from './plugins/workforce'
import apiRoutes from './routes'
import mediaRoutes from './routes/media'
import open311Routes from './routes/open311'

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig
    /** Where every plugin and route gets the time (tests pass a FakeClock). */
    clock: Clock
  }
}

/** JSON logs for machines; readable ones when a person watches a terminal (LOG_JSON=1 forces JSON). */
function loggerOptions(config: ServerConfig, stream?: NodeJS.WritableStream) {
  const pretty = process.stdout.isTTY && !process.env.LOG_JSON && config.logLevel !== 'silent'
  return {
    level: config.logLevel,
    ...logRedaction,
    ...(stream ? { stream } : {}),
    ...(pretty && !stream ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  }
}

/** Replaceable collaborators: tests pass a fake clock or a fake WeChat. */
export interface AppDependencies {
  /** Several instances on PostgreSQL: how often a follower tries to become the leader (tests: fast). */
  cluster?: ClusterOptions
  clock?: Clock
  code2Session?: Code2SessionClient
  /** How often time-driven ticket rules run; 0 = never (tests run them by hand). */
  maintenanceIntervalMs?: number
  /** Live events (console SSE): safety poll, heartbeat and retention. */
  liveEvents?: EventsOptions
  /** Where logs go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream
  /** WeChat subscribe messages: sender interval (0 = tests run it by hand), a replacement client. */
  notifications?: NotificationsOptions
  /** Photo privacy (#20): a replacement detector (tests: failing, fixed boxes), the retry sweep interval. */
  privacy?: PhotoPrivacyOptions
}

export async function buildApp(config: ServerConfig, deps: AppDependencies = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    // Refuse unknown fields instead of silently dropping them (additionalProperties: false means "400").
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    bodyLimit: 1024 * 1024,
    ...serverTimeouts(config),
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  app.decorate('clock', deps.clock ?? systemClock)
  await app.register(errorHandler)
  await app.register(hardening, { h5Dir: config.h5Dir })
  await app.register(swagger)
  // Limits are opt-in per route (login, ticket creation, uploads, ratings); see lib/rate-limits.
  await app.register(rateLimit, { global: false })
  await app.register(db, { dataDir: config.dataDir, databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema })
  await app.register(cluster, deps.cluster ?? {})
  await app.register(geo)
  await app.register(storage)
  await app.register(auth, { code2Session: deps.code2Session })
  await app.register(photoPrivacy, deps.privacy ?? {})
  await app.register(events, deps.liveEvents ?? {})
  await app.register(kpi)
  await app.register(tickets, { maintenanceIntervalMs: deps.maintenanceIntervalMs })
  await app.register(workforce)
  await app.register(staffSession)
  await app.register(notifications, deps.notifications ?? {})
  await app.register(simulator)
  await app.register(apiRoutes, { prefix: '/api' })
  await app.register(open311Routes, { prefix: '/open311/v2' })
  await app.register(mediaRoutes)
  // Before the H5 app, which owns `/`.
  await app.register(consoleApp, { consoleDir: config.consoleDir })
  await app.register(h5App, { h5Dir: config.h5Dir })
  return app
}
