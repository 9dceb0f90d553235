/**
 * Timeouts of the HTTP server, so stalled clients cannot hold descriptors: a request whose body has
 * not arrived within REQUEST_TIMEOUT_MS (default 20 s) gets 408; headers must arrive within 10 s;
 * an idle socket closes after 60 s and an idle keep-alive connection after 5 s. Node checks for
 * expired requests every second (its default is every 30 s, which would let a stall last ~50 s).
 */
import type { ServerConfig } from '../config'

export const HEADERS_TIMEOUT_MS = 10_000
export const CONNECTION_TIMEOUT_MS = 60_000
export const KEEP_ALIVE_TIMEOUT_MS = 5_000

export function serverTimeouts(config: Pick<ServerConfig, 'requestTimeoutMs'>) {
  const requestTimeout = config.requestTimeoutMs
  return {
    requestTimeout,
    connectionTimeout: Math.max(CONNECTION_TIMEOUT_MS, requestTimeout),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    http: { headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeout), connectionsCheckingInterval: Math.min(1000, requestTimeout) },
  }
}
