import {
  OPEN_STATUSES,
  RESIDENT_FILTER_STATUSES,
  STATUS_LABELS,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  TRANSITIONS,
  availableActions,
  checkTransition,
  isFinal,
  isOpen,
  type TicketStatus,
} from '@contract/lifecycle'

describe('ticket lifecycle', () => {
  it('walks the main path submitted → accepted → dispatched → in_progress → resolved → closed', () => {
    const steps = [
      ['accept', 'system'],
      ['dispatch', 'system'],
      ['start', 'worker'],
      ['resolve', 'worker'],
      ['close', 'resident'],
    ] as const
    let status: TicketStatus = 'submitted'
    const seen: TicketStatus[] = [status]
    for (const [action, role] of steps) {
      const result = checkTransition(status, action, role)
      if (!result.ok) throw new Error(`${action} refused from ${status}: ${result.reason}`)
      status = result.to
      seen.push(status)
    }
    expect(seen).toEqual(['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed'])
  })

  it('refuses skipping steps: a submitted ticket cannot be resolved', () => {
    expect(checkTransition('submitted', 'resolve', 'worker')).toEqual({ ok: false, reason: 'invalid_state' })
  })

  it('refuses the wrong role even in the right state: a resident cannot dispatch', () => {
    expect(checkTransition('accepted', 'dispatch', 'resident')).toEqual({ ok: false, reason: 'forbidden_role' })
    expect(checkTransition('in_progress', 'resolve', 'resident')).toEqual({ ok: false, reason: 'forbidden_role' })
  })

  it('lets the reporter appeal a resolved ticket, which goes back to the queue and is dispatched again', () => {
    const reopened = checkTransition('resolved', 'reopen', 'resident')
    expect(reopened).toEqual({ ok: true, to: 'reopened' })
    expect(isOpen('reopened')).toBe(true)
    expect(checkTransition('reopened', 'dispatch', 'dispatcher')).toEqual({ ok: true, to: 'dispatched' })
  })

  it('allows rejecting only before work starts, and only by a dispatcher', () => {
    expect(checkTransition('submitted', 'reject', 'dispatcher').ok).toBe(true)
    expect(checkTransition('in_progress', 'reject', 'dispatcher').ok).toBe(false)
    expect(checkTransition('submitted', 'reject', 'worker').ok).toBe(false)
  })

  it('has no way out of a final state', () => {
    for (const status of TICKET_STATUSES.filter(isFinal)) {
      for (const role of ['resident', 'worker', 'dispatcher', 'system'] as const) {
        expect(availableActions(status, role)).toEqual([])
      }
    }
  })

  it('only uses known statuses and labels every status in Chinese', () => {
    for (const action of TICKET_ACTIONS) {
      const rule = TRANSITIONS[action]
      for (const status of [...rule.from, rule.to]) expect(TICKET_STATUSES).toContain(status)
    }
    for (const status of TICKET_STATUSES) expect(STATUS_LABELS[status]).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('groups every status into exactly one resident filter besides 全部', () => {
    for (const status of TICKET_STATUSES) {
      const groups = (['processing', 'to_rate', 'done'] as const).filter((filter) =>
        RESIDENT_FILTER_STATUSES[filter].includes(status),
      )
      expect(groups).toHaveLength(1)
    }
    expect(RESIDENT_FILTER_STATUSES.processing).toEqual(OPEN_STATUSES)
  })
})
