/**
 * Open311 service requests are our tickets. Posting one goes through the app's own ticket service
 * (createTicket, source 'open311'), so it gets the same validation, number, SLA, queue, dispatch and
 * simulator. Reading returns every ticket, whatever its channel, in its public view only
 * (services/tickets/public-view): reports staff hid are left out, and
 *
 * - description: the public copy, only if the resident chose to share it (else empty);
 * - media_url: the workers' latest after-photo, never a resident's photo or a client's media_url;
 *
 * - status: open while the city still has work to do (submitted, accepted, dispatched,
 *   in_progress, reopened); closed once resolved, closed or rejected. A resolved ticket that the
 *   resident appeals goes back to open. The exact status is extended_attributes.detailed_status
 *   (with extensions=true, the spec's extension convention).
 * - status_notes: the latest timeline event's note with personal data removed; events by residents
 *   (appeal reasons, rating comments) show only their label, never the resident's words.
 * - lat/long: WGS-84 rounded to 4 decimals (~10 m), as on the app's public map.
 * - never returned: the reporter, the typed address note (address_string), contact fields.
 */
import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { chinaIso } from '@contract/china-time'
import {
  EVENT_LABELS,
  OPEN_STATUSES,
  STATUS_LABELS,
  TICKET_STATUSES,
  isOpen,
  type ActorRole,
  type TicketEventType,
  type TicketStatus,
} from '@contract/lifecycle'
import {
  W3C_DATETIME_PATTERN,
  type ListRequestsQuery,
  type PostRequestBody,
  type PostRequestResponse,
  type ServiceAttribute,
  type ServiceRequest,
  type TokenResponse,
} from '@contract/open311'
import type { Point } from '@contract/schemas'
import type { TicketRow } from '../../db/schema'
import { DAY } from '../../lib/clock'
import { round } from '../../lib/coords'
import { findOrCreateUser } from '../auth'
import { findCategory } from '../categories'
import { createTicket } from '../tickets/create'
import { isPubliclyListed, publicDescription, publicNote } from '../tickets/public-view'
import { protectedImageUrl } from '../uploads'
import { geocodeAddress } from './address'
import { AGENCY_RESPONSIBLE, attributesOf, serviceNotice } from './definitions'
import { Open311Failure } from './errors'

export const MAX_WINDOW_DAYS = 90
export const MAX_RESULTS = 1000
export const DESCRIPTION_MAX = 4000

/** A stored UTC instant as the spec's W3C datetime, in Guangzhou time: 2026-11-25T10:00:00+08:00. */
export const w3cTime = (iso: string): string => chinaIso(iso)

/* ---------- posting ---------- */

/** One Open311 user per api_key and account (account_id, else email); the key itself is never stored. */
export function reporterOpenid(apiKey: string, body: Pick<PostRequestBody, 'account_id' | 'email'>): string {
  const who = body.account_id ? `account:${body.account_id}` : body.email ? `email:${body.email.toLowerCase()}` : 'anonymous'
  return `open311:${crypto.createHash('sha256').update(`${apiKey}\n${who}`).digest('hex')}`
}

function locate(app: FastifyInstance, body: PostRequestBody): { point: Point; from: string } {
  const hasLat = body.lat !== undefined
  const hasLong = body.long !== undefined
  if (hasLat !== hasLong) throw Open311Failure.badRequest('lat and long must be sent together')
  if (hasLat && hasLong) return { point: { lat: body.lat!, lng: body.long! }, from: 'lat/long' }
  if (body.address_string) {
    const found = geocodeAddress(app.geo, body.address_string)
    if (!found) {
      throw Open311Failure.badRequest(
        `address_string "${body.address_string}" names no street (街道/镇) or community (社区/村) of ${app.geo.name}; send lat and long (WGS-84) instead`,
      )
    }
    return { point: found.point, from: 'address_string' }
  }
  if (body.address_id) throw Open311Failure.badRequest('address_id is not supported here; send lat and long (WGS-84) or address_string')
  throw Open311Failure.badRequest('A location is required: lat and long (WGS-84), or address_string')
}

const isNumber = (value: string) => value.trim() !== '' && Number.isFinite(Number(value))
const isDatetime = (value: string) => new RegExp(W3C_DATETIME_PATTERN).test(value) && !Number.isNaN(Date.parse(value))

/** Checks attribute[...] against the service definition; returns the answers as `label：value` lines. */
export function checkAttributes(serviceCode: string, given: Record<string, string[]> = {}): { lines: string[]; raw: Record<string, string> } {
  const definitions = attributesOf(serviceCode)
  const problems: string[] = []
  for (const code of Object.keys(given)) {
    if (!definitions.some((attribute) => attribute.variable && attribute.code === code)) {
      problems.push(`attribute[${code}] is not an attribute of service_code ${serviceCode}`)
    }
  }
  const lines: string[] = []
  const raw: Record<string, string> = {}
  for (const attribute of [...definitions].sort((a, b) => a.order - b.order)) {
    if (!attribute.variable) continue
    const values = (given[attribute.code] ?? []).map((value) => value.trim()).filter(Boolean)
    if (values.length === 0) {
      if (attribute.required) problems.push(`attribute[${attribute.code}] is required for service_code ${serviceCode} (${attribute.description})`)
      continue
    }
    const problem = checkValues(attribute, values)
    if (problem) {
      problems.push(problem)
      continue
    }
    const shown = attribute.values.length ? values.map((key) => attribute.values.find((value) => value.key === key)!.name) : values
    lines.push(`${attribute.description}：${shown.join('、')}`)
    raw[`attribute[${attribute.code}]`] = values.join(',')
  }
  if (problems.length) throw Open311Failure.badRequest(...problems)
  return { lines, raw }
}

function checkValues(attribute: ServiceAttribute, values: string[]): string | null {
  const field = `attribute[${attribute.code}]`
  if (attribute.datatype !== 'multivaluelist' && values.length > 1) return `${field} takes one value`
  switch (attribute.datatype) {
    case 'singlevaluelist':
    case 'multivaluelist': {
      const unknown = values.filter((value) => !attribute.values.some((option) => option.key === value))
      return unknown.length ? `${field} must be one of ${attribute.values.map((option) => option.key).join(', ')}` : null
    }
    case 'number':
      return isNumber(values[0]) ? null : `${field} must be a number`
    case 'datetime':
      return isDatetime(values[0]) ? null : `${field} must be a W3C datetime with a timezone`
    case 'string':
      return /[\r\n]/.test(values[0]) ? `${field} must be a single line` : null
    default:
      return null
  }
}

function checkMediaUrl(url: string | undefined): void {
  if (!url) return
  let parsed: URL | null = null
  try {
    parsed = new URL(url)
  } catch {
    parsed = null
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw Open311Failure.badRequest('media_url must be an http(s) URL')
}

const CONTACT_FIELDS = ['email', 'first_name', 'last_name', 'phone', 'device_id', 'account_id'] as const

export async function postServiceRequest(app: FastifyInstance, apiKey: string, body: PostRequestBody): Promise<PostRequestResponse> {
  if (!body.service_code) throw Open311Failure.badRequest('service_code was not provided')
  const category = await findCategory(app.db, body.service_code)
  if (!category) throw Open311Failure.notFound(`service_code ${body.service_code} was not found`)
  const { point } = locate(app, body)
  if (!app.geo.resolve(point)) {
    throw Open311Failure.badRequest(`The location ${point.lat},${point.lng} (WGS-84) is outside ${app.geo.name}, the jurisdiction of this endpoint`)
  }
  const answers = checkAttributes(category.id, body.attribute)
  checkMediaUrl(body.media_url)
  const text = (body.description ?? '').trim()
  if (!text && answers.lines.length === 0) throw Open311Failure.badRequest('description is required: describe the problem')
  // Attribute answers travel in the description, where dispatchers and workers read them.
  const description = [text, answers.lines.length ? `【补充信息】\n${answers.lines.join('\n')}` : ''].filter(Boolean).join('\n\n')

  const contact: Record<string, string> = {}
  for (const field of CONTACT_FIELDS) if (body[field]) contact[field] = body[field]!
  if (body.media_url) contact.media_url = body.media_url
  Object.assign(contact, answers.raw)

  const user = await findOrCreateUser(app.db, reporterOpenid(apiKey, body), app.clock.now())
  const { ticketId } = await createTicket(
    app,
    { role: 'resident', id: user.id, name: user.display_name },
    {
      categoryId: category.id,
      description,
      photoIds: [],
      location: { ...point, coordSystem: 'wgs84' },
      address: body.address_string?.trim() || undefined,
      source: 'open311',
      contact: Object.keys(contact).length ? contact : null,
    },
    null,
  )
  const { number } = await app.db.selectFrom('tickets').select('number').where('id', '=', ticketId).executeTakeFirstOrThrow()
  return [{ service_request_id: number, service_notice: serviceNotice(category), account_id: body.account_id ?? null }]
}

/* ---------- reading ---------- */

type TicketForOpen311 = Pick<
  TicketRow,
  'id' | 'number' | 'status' | 'category_id' | 'description' | 'lat' | 'lng' | 'street' | 'community' | 'contact' | 'source'
  | 'created_at' | 'updated_at' | 'due_at' | 'resolved_at' | 'closed_at' | 'share_public' | 'moderation'
> & { category_name: string; sla_hours: number }

interface LastEvent {
  type: TicketEventType
  actor_role: ActorRole
  note: string | null
}

export interface ReadOptions {
  /** PUBLIC_URL, for absolute media URLs (never the request's Host header). */
  origin: string
  extensions?: boolean
}

function selectTickets(app: FastifyInstance) {
  return app.db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.status',
      'tickets.category_id',
      'tickets.description',
      'tickets.lat',
      'tickets.lng',
      'tickets.street',
      'tickets.community',
      'tickets.contact',
      'tickets.source',
      'tickets.created_at',
      'tickets.updated_at',
      'tickets.due_at',
      'tickets.resolved_at',
      'tickets.closed_at',
      'tickets.share_public',
      'tickets.moderation',
      'categories.name as category_name',
      'categories.sla_hours',
    ])
}

/** The latest event and the latest staff (after-)photo of each ticket, in two queries. */
async function extrasOf(app: FastifyInstance, ids: number[]) {
  const lastEvents = new Map<number, LastEvent>()
  const firstPhotos = new Map<number, string>()
  if (ids.length === 0) return { lastEvents, firstPhotos }
  const events = await app.db
    .selectFrom('ticket_events')
    .select(['ticket_id', 'type', 'actor_role', 'note'])
    .where('id', 'in', (eb) => eb.selectFrom('ticket_events').select((inner) => inner.fn.max('id').as('id')).where('ticket_id', 'in', ids).groupBy('ticket_id'))
    .execute()
  for (const event of events) lastEvents.set(event.ticket_id, event)
  const photos = await app.db
    .selectFrom('uploads')
    .innerJoin('ticket_events', 'ticket_events.id', 'uploads.event_id')
    .select(['uploads.id', 'uploads.ticket_id', 'uploads.privacy_status', 'uploads.privacy_version'])
    .where('ticket_events.actor_role', '!=', 'resident')
    // Only protected copies are public (#20): a photo still in the privacy queue is left out.
    .where('uploads.privacy_status', '=', 'ready')
    .where('uploads.ticket_id', 'in', ids)
    .orderBy('uploads.created_at', 'desc')
    .orderBy('uploads.id')
    .execute()
  for (const photo of photos) {
    const url = protectedImageUrl(photo)
    if (url && photo.ticket_id !== null && !firstPhotos.has(photo.ticket_id)) firstPhotos.set(photo.ticket_id, url)
  }
  return { lastEvents, firstPhotos }
}

function statusNotes(event: LastEvent | undefined): string | null {
  if (!event) return null
  // Residents' own words (appeal reasons, rating comments) stay private: only what happened.
  if (event.actor_role === 'resident') return EVENT_LABELS[event.type]
  return publicNote(event.note, event.actor_role) ?? EVENT_LABELS[event.type]
}

function updatedAt(ticket: TicketForOpen311): string {
  if (ticket.status === 'closed' || ticket.status === 'rejected') return ticket.closed_at ?? ticket.updated_at
  if (ticket.status === 'resolved') return ticket.resolved_at ?? ticket.updated_at
  return ticket.updated_at
}

export function toServiceRequest(
  ticket: TicketForOpen311,
  extras: { lastEvent?: LastEvent; photoUrl?: string },
  options: ReadOptions,
): ServiceRequest {
  const request: ServiceRequest = {
    service_request_id: ticket.number,
    status: isOpen(ticket.status) ? 'open' : 'closed',
    status_notes: statusNotes(extras.lastEvent),
    service_name: ticket.category_name,
    service_code: ticket.category_id,
    description: publicDescription(ticket) ?? '',
    agency_responsible: AGENCY_RESPONSIBLE,
    service_notice: serviceNotice({ name: ticket.category_name, slaHours: ticket.sla_hours }),
    requested_datetime: w3cTime(ticket.created_at),
    updated_datetime: w3cTime(updatedAt(ticket)),
    expected_datetime: w3cTime(ticket.due_at),
    // Most specific first, as the spec asks.
    address: [ticket.community, ticket.street, '白云区', '广州市'].filter(Boolean).join(', '),
    address_id: null,
    zipcode: null,
    lat: round(ticket.lat, 4),
    long: round(ticket.lng, 4),
    // A client's own media_url stays private with the contact fields: it is the resident's photo.
    media_url: extras.photoUrl ? `${options.origin}${extras.photoUrl}` : null,
  }
  if (options.extensions) {
    request.extended_attributes = {
      detailed_status: ticket.status,
      detailed_status_label: STATUS_LABELS[ticket.status],
      channel: ticket.source,
    }
  }
  return request
}

async function toServiceRequests(app: FastifyInstance, tickets: TicketForOpen311[], options: ReadOptions): Promise<ServiceRequest[]> {
  const { lastEvents, firstPhotos } = await extrasOf(
    app,
    tickets.map((ticket) => ticket.id),
  )
  return tickets.map((ticket) => toServiceRequest(ticket, { lastEvent: lastEvents.get(ticket.id), photoUrl: firstPhotos.get(ticket.id) }, options))
}

export async function getServiceRequest(app: FastifyInstance, serviceRequestId: string, options: ReadOptions): Promise<ServiceRequest[]> {
  const ticket = await selectTickets(app).where('tickets.number', '=', serviceRequestId).executeTakeFirst()
  if (!ticket || !isPubliclyListed(ticket)) throw Open311Failure.notFound(`service_request_id ${serviceRequestId} was not found`)
  return toServiceRequests(app, [ticket], options)
}

/** Tokens: every request is realtime, so a token is simply the service_request_id. */
export async function requestIdFromToken(app: FastifyInstance, token: string): Promise<TokenResponse> {
  const ticket = await app.db.selectFrom('tickets').select(['number', 'moderation']).where('number', '=', token).executeTakeFirst()
  if (!ticket || !isPubliclyListed(ticket)) throw Open311Failure.notFound(`token ${token} was not found`)
  return [{ service_request_id: ticket.number, token }]
}

const commaList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

function parseDate(field: 'start_date' | 'end_date', value: string | undefined): number | null {
  if (value === undefined) return null
  if (!isDatetime(value)) throw Open311Failure.badRequest(`${field} must be a W3C datetime with a timezone, e.g. 2026-11-01T00:00:00Z`)
  return Date.parse(value)
}

/** The search window: at most 90 days; without dates, the 90 days before now. */
export function searchWindow(query: Pick<ListRequestsQuery, 'start_date' | 'end_date'>, now: Date): { from: number; to: number } {
  const start = parseDate('start_date', query.start_date)
  const end = parseDate('end_date', query.end_date)
  const span = MAX_WINDOW_DAYS * DAY
  if (start !== null && end !== null) {
    if (end < start) throw Open311Failure.badRequest('end_date is before start_date')
    if (end - start > span) throw Open311Failure.badRequest(`start_date and end_date may not span more than ${MAX_WINDOW_DAYS} days`)
    return { from: start, to: end }
  }
  if (start !== null) return { from: start, to: start + span }
  if (end !== null) return { from: end - span, to: end }
  return { from: now.getTime() - span, to: now.getTime() }
}

function statusesOf(filter: string | undefined): readonly TicketStatus[] {
  const wanted = commaList(filter)
  const unknown = wanted.filter((status) => status !== 'open' && status !== 'closed')
  if (unknown.length) throw Open311Failure.badRequest(`status must be open, closed or both (comma separated); got ${unknown.join(', ')}`)
  const statuses = new Set<TicketStatus>()
  if (wanted.length === 0 || wanted.includes('open')) OPEN_STATUSES.forEach((status) => statuses.add(status))
  if (wanted.length === 0 || wanted.includes('closed')) TICKET_STATUSES.filter((status) => !isOpen(status)).forEach((status) => statuses.add(status))
  return [...statuses]
}

export async function listServiceRequests(app: FastifyInstance, query: ListRequestsQuery, options: ReadOptions): Promise<ServiceRequest[]> {
  const ids = commaList(query.service_request_id)
  let select = selectTickets(app).where('tickets.moderation', '!=', 'hidden')
  if (ids.length) {
    // service_request_id overrides every other filter.
    if (ids.length > MAX_RESULTS) throw Open311Failure.badRequest(`At most ${MAX_RESULTS} service_request_id at once`)
    select = select.where('tickets.number', 'in', ids)
  } else {
    const { from, to } = searchWindow(query, app.clock.now())
    select = select
      .where('tickets.created_at', '>=', new Date(from).toISOString())
      .where('tickets.created_at', '<=', new Date(to).toISOString())
      .where('tickets.status', 'in', statusesOf(query.status))
    const codes = commaList(query.service_code)
    if (codes.length) select = select.where('tickets.category_id', 'in', codes)
  }
  const tickets = await select.orderBy('tickets.created_at', 'desc').orderBy('tickets.id', 'desc').limit(MAX_RESULTS).execute()
  return toServiceRequests(app, tickets, options)
}
