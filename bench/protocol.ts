/** What bench/server.ts reports on stdout once it listens: one `BENCH_READY {json}` line. */
export interface BareReady {
  port: number
}

export interface AppReady {
  port: number
  /** The same-work baselines beside the endpoints (bench/server.ts sameWorkBaselines). */
  sameWorkPort: number
  facilities: number
  tickets: number
  seedFacilitiesMs: number
  seedTicketsMs: number
  /** Bearer tokens: `heavy` has heavyUserTickets tickets; `poster` files the benchmark's new ones. */
  tokens: { heavy: string; poster: string }
  heavyTicketIds: number[]
  /** GCJ-02 points inside the district, for nearest queries. */
  points: { lat: number; lng: number }[]
  /** A valid ticket body (GCJ-02 location inside the district). */
  ticketBody: object
}

export const READY_PREFIX = 'BENCH_READY '
