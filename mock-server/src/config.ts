/**
 * Server configuration: every environment variable the backend reads, in one place,
 * with its default. `npm start` and `npm run server` differ only in SIM's default.
 */
import path from 'node:path'

export interface ServerConfig {
  host: string
  port: number
  /** Folder of the SQLite database and uploaded media; ':memory:' keeps everything in memory. */
  dataDir: string
  /** The built H5 app served at `/`; missing folder = API only. */
  h5Dir: string
  /** The built operator console served at `/console/`; missing folder = not served. */
  consoleDir: string
  logLevel: string
  /** Dispatch simulator on/off and its time scale (2 = twice as fast). */
  sim: boolean
  simSpeed: number
  /** WeChat code2Session credentials; without them a development fake signs users in. */
  wxAppId?: string
  wxSecret?: string
  /** WeChat's API origin (code2Session, stable_token, subscribe send); tests point it at a fake. */
  wxApiBase: string
  /** Subscribe-message template ids, same order as the app's TARO_APP_SUBSCRIBE_TEMPLATE_IDS. */
  wxSubscribeTemplateIds: { progress?: string; result?: string; reply?: string }
  /** Which version a subscribe message opens: developer (DevTools), trial or formal (released). */
  wxMiniprogramState: 'developer' | 'trial' | 'formal'
  /** Open311 GeoReport v2 api keys. */
  open311ApiKeys: string[]
  /** Multiplies every rate limit (benchmarks raise it; 0 turns limits off). */
  rateLimitScale: number
  /** NODE_ENV=production: development sign-in (`dev:` codes) is refused. */
  production: boolean
  /** PUBLIC_URL: where clients reach this server; every absolute URL is built from it, never from Host. */
  publicUrl: string
  /** A request whose body has not fully arrived after this many ms gets 408 (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number
  /** MODERATION_WORDS_FILE: the district's own abuse words, one per line, added to the shipped list. */
  moderationWordsFile?: string
  /** `postgres://…` moves the data to PostgreSQL (+ PostGIS); unset = SQLite under dataDir. */
  databaseUrl?: string
  /** PostgreSQL schema of the tables (default `public`); tests give each file its own. */
  databaseSchema?: string
}

const root = path.resolve(__dirname, '../..')

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback
  return !['0', 'false', 'off', 'no'].includes(value.toLowerCase())
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`)
  return parsed
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`)
  return value as T
}

/** WX_SUBSCRIBE_TEMPLATE_IDS: "progressId,resultId,replyId" (an empty or missing place means that template is not used). */
function templateIds(value: string | undefined): ServerConfig['wxSubscribeTemplateIds'] {
  const [progress, result, reply] = (value ?? '').split(',').map((id) => id.trim())
  return { progress: progress || undefined, result: result || undefined, reply: reply || undefined }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: { sim?: boolean } = {}): ServerConfig {
  return {
    host: env.HOST || '127.0.0.1',
    port: number('PORT', env.PORT, 3000),
    dataDir: env.DATA_DIR ? path.resolve(env.DATA_DIR) : path.join(root, '.data'),
    h5Dir: env.H5_DIR ? path.resolve(env.H5_DIR) : path.join(root, 'dist-h5'),
    consoleDir: env.CONSOLE_DIR ? path.resolve(env.CONSOLE_DIR) : path.join(root, 'dist-console'),
    logLevel: env.LOG_LEVEL || 'info',
    sim: flag(env.SIM, defaults.sim ?? false),
    simSpeed: number('SIM_SPEED', env.SIM_SPEED, 1) || 1,
    wxAppId: env.WX_APPID || undefined,
    wxSecret: env.WX_SECRET || undefined,
    wxApiBase: (env.WX_API_BASE || 'https://api.weixin.qq.com').replace(/\/+$/, ''),
    wxSubscribeTemplateIds: templateIds(env.WX_SUBSCRIBE_TEMPLATE_IDS),
    wxMiniprogramState: oneOf('WX_MINIPROGRAM_STATE', env.WX_MINIPROGRAM_STATE, ['developer', 'trial', 'formal'] as const, 'formal'),
    open311ApiKeys: (env.OPEN311_API_KEYS || 'dev-open311-key')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
    rateLimitScale: number('RATE_LIMIT_SCALE', env.RATE_LIMIT_SCALE, 1),
    production: env.NODE_ENV === 'production',
    publicUrl: (env.PUBLIC_URL || `http://${env.HOST || '127.0.0.1'}:${env.PORT || 3000}`).replace(/\/+$/, ''),
    requestTimeoutMs: number('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 20_000) || 20_000,
    moderationWordsFile: env.MODERATION_WORDS_FILE ? path.resolve(env.MODERATION_WORDS_FILE) : undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
  }
}

export const projectRoot = root
