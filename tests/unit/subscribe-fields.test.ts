/** Subscribe-message fields: cutting to WeChat's limits by code points, the event → template map. */
import fc from 'fast-check'
import { SUBSCRIBE_FIELD_LIMITS, characterString, cutText, fieldValue, phraseText } from '@contract/subscribe'
import { classifySendAnswer } from '../../mock-server/src/lib/wechat-subscribe'
import { subscribeContent, ticketPage, wechatTime } from '../../mock-server/src/services/notifications/fields'
import { backoffMs, DEFAULT_SENDER_OPTIONS } from '../../mock-server/src/services/notifications/sender'
import { loadConfig } from '../../mock-server/src/config'

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('cutText', () => {
  it('keeps short text, cuts long text to the limit with an ellipsis', () => {
    expect(cutText('井盖缺失', 20)).toBe('井盖缺失')
    expect(cutText('一二三四五六七八九十一二三四五六七八九十一', 20)).toBe('一二三四五六七八九十一二三四五六七八九…')
  })

  it('counts an emoji as one character and never splits its surrogate pair', () => {
    const text = '垃圾🗑️满了😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡'
    const cut = cutText(text, 20)
    expect(Array.from(cut)).toHaveLength(20)
    expect(loneSurrogate.test(cut)).toBe(false)
    // A UTF-16 slice would have left half an emoji here.
    expect(loneSurrogate.test(text.slice(0, 20))).toBe(true)
  })

  it('folds line breaks and runs of spaces into one space', () => {
    expect(cutText('  第一行\n\n第二行\t 结束 ', 20)).toBe('第一行 第二行 结束')
  })

  it('for any text: at most max code points, no lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer({ min: 1, max: 32 }), (text, max) => {
        const cut = cutText(text, max)
        return Array.from(cut).length <= max && !loneSurrogate.test(cut)
      }),
    )
  })
})

describe('field types', () => {
  it('phrase keeps up to 5 Chinese characters only', () => {
    expect(phraseText('不予受理')).toBe('不予受理')
    expect(phraseText('已处置✅ok完成了吗')).toBe('已处置完成')
  })

  it('character_string keeps printable ASCII up to 32', () => {
    expect(characterString('BY20261125-0007')).toBe('BY20261125-0007')
    expect(characterString('编号 BY-1 😀')).toBe('BY-1')
    expect(characterString('x'.repeat(40))).toHaveLength(SUBSCRIBE_FIELD_LIMITS.character_string)
  })

  it('fieldValue applies the type', () => {
    expect(fieldValue('thing', '很'.repeat(30))).toHaveLength(20)
    expect(fieldValue('phrase', '复核中')).toBe('复核中')
  })
})

describe('subscribeContent', () => {
  const base = { ticketId: 42, number: 'BY20261125-0007', categoryName: '暴露垃圾', note: null, at: '2026-11-25T02:05:00Z' }

  it('maps progress and result events to their template, and other events to nothing', () => {
    expect(subscribeContent({ ...base, type: 'accepted', status: 'accepted' })?.kind).toBe('progress')
    expect(subscribeContent({ ...base, type: 'escalated', status: 'dispatched' })?.data.phrase3.value).toBe('已督办')
    expect(subscribeContent({ ...base, type: 'resolved', status: 'resolved' })?.kind).toBe('result')
    expect(subscribeContent({ ...base, type: 'closed', status: 'closed' })?.kind).toBe('result')
    expect(subscribeContent({ ...base, type: 'started', status: 'in_progress' })).toBeNull()
    expect(subscribeContent({ ...base, type: 'created', status: 'submitted' })).toBeNull()
  })

  it('fills the five fields: number, category, status, China time, remark with the worker or the reason', () => {
    const dispatched = subscribeContent({ ...base, type: 'dispatched', status: 'dispatched', workerName: '环卫工人 王师傅' })!
    expect(dispatched).toEqual({
      kind: 'progress',
      page: 'packages/ticket/detail/index?id=42',
      data: {
        character_string1: { value: 'BY20261125-0007' },
        thing2: { value: '暴露垃圾' },
        phrase3: { value: '已派遣' },
        time4: { value: '2026年11月25日 10:05' },
        thing5: { value: '作业人员：环卫工人 王师傅' },
      },
    })
    const rejected = subscribeContent({ ...base, type: 'rejected', status: 'rejected', note: '不属于城管职责范围，已转有关部门处理，请知悉' })!
    expect(rejected.data.thing5.value).toBe('原因：不属于城管职责范围，已转有关部门…')
    expect(rejected.data.phrase3.value).toBe('不予受理')
    expect(subscribeContent({ ...base, type: 'resolved', status: 'resolved' })!.data.thing5.value).toContain('评价')
  })

  it('a staff reply uses the reply template: number, the reply cut to 20, China time', () => {
    const replied = subscribeContent({ ...base, type: 'replied', status: 'accepted', note: '您好，已通知属地街道环卫所，\n今天下班前清理完毕' })!
    expect(replied).toEqual({
      kind: 'reply',
      page: 'packages/ticket/detail/index?id=42',
      data: {
        character_string1: { value: 'BY20261125-0007' },
        thing2: { value: '您好，已通知属地街道环卫所， 今天下班…' },
        time3: { value: '2026年11月25日 10:05' },
      },
    })
  })

  it('page and time helpers', () => {
    expect(ticketPage(7)).toBe('packages/ticket/detail/index?id=7')
    expect(wechatTime('2026-12-31T16:30:00Z')).toBe('2027年1月1日 00:30')
  })
})

describe('sending rules', () => {
  it('classifies WeChat answers: sent, retry (5xx, busy, token), give up (43101, 47003, others)', () => {
    expect(classifySendAnswer(200, { errcode: 0, errmsg: 'ok' })).toEqual({ kind: 'sent' })
    expect(classifySendAnswer(503, null).kind).toBe('retry')
    expect(classifySendAnswer(200, { errcode: -1, errmsg: 'system busy' }).kind).toBe('retry')
    expect(classifySendAnswer(200, { errcode: 42001, errmsg: 'expired' })).toMatchObject({ kind: 'retry', errcode: 42001 })
    expect(classifySendAnswer(200, { errcode: 43101, errmsg: 'user refuse' })).toMatchObject({ kind: 'give_up', reason: 'refused' })
    expect(classifySendAnswer(200, { errcode: 47003, errmsg: 'argument invalid' })).toMatchObject({ kind: 'give_up', reason: 'bad_field' })
    expect(classifySendAnswer(200, { errcode: 40003, errmsg: 'invalid openid' })).toMatchObject({ kind: 'give_up', reason: 'rejected_by_wechat' })
  })

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffMs(n, DEFAULT_SENDER_OPTIONS))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000])
  })
})

describe('configuration', () => {
  it('reads the template ids in order (progress, result), the API base and the mini-program state', () => {
    const config = loadConfig({ WX_SUBSCRIBE_TEMPLATE_IDS: ' tmpl-a , tmpl-b ', WX_API_BASE: 'http://127.0.0.1:9999/', WX_MINIPROGRAM_STATE: 'developer' })
    expect(config.wxSubscribeTemplateIds).toEqual({ progress: 'tmpl-a', result: 'tmpl-b' })
    expect(config.wxApiBase).toBe('http://127.0.0.1:9999')
    expect(config.wxMiniprogramState).toBe('developer')
    expect(loadConfig({}).wxApiBase).toBe('https://api.weixin.qq.com')
    expect(loadConfig({ WX_SUBSCRIBE_TEMPLATE_IDS: ',tmpl-b' }).wxSubscribeTemplateIds).toEqual({ progress: undefined, result: 'tmpl-b' })
    expect(loadConfig({ WX_SUBSCRIBE_TEMPLATE_IDS: 'tmpl-a,tmpl-b, tmpl-c' }).wxSubscribeTemplateIds).toStrictEqual({ progress: 'tmpl-a', result: 'tmpl-b', reply: 'tmpl-c' })
    expect(() => loadConfig({ WX_MINIPROGRAM_STATE: 'beta' })).toThrow(/WX_MINIPROGRAM_STATE/)
  })
})
