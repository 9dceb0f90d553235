/** Time comes from here, so tests can move it (SLA, escalation, 7-day windows) without waiting. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export class FakeClock implements Clock {
  constructor(private time = Date.parse('2026-11-25T02:00:00Z')) {}
  now(): Date {
    return new Date(this.time)
  }
  advance(ms: number): void {
    this.time += ms
  }
  set(iso: string): void {
    this.time = Date.parse(iso)
  }
}

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
