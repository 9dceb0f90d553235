/**
 * The ticket drawer: facts, before/after photos, the whole timeline, the resident's rating, and the
 * dispatcher's actions for the current state (the lifecycle in the contract decides which). A stale
 * action (409: the ticket moved meanwhile) says so and reloads the ticket.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { EVENT_LABELS, RATING_LABELS, ROLE_LABELS, availableActions, isOpen, type TicketStatus } from '@contract/lifecycle'
import type { SuggestionList } from '@contract/console'
import type { TicketDetail } from '@contract/tickets'
import type { BindingCodeResponse } from '@contract/work'
import { ApiFailure } from '../lib/api'
import { consoleApi } from '../lib/endpoints'
import { chinaDateTime, chinaShort, timeLeft } from '../lib/time'
import { PhotoRedaction } from './PhotoRedaction'
import { StatusBadge } from './QueueTable'

type Panel = null | 'assign' | 'reject' | 'merge' | 'reply'
type Notice = { kind: 'ok' | 'error'; text: string } | null

/** Merge and reply are console actions outside the status machine: merge only while not yet dispatched. */
const MERGEABLE: readonly TicketStatus[] = ['submitted', 'accepted', 'reopened']

function km(m: number) {
  return m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`
}

export function TicketDrawer({ id, version, onClose, onChanged }: { id: number; version: number; onClose: () => void; onChanged: () => void }) {
  const [ticket, setTicket] = useState<TicketDetail | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [panel, setPanel] = useState<Panel>(null)
  const [notice, setNotice] = useState<Notice>(null)
  const [busy, setBusy] = useState(false)
  /** The before-photo a staff box is being drawn on (#20). */
  const [redacting, setRedacting] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement | null>(null)

  const load = useCallback(async () => {
    try {
      setTicket(await consoleApi.ticket(id))
      setLoadError(null)
    } catch (error) {
      setLoadError(error instanceof ApiFailure ? error.message : '工单加载失败')
    }
  }, [id])

  useEffect(() => {
    setTicket(null)
    setPanel(null)
    setNotice(null)
    setRedacting(null)
  }, [id])
  // Reloads when opened and whenever a live event says this ticket changed.
  useEffect(() => {
    void load()
  }, [load, version])
  useEffect(() => {
    if (ticket) heading.current?.focus()
  }, [ticket?.id]) // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const escape = (event: KeyboardEvent) => event.key === 'Escape' && onClose()
    window.addEventListener('keydown', escape)
    return () => window.removeEventListener('keydown', escape)
  }, [onClose])

  /** Runs an action; a 409 (someone else moved the ticket) reloads it and says so. */
  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true)
    setNotice(null)
    try {
      await action()
      setNotice({ kind: 'ok', text: done })
      setPanel(null)
      onChanged()
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : null
      if (failure?.status === 409) setNotice({ kind: 'error', text: `操作未完成：${failure.message}` })
      else setNotice({ kind: 'error', text: failure?.message ?? '操作失败，请重试' })
    } finally {
      setBusy(false)
      await load()
    }
  }

  const actions = ticket ? availableActions(ticket.status, 'dispatcher') : []
  const canMerge = ticket ? MERGEABLE.includes(ticket.status) : false

  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title">
      <div className="drawer__head">
        <div style={{ flex: 1 }}>
          <h2 id="drawer-title" tabIndex={-1} ref={heading}>
            {ticket ? `工单 ${ticket.number}` : '工单详情'}
          </h2>
          {ticket ? (
            <div className="sub">
              <StatusBadge status={ticket.status} /> {ticket.categoryName} · {ticket.address.text}
            </div>
          ) : null}
        </div>
        <button type="button" className="button" onClick={onClose} aria-label="关闭工单详情">
          关闭
        </button>
      </div>
      <div className="drawer__body">
        <div aria-live="polite">{notice ? <p className={notice.kind === 'error' ? 'notice notice--error' : 'notice'} role={notice.kind === 'error' ? 'alert' : 'status'}>{notice.text}</p> : null}</div>
        {loadError ? <p className="notice notice--error" role="alert">{loadError}</p> : null}
        {!ticket ? (
          <p role="status">正在加载…</p>
        ) : (
          <>
            <Section title="基本信息">
              <dl className="facts">
                <dt>问题描述</dt>
                <dd>{ticket.description || '（无文字描述）'}</dd>
                <dt>位置</dt>
                <dd>
                  {ticket.address.text}
                  {ticket.addressNote ? `（${ticket.addressNote}）` : ''}
                </dd>
                <dt>上报时间</dt>
                <dd>{chinaDateTime(ticket.createdAt)}</dd>
                <dt>处置时限</dt>
                <dd>
                  {chinaDateTime(ticket.dueAt)}
                  {isOpen(ticket.status) ? `（${timeLeft(ticket.dueAt, Date.now()).text}）` : ''}
                </dd>
                <dt>处置人</dt>
                <dd>
                  {ticket.assignee ? ticket.assignee.name : '未派遣'}
                  {ticket.assignee ? <BindingCode workerId={ticket.assignee.id} /> : null}
                </dd>
                <dt>复核 / 关注</dt>
                <dd>
                  复核 {ticket.reopenCount} 次 · {ticket.followerCount} 人关注
                </dd>
                {ticket.resolveFlag ? (
                  <>
                    <dt>照片位置</dt>
                    <dd className="notice--error">{ticket.resolveFlag.farPhotos} 张处置照片拍摄于距工单 {km(ticket.resolveFlag.maxDistanceMeters)} 处</dd>
                  </>
                ) : null}
              </dl>
            </Section>

            <Section title="处置操作">
              <div className="actions">
                {actions.includes('accept') ? (
                  <button type="button" className="button button--primary" disabled={busy} onClick={() => void act(() => consoleApi.accept(ticket.id), '已受理')}>
                    受理
                  </button>
                ) : null}
                {actions.includes('dispatch') ? (
                  <button type="button" className="button button--primary" aria-expanded={panel === 'assign'} onClick={() => setPanel(panel === 'assign' ? null : 'assign')}>
                    {ticket.assignee ? '改派' : '派遣'}
                  </button>
                ) : null}
                {actions.includes('reject') ? (
                  <button type="button" className="button" aria-expanded={panel === 'reject'} onClick={() => setPanel(panel === 'reject' ? null : 'reject')}>
                    不予受理
                  </button>
                ) : null}
                {canMerge ? (
                  <button type="button" className="button" aria-expanded={panel === 'merge'} onClick={() => setPanel(panel === 'merge' ? null : 'merge')}>
                    合并为重复
                  </button>
                ) : null}
                <button type="button" className="button" aria-expanded={panel === 'reply'} onClick={() => setPanel(panel === 'reply' ? null : 'reply')}>
                  公开回复
                </button>
              </div>
              {panel === 'assign' ? <AssignPanel ticket={ticket} busy={busy} onAssign={(workerId, name) => act(() => consoleApi.dispatch(ticket.id, workerId), `已派遣给 ${name}`)} /> : null}
              {panel === 'reject' ? <RejectPanel busy={busy} onReject={(reason, note) => act(() => consoleApi.reject(ticket.id, reason, note), '已不予受理')} /> : null}
              {panel === 'merge' ? <MergePanel ticket={ticket} busy={busy} onMerge={(intoId, number) => act(() => consoleApi.merge(ticket.id, intoId), `已合并到 ${number}，上报人已转为该工单的关注者并收到通知`)} /> : null}
              {panel === 'reply' ? <ReplyPanel busy={busy} onReply={(text) => act(() => consoleApi.reply(ticket.id, text), '回复已发送到市民的消息')} /> : null}
            </Section>

            <Section title="处置前后照片">
              <div className="photos">
                {ticket.photos.length === 0 && ticket.afterPhotos.length === 0 ? <p>无照片</p> : null}
                {ticket.photos.map((photo, i) => (
                  <figure key={photo.id}>
                    <a href={photo.url} target="_blank" rel="noreferrer">
                      <img src={photo.thumbUrl} alt={`处置前照片 ${i + 1}`} />
                    </a>
                    <figcaption>
                      处置前 {i + 1}{' '}
                      <button type="button" className="button button--small" aria-expanded={redacting === photo.id} onClick={() => setRedacting(redacting === photo.id ? null : photo.id)}>
                        打码
                      </button>
                    </figcaption>
                  </figure>
                ))}
                {ticket.afterPhotos.map((photo, i) => (
                  <figure key={photo.id}>
                    <a href={photo.url} target="_blank" rel="noreferrer">
                      <img src={photo.thumbUrl} alt={`处置后照片 ${i + 1}`} />
                    </a>
                    <figcaption>处置后 {i + 1}</figcaption>
                  </figure>
                ))}
              </div>
              {ticket.photos.map((photo, i) =>
                redacting === photo.id ? <PhotoRedaction key={photo.id} photo={photo} label={`处置前照片 ${i + 1}`} onClose={() => setRedacting(null)} /> : null,
              )}
            </Section>

            <Section title="市民评价">
              {ticket.rating ? (
                <p>
                  {ticket.rating.score} 星 · {RATING_LABELS[ticket.rating.score as 1 | 2 | 3 | 4 | 5]}
                  {ticket.rating.tags.length ? ` · ${ticket.rating.tags.join('、')}` : ''}
                  {ticket.rating.comment ? `：“${ticket.rating.comment}”` : ''}（{chinaShort(ticket.rating.at)}）
                </p>
              ) : (
                <p>尚未评价</p>
              )}
            </Section>

            <Section title="处置过程">
              <ol className="timeline">
                {ticket.events.map((event) => (
                  <li key={event.id}>
                    <strong>{EVENT_LABELS[event.type] ?? event.type}</strong> · {ROLE_LABELS[event.actorRole]} {event.actorName}
                    <div className="when">{chinaDateTime(event.at)}</div>
                    {event.note ? <div>{event.note}</div> : null}
                    {event.photos.length ? (
                      <div className="photos">
                        {event.photos.map((photo, i) => (
                          <img key={photo.id} src={photo.thumbUrl} alt={`${EVENT_LABELS[event.type] ?? ''}照片 ${i + 1}`} />
                        ))}
                      </div>
                    ) : null}
                  </li>
                ))}
              </ol>
            </Section>
          </>
        )}
      </div>
    </aside>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {children}
    </section>
  )
}

function AssignPanel({ ticket, busy, onAssign }: { ticket: TicketDetail; busy: boolean; onAssign: (workerId: number, name: string) => void }) {
  const [list, setList] = useState<SuggestionList['items'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    consoleApi
      .suggestions(ticket.id)
      .then((answer) => setList(answer.items))
      .catch((failure) => setError(failure instanceof ApiFailure ? failure.message : '无法获取推荐人员'))
  }, [ticket.id])
  return (
    <div className="action-box" role="group" aria-label="推荐的作业人员">
      <p>距离最近的 5 名在岗作业人员（距离 · 当前在办工单）：</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {!list && !error ? <p role="status">正在计算推荐…</p> : null}
      {list?.length === 0 ? <p>当前没有在岗的作业人员</p> : null}
      <ul className="suggestions">
        {list?.map((worker) => (
          <li key={worker.workerId}>
            <span className="who">
              <strong>{worker.name}</strong>
              <span className="meta">
                {' '}
                {km(worker.distanceMeters)} · 在办 {worker.activeTickets} 件{worker.sameGrid ? ' · 本网格' : ''}
              </span>
            </span>
            <button
              type="button"
              className="button button--primary button--small"
              disabled={busy || worker.workerId === ticket.assignee?.id}
              onClick={() => onAssign(worker.workerId, worker.name)}
              aria-label={`派遣给 ${worker.name}（${km(worker.distanceMeters)}，在办 ${worker.activeTickets} 件）`}
            >
              {worker.workerId === ticket.assignee?.id ? '当前处置人' : '派遣'}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

function RejectPanel({ busy, onReject }: { busy: boolean; onReject: (reason: 'duplicate' | 'not_responsible', note?: string) => void }) {
  const [reason, setReason] = useState<'duplicate' | 'not_responsible'>('not_responsible')
  const [note, setNote] = useState('')
  return (
    <form className="action-box" aria-label="不予受理" onSubmit={(e) => (e.preventDefault(), onReject(reason, note.trim() || undefined))}>
      <label className="field">
        原因
        <select value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
          <option value="not_responsible">不属于城管职责范围</option>
          <option value="duplicate">重复上报</option>
        </select>
      </label>
      <label className="field">
        说明（市民可见）
        <textarea value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="button button--danger" disabled={busy}>
        确认不予受理
      </button>
    </form>
  )
}

function MergePanel({ ticket, busy, onMerge }: { ticket: TicketDetail; busy: boolean; onMerge: (intoId: number, number: string) => void }) {
  const [number, setNumber] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    const wanted = number.trim().toUpperCase()
    if (!wanted) return setError('请输入要保留的工单编号')
    if (wanted === ticket.number) return setError('不能合并到工单自身')
    try {
      const found = await consoleApi.queue({ q: wanted, pageSize: 5 })
      const target = found.items.find((row) => row.number === wanted)
      if (!target) return setError(`找不到工单 ${wanted}`)
      setError(null)
      onMerge(target.id, target.number)
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : '查找工单失败')
    }
  }
  return (
    <form className="action-box" aria-label="合并为重复工单" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <label className="field">
        保留的工单编号（本工单将关闭，上报人转为其关注者）
        <input value={number} placeholder="如 BY20261125-0007" onChange={(e) => setNumber(e.target.value)} aria-invalid={Boolean(error)} />
      </label>
      <p className="form-error" role="alert">
        {error ?? ''}
      </p>
      <button type="submit" className="button button--primary" disabled={busy}>
        合并
      </button>
    </form>
  )
}

function ReplyPanel({ busy, onReply }: { busy: boolean; onReply: (text: string) => void }) {
  const [text, setText] = useState('')
  return (
    <form className="action-box" aria-label="公开回复" onSubmit={(e) => (e.preventDefault(), text.trim() && onReply(text.trim()))}>
      <label className="field">
        回复内容（将发送到市民的消息）
        <textarea value={text} maxLength={500} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="button button--primary" disabled={busy || !text.trim()}>
        发送回复
      </button>
    </form>
  )
}

function BindingCode({ workerId }: { workerId: number }) {
  const [answer, setAnswer] = useState<BindingCodeResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const make = async () => {
    try {
      setAnswer(await consoleApi.bindingCode(workerId))
      setError(null)
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : '生成失败')
    }
  }
  return (
    <span>
      {' '}
      <button type="button" className="button button--small" onClick={() => void make()}>
        生成手机绑定码
      </button>
      <span aria-live="polite">
        {answer ? ` 绑定码 ${answer.code}（${chinaShort(answer.expiresAt)} 前有效）` : ''}
        {error ? ` ${error}` : ''}
      </span>
    </span>
  )
}
