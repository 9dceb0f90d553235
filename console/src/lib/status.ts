/** Ticket status colours of the map, the queue and the drawer: distinct hues, each ≥ 4.5:1 against white text. */
import type { TicketStatus } from '@contract/lifecycle'

export const STATUS_COLORS: Record<TicketStatus, string> = {
  submitted: '#b3261e',
  accepted: '#a34700',
  dispatched: '#1557b0',
  in_progress: '#6a1b9a',
  reopened: '#8b1a4a',
  resolved: '#1e6b34',
  closed: '#4a5361',
  rejected: '#4a5361',
}
