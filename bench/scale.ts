/**
 * How big a run is. `full` is the benchmark; `tiny` is the smoke test's: every module runs
 * its code path with small inputs in well under a minute, so the benchmark cannot rot.
 */
export type ScaleName = 'full' | 'tiny'

export interface Scale {
  name: ScaleName
  facilities: number
  tickets: number
  /** Tickets of the one resident whose list `GET /api/tickets?scope=mine` reads. */
  heavyUserTickets: number
  /** autocannon: seconds of warm-up (not recorded) and of measurement per endpoint, and connections. */
  warmupSeconds: number
  durationSeconds: number
  connections: number
  nearestQueries: number
  naiveQueries: number
  /** Photo pipeline: input size and how many photos the median is taken over. */
  photoWidth: number
  photoHeight: number
  photoRuns: number
  /** H5 first screen: page loads the median is taken over. */
  h5Runs: number
  /** Operator console: open tickets seeded for the first map + queue render, and page loads. */
  consoleTickets: number
  consoleRuns: number
  /** Seconds of 20 position updates a second for the server-to-screen latency. */
  consoleEventSeconds: number
}

export const SCALES: Record<ScaleName, Scale> = {
  full: {
    name: 'full',
    facilities: 100_000,
    tickets: 10_000,
    heavyUserTickets: 500,
    warmupSeconds: 2,
    durationSeconds: 10,
    connections: 10,
    nearestQueries: 5000,
    naiveQueries: 200,
    photoWidth: 4000,
    photoHeight: 3000,
    photoRuns: 5,
    h5Runs: 5,
    consoleTickets: 20_000,
    consoleRuns: 3,
    consoleEventSeconds: 10,
  },
  tiny: {
    name: 'tiny',
    facilities: 1000,
    tickets: 100,
    heavyUserTickets: 30,
    warmupSeconds: 0.3,
    durationSeconds: 1,
    connections: 4,
    nearestQueries: 200,
    naiveQueries: 20,
    photoWidth: 1200,
    photoHeight: 900,
    photoRuns: 1,
    h5Runs: 1,
    consoleTickets: 300,
    consoleRuns: 1,
    consoleEventSeconds: 2,
  },
}

export function scaleFrom(argv: string[], env: NodeJS.ProcessEnv): Scale {
  const at = argv.indexOf('--scale')
  const name = (at >= 0 ? argv[at + 1] : env.BENCH_SCALE) || 'full'
  if (!(name in SCALES)) throw new Error(`unknown scale "${name}" (full or tiny)`)
  return SCALES[name as ScaleName]
}
