/**
 * Marker kind → icon file (src/assets/map, drawn by draw-marker-icons.ts). The weapp <map> takes
 * only file paths for `iconPath`, so the mini-program build never inlines images as data URLs
 * (config/index.ts: mini.imageUrlLoaderOption). (Relative imports: jest's image stub matches
 * them, while '@/…' paths would be mapped to the PNG file itself first.)
 */
import garbagePoint from '../../assets/map/garbage_point.png'
import me from '../../assets/map/me.png'
import pin from '../../assets/map/pin.png'
import ticket from '../../assets/map/ticket.png'
import toilet from '../../assets/map/toilet.png'
import worker from '../../assets/map/worker.png'
import type { MarkerKind } from './types'

export const MARKER_ICONS: Record<MarkerKind, string> = {
  toilet,
  garbage_point: garbagePoint,
  ticket,
  worker,
  pin,
  me,
}

/** Display size in px (pt on weapp); the pin's tip, not its middle, marks the point. */
export const MARKER_SIZE = 32
export const PIN_SIZE = 40
