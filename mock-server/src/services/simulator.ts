/**
 * The dispatch simulator: the city's workforce in miniature. Each tick it moves every open ticket
 * handled by a seeded worker one step along: dispatch to the nearest on-duty worker of the grid,
 * walk the worker to the spot (recording the track), start, then finish with a generated
 * after-photo and rectification notes. It reads all state from the database, so a restart picks
 * up where it left off. Durations are divided by SIM_SPEED.
 */
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import { distanceMeters } from '../lib/coords'
import type { SessionUser } from './auth'
import { dispatchTicket } from './tickets/dispatch'
import { SYSTEM_ACTOR } from './tickets/transitions'
import { recordPosition, resolveWork, startWork } from './tickets/worker-actions'
import { storeAfterPhoto } from './work/after-photos'

/** Seconds at SIM_SPEED=1: a demo ticket resolves in about half a minute. */
export const SIM_TIMINGS = { acceptAfter: 3, stepEvery: 2, travelSteps: 8, workFor: 10 }
const ARRIVED_METERS = 15
/** A worker who signed in within this long is a real person: the simulator does not play them. */
export const PLAYED_IN_PERSON_MS = 3_600_000

const RECTIFICATION_NOTES: Record<string, string> = {
  exposed_garbage: '已清理现场暴露垃圾并冲洗地面，已告知周边商户按时投放。',
  garbage_overflow: '已清运满溢垃圾，增加该点位收运频次。',
  dirty_road: '已对路面进行清扫冲洗，恢复整洁。',
  street_vending: '已劝离占道摊贩，恢复道路通行。',
  illegal_posting: '已清除小广告并对墙面进行修复。',
  missing_manhole_cover: '已设置警示围挡并更换井盖，消除安全隐患。',
  public_toilet: '已完成保洁并修复损坏设施。',
}

interface ActiveTicket {
  id: number
  status: string
  lat: number
  lng: number
  category_id: string
  updated_at: string
  assignee_id: number | null
}

export class DispatchSimulator {
  private readonly speed: number

  constructor(private readonly app: FastifyInstance) {
    this.speed = app.config.simSpeed
  }

  /** Tick interval in ms for the configured speed. */
  get intervalMs(): number {
    return Math.max(50, Math.round((SIM_TIMINGS.stepEvery * 1000) / this.speed / 2))
  }

  private elapsedSeconds(since: string): number {
    return ((this.app.clock.now().getTime() - Date.parse(since)) / 1000) * this.speed
  }

  /** One pass over the open tickets; returns how many moved on. */
  async step(): Promise<number> {
    const playedSince = new Date(this.app.clock.now().getTime() - PLAYED_IN_PERSON_MS).toISOString()
    const tickets: ActiveTicket[] = await this.app.db
      .selectFrom('tickets')
      .leftJoin('users as worker', 'worker.id', 'tickets.assignee_id')
      .select(['tickets.id', 'tickets.status', 'tickets.lat', 'tickets.lng', 'tickets.category_id', 'tickets.updated_at', 'tickets.assignee_id'])
      .where((eb) =>
        eb.or([
          eb('tickets.status', 'in', ['submitted', 'reopened']),
          eb.and([
            eb('tickets.status', 'in', ['dispatched', 'in_progress']),
            eb('worker.openid', 'like', 'dev:worker-%'),
            // Workers someone plays in person are left alone: signed in within the hour, or on duty through the app.
            eb('worker.id', 'not in', eb.selectFrom('worker_presence').select('worker_presence.worker_id').where((p) =>
              p.or([p('worker_presence.duty_in_person', '=', 1), p('worker_presence.last_sign_in_at', '>', playedSince)]),
            )),
          ]),
        ]),
      )
      .orderBy('tickets.id')
      .limit(200)
      .execute()
    let moved = 0
    for (const ticket of tickets) {
      try {
        if (await this.advance(ticket)) moved++
      } catch (err) {
        // One stuck ticket (a worker went off duty, a race with a dispatcher) must not stop the others.
        this.app.log.warn({ err, ticketId: ticket.id }, 'simulator could not advance ticket')
      }
    }
    return moved
  }

  private async worker(id: number): Promise<SessionUser & { lat: number | null; lng: number | null }> {
    return this.app.db.selectFrom('users').select(['id', 'role', 'display_name', 'grid_id', 'lat', 'lng']).where('id', '=', id).executeTakeFirstOrThrow()
  }

  private async advance(ticket: ActiveTicket): Promise<boolean> {
    const waited = this.elapsedSeconds(ticket.updated_at)
    switch (ticket.status) {
      case 'submitted':
      case 'reopened':
        if (waited < SIM_TIMINGS.acceptAfter) return false
        await dispatchTicket(this.app, ticket.id, SYSTEM_ACTOR)
        return true
      case 'dispatched':
        return this.travel(ticket)
      case 'in_progress':
        if (waited < SIM_TIMINGS.workFor) return false
        await this.finish(ticket)
        return true
      default:
        return false
    }
  }

  /** Walks the worker toward the ticket in equal steps, east-west first then north-south, like streets. */
  private async travel(ticket: ActiveTicket): Promise<boolean> {
    const worker = await this.worker(ticket.assignee_id!)
    const from = worker.lat !== null && worker.lng !== null ? { lat: worker.lat, lng: worker.lng } : ticket
    const remaining = distanceMeters(from, ticket)
    if (remaining <= ARRIVED_METERS) {
      await startWork(this.app, ticket.id, worker)
      return true
    }
    const last = await this.app.db
      .selectFrom('worker_positions')
      .select('recorded_at')
      .where('ticket_id', '=', ticket.id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (this.elapsedSeconds(last?.recorded_at ?? ticket.updated_at) < SIM_TIMINGS.stepEvery) return false
    const stepMeters = Math.max(ARRIVED_METERS, remaining / SIM_TIMINGS.travelSteps, 40)
    const fraction = Math.min(1, stepMeters / remaining)
    const lngGap = ticket.lng - from.lng
    const latGap = ticket.lat - from.lat
    const lngMeters = distanceMeters(from, { lat: from.lat, lng: ticket.lng })
    // Along the street axis first: move in longitude until aligned, then in latitude.
    const next =
      lngMeters > ARRIVED_METERS
        ? { lat: from.lat, lng: from.lng + lngGap * Math.min(1, stepMeters / lngMeters) }
        : { lat: from.lat + latGap * fraction, lng: ticket.lng }
    await recordPosition(this.app, worker, { ...next, coordSystem: 'wgs84' }, ticket.id)
    return true
  }

  private async finish(ticket: ActiveTicket): Promise<void> {
    const worker = await this.worker(ticket.assignee_id!)
    // Taken on the spot the worker walked to: stamped like a real after-photo.
    const upload = await storeAfterPhoto(this.app, worker, ticket.id, await afterPhotoJpeg(ticket.id), { lat: ticket.lat, lng: ticket.lng, coordSystem: 'wgs84' })
    // Like an upload through the route: the protected copy others see (#20) exists before the resolve shows it.
    this.app.privacy.enqueue(upload.id)
    await this.app.privacy.drain()
    const note = RECTIFICATION_NOTES[ticket.category_id] ?? '已按要求完成整改，现场恢复正常。'
    await resolveWork(this.app, ticket.id, worker, note, [upload.id])
  }
}

/** A plain after-photo: a tidy street scene in flat colours with a caption, made locally. */
export async function afterPhotoJpeg(ticketId: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="720">
    <rect width="960" height="720" fill="#cfe3f2"/>
    <rect y="430" width="960" height="290" fill="#9aa3ab"/>
    <rect y="560" width="960" height="12" fill="#f4f4f4"/>
    <rect x="80" y="180" width="220" height="250" fill="#d9c7a7"/>
    <rect x="660" y="120" width="240" height="310" fill="#c9b49a"/>
    <circle cx="470" cy="360" r="70" fill="#4f9a57"/><rect x="462" y="400" width="16" height="60" fill="#6b4f33"/>
    <rect x="40" y="640" width="880" height="56" rx="8" fill="#000" fill-opacity="0.45"/>
    <text x="60" y="678" font-size="30" fill="#fff" font-family="sans-serif">after #${ticketId} — site cleared</text>
  </svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()
}
