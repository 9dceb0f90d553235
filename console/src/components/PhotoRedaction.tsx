/**
 * A staff box over a face or number plate the detector missed (#20): drag a rectangle on the photo
 * (pointer), or type it in the x / y / 宽 / 高 fields (keyboard; both edit the same box, in the stored
 * photo's pixels), then send it to POST /api/ops/photos/:id/redactions. The protected copy that
 * everyone but the reporter and staff sees is shown after it, with the box blurred.
 */
import { useRef, useState, type PointerEvent } from 'react'
import type { PhotoPrivacyState } from '@contract/privacy'
import type { Photo } from '@contract/uploads'
import { ApiFailure } from '../lib/api'
import { consoleApi } from '../lib/endpoints'

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** The server refuses boxes smaller than this (RedactionBody) */
const MIN_SIDE = 4

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/** A box kept inside the photo, in whole pixels. */
function fitted(box: Box, photo: Photo): Box {
  const x = clamp(Math.round(box.x), 0, photo.width - MIN_SIDE)
  const y = clamp(Math.round(box.y), 0, photo.height - MIN_SIDE)
  return { x, y, width: clamp(Math.round(box.width), 0, photo.width - x), height: clamp(Math.round(box.height), 0, photo.height - y) }
}

export function PhotoRedaction({ photo, label, onClose }: { photo: Photo; label: string; onClose: () => void }) {
  const [box, setBox] = useState<Box | null>(null)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<PhotoPrivacyState | null>(null)
  const [error, setError] = useState<string | null>(null)
  const frame = useRef<HTMLDivElement | null>(null)
  const start = useRef<{ x: number; y: number } | null>(null)

  /** A pointer position in the stored photo's pixels (the image is shown scaled down). */
  const photoPoint = (event: PointerEvent<HTMLDivElement>) => {
    const rect = frame.current!.getBoundingClientRect()
    return {
      x: clamp(((event.clientX - rect.left) / rect.width) * photo.width, 0, photo.width),
      y: clamp(((event.clientY - rect.top) / rect.height) * photo.height, 0, photo.height),
    }
  }
  const down = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault()
    event.currentTarget.setPointerCapture(event.pointerId)
    start.current = photoPoint(event)
    setBox({ ...start.current, width: 0, height: 0 })
    setResult(null)
  }
  const move = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return
    const at = photoPoint(event)
    const from = start.current
    setBox(fitted({ x: Math.min(from.x, at.x), y: Math.min(from.y, at.y), width: Math.abs(at.x - from.x), height: Math.abs(at.y - from.y) }, photo))
  }
  const up = () => {
    start.current = null
  }

  const field = (key: keyof Box, text: string) => {
    const value = Number(text)
    if (!Number.isFinite(value)) return
    setBox(fitted({ ...(box ?? { x: 0, y: 0, width: 0, height: 0 }), [key]: value }, photo))
    setResult(null)
  }

  const valid = !!box && box.width >= MIN_SIDE && box.height >= MIN_SIDE
  const send = async () => {
    if (!box || !valid) return
    setBusy(true)
    setError(null)
    try {
      const state = await consoleApi.redact(photo.id, box)
      setResult(state)
      setBox(null)
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : '打码失败，请重试')
    } finally {
      setBusy(false)
    }
  }

  const pct = (value: number, of: number) => `${(value / of) * 100}%`
  return (
    <section className="redaction" aria-label={`${label}：手动打码`}>
      <p className="redaction__hint">在照片上拖出一个框，或填写下面的坐标（原图像素，宽 {photo.width} × 高 {photo.height}），框内会被打码；居民本人和处理人员仍看到原图。</p>
      <div
        ref={frame}
        className="redaction__frame"
        style={{ aspectRatio: `${photo.width} / ${photo.height}` }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        data-testid="redaction-frame"
      >
        <img src={result?.protected ? result.protected.url : photo.url} alt={result?.protected ? `${label}（打码后）` : `${label}（原图）`} draggable={false} />
        {box && box.width > 0 && box.height > 0 ? (
          <div
            className="redaction__box"
            style={{ left: pct(box.x, photo.width), top: pct(box.y, photo.height), width: pct(box.width, photo.width), height: pct(box.height, photo.height) }}
            aria-hidden="true"
          />
        ) : null}
      </div>
      <div className="redaction__fields">
        {(
          [
            ['x', 'x（左）'],
            ['y', 'y（上）'],
            ['width', '宽'],
            ['height', '高'],
          ] as const
        ).map(([key, name]) => (
          <label key={key} className="field">
            {name}
            <input type="number" min={0} step={1} inputMode="numeric" value={box ? box[key] : ''} onChange={(event) => field(key, event.target.value)} />
          </label>
        ))}
      </div>
      {error ? <p className="notice notice--error" role="alert">{error}</p> : null}
      {result ? (
        <p className="notice" role="status">
          已打码：公开照片已更新（共 {result.manual.length} 个手动框）
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button button--primary" disabled={!valid || busy} onClick={() => void send()}>
          {busy ? '正在打码…' : '对框内打码'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          完成
        </button>
      </div>
    </section>
  )
}
