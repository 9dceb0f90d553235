/** The real code2Session client (lib/wechat.ts) against the fake WeChat, through WX_API_BASE. */
import { WeChatCode2Session } from '../../mock-server/src/lib/wechat'
import { buildTestApp } from '../helpers/app'
import { startFakeWeChat, type FakeWeChat } from '../helpers/fake-wechat'

describe('code2Session through WX_API_BASE', () => {
  let fake: FakeWeChat
  beforeAll(async () => {
    fake = await startFakeWeChat()
  })
  afterAll(() => fake.close())

  it('exchanges a code for the openid, sending appid, secret and the code', async () => {
    const client = new WeChatCode2Session(fake.appId, fake.secret, fake.base)
    expect(await client.exchange('code-123')).toEqual({ openid: 'code-123' })
    expect(fake.code2Session.at(-1)).toEqual({ appid: fake.appId, js_code: 'code-123' })
  })

  it('a refused code (used, or a wrong secret) is a 401; WeChat unreachable is a 502', async () => {
    await expect(new WeChatCode2Session(fake.appId, fake.secret, fake.base).exchange('used-code')).rejects.toMatchObject({ statusCode: 401 })
    await expect(new WeChatCode2Session(fake.appId, 'wrong', fake.base).exchange('code-1')).rejects.toMatchObject({ statusCode: 401 })
    await expect(new WeChatCode2Session(fake.appId, fake.secret, 'http://127.0.0.1:9').exchange('code-1')).rejects.toMatchObject({ statusCode: 502 })
  })

  it('POST /api/auth/login uses it when WX_APPID and WX_SECRET are set', async () => {
    const ctx = await buildTestApp({ wxAppId: fake.appId, wxSecret: fake.secret, wxApiBase: fake.base }, { maintenanceIntervalMs: 0, notifications: { intervalMs: 0 } })
    try {
      const ok = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: 'wx-code-abc' } })
      expect(ok.statusCode).toBe(200)
      const stored = await ctx.app.db.selectFrom('users').select('openid').where('id', '=', ok.json().user.id).executeTakeFirstOrThrow()
      expect(stored.openid).toBe('wx-code-abc')
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: 'used-code' } })).statusCode).toBe(401)
    } finally {
      await ctx.cleanup()
    }
  })
})
