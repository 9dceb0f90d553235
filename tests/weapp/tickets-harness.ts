/**
 * What the ticket pages need beyond tests/weapp/simulate.ts (which opens pages with a query):
 * - wx.login giving a fixed development code, so the compiled app signs in as a resident the
 *   test also knows on the backend side (`login(app, name)` = the same user);
 * - working storage (the simulator's is a no-op, so every request would sign in again);
 * - previewImage / tab bar badge stand-ins that record their calls.
 * Call installWxStandIns() before the first page opens (Taro wraps the wx APIs at launch).
 */
import { answerOk as ok, devLogin, memoryStorage, multipartPhoto, useNodeByteArrays, wxGlobal, type WxCallbacks as Callbacks } from './wx-stand-ins'

type Options = Callbacks & Record<string, unknown>

export interface WxRecorder {
  previews: { urls: string[]; current?: string }[]
  badges: { index: number; text?: string }[]
  storage: Map<string, unknown>
}

/** wx.login → `dev:<residentName>`; storage in memory; recorded previews and badges. */
export function installWxStandIns(residentName: string): WxRecorder {
  const { storage, apis: storageApis } = memoryStorage()
  const recorder: WxRecorder = { previews: [], badges: [], storage }
  Object.assign(wxGlobal(), {
    login: devLogin(`dev:${residentName}`),
    ...storageApis,
    previewImage: (options: Callbacks & { urls: string[]; current?: string }) => {
      recorder.previews.push({ urls: options.urls, current: options.current })
      ok('previewImage', options)
    },
    setTabBarBadge: (options: Callbacks & { index: number; text: string }) => {
      recorder.badges.push({ index: options.index, text: options.text })
      ok('setTabBarBadge', options)
    },
    removeTabBarBadge: (options: Callbacks & { index: number }) => {
      recorder.badges.push({ index: options.index })
      ok('removeTabBarBadge', options)
    },
    stopPullDownRefresh: (options: Options = {}) => ok('stopPullDownRefresh', options),
    showToast: (options: Options = {}) => ok('showToast', options),
    navigateTo: (options: Options = {}) => ok('navigateTo', options),
  })
  return recorder
}

/** What uploadJpeg needs from the backend (Fastify's inject). */
interface Injectable {
  inject(request: { method: string; url: string; headers: Record<string, string>; payload: Buffer }): Promise<{ statusCode: number; body: string }>
}

/**
 * tests/helpers/photos.ts's uploadPhoto builds its body with Node's FormData/Request, which the
 * jsdom environment of these tests hides; this writes the same multipart body by hand.
 * The backend sniffs uploads with file-type, which checks `instanceof Uint8Array` against the
 * global one: jsdom's, from another realm than Node's Buffers. Node's own is put in its place.
 */
export async function uploadJpeg(app: Injectable, token: string, jpeg: Buffer, fields: Record<string, string> = {}): Promise<string> {
  useNodeByteArrays()
  // Text fields first (an after-photo's ticketId and capture point), then the file.
  const { payload, contentType } = multipartPhoto('file', jpeg, fields)
  const res = await app.inject({
    method: 'POST',
    url: '/api/uploads',
    payload,
    headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
  })
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
  return (JSON.parse(res.body) as { id: string }).id
}
