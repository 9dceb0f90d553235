/**
 * The dispatch simulator resolves a resident's ticket on its own: auto-dispatch to the nearest
 * on-duty worker of the grid, a recorded walk to the spot, start, and an after-photo with notes.
 */
import type { TicketDetail } from '@contract/tickets'
import { FakeClock } from '../../mock-server/src/lib/clock'
import { SIM_TIMINGS } from '../../mock-server/src/services/simulator'
import { injectAs, login, useTestApp } from '../helpers/app'
import { fileTicketOk, getTicket } from '../helpers/tickets'

describe('dispatch simulator', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })

  async function stepUntil(ticketId: number, token: string, status: string, seconds: number, maxSteps = 60) {
    for (let i = 0; i < maxSteps; i++) {
      const ticket = (await getTicket(ctx.app, token, ticketId)).json<TicketDetail>()
      if (ticket.status === status) return ticket
      clock.advance(seconds * 1000)
      await ctx.app.simulator.step()
    }
    throw new Error(`ticket never reached ${status}`)
  }

  it('takes a new ticket from submitted to resolved with a track and an after-photo', async () => {
    const { token } = await login(ctx.app, 'resident-sim')
    const ticket = await fileTicketOk(ctx.app, token)

    // Nothing happens before the accept delay.
    await ctx.app.simulator.step()
    expect((await getTicket(ctx.app, token, ticket.id)).json<TicketDetail>().status).toBe('submitted')

    const dispatched = await stepUntil(ticket.id, token, 'dispatched', SIM_TIMINGS.acceptAfter)
    const worker = await ctx.app.db.selectFrom('users').selectAll().where('id', '=', dispatched.assignee!.id).executeTakeFirstOrThrow()
    expect(worker.role).toBe('worker')
    expect(worker.grid_id).toBe(dispatched.address.gridId) // the grid's own worker

    const started = await stepUntil(ticket.id, token, 'in_progress', SIM_TIMINGS.stepEvery)
    const track = (await injectAs(ctx.app, token, { method: 'GET', url: `/api/tickets/${ticket.id}/track` })).json()
    expect(track.points.length).toBeGreaterThanOrEqual(1)
    const last = track.points.at(-1)
    expect(Math.abs(last.lat - started.location.lat)).toBeLessThan(0.0005)

    const resolved = await stepUntil(ticket.id, token, 'resolved', SIM_TIMINGS.workFor)
    expect(resolved.afterPhotos).toHaveLength(1)
    expect(resolved.events.map((event) => event.type)).toEqual(['created', 'accepted', 'dispatched', 'started', 'resolved'])
    expect(resolved.events.at(-1)?.note).toContain('已')
    const image = await ctx.app.inject({ method: 'GET', url: resolved.afterPhotos[0].url })
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/jpeg')
  })

  it('leaves alone tickets of workers it does not drive', async () => {
    const { token } = await login(ctx.app, 'resident-sim2')
    const ticket = await fileTicketOk(ctx.app, token)
    const dispatcher = (await login(ctx.app, 'dispatcher')).token
    const human = await login(ctx.app, 'real-worker')
    await ctx.app.db.updateTable('users').set({ role: 'worker', on_duty: 1 }).where('id', '=', human.user.id).execute()
    await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/dispatch`, payload: { workerId: human.user.id } })
    for (let i = 0; i < 10; i++) {
      clock.advance(10_000)
      await ctx.app.simulator.step()
    }
    expect((await getTicket(ctx.app, token, ticket.id)).json<TicketDetail>().status).toBe('dispatched')
  })
})
