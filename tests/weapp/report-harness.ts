/**
 * Stand-ins for the WeChat APIs the report flow uses, on top of simulate.ts (which forwards
 * wx.request). Like WeChat: wx.chooseMedia without callbacks returns a Promise; wx.uploadFile
 * sends multipart to the real backend (app.inject) and reports progress; storage lives in memory
 * (the simulator's own storage keeps nothing); wx.login gives a development code.
 * Also opens a compiled page WITH a query (simulate.ts's openPage always passes {}).
 */

import { devLogin, memoryStorage, multipartPhoto, succeedLater as succeed, useNodeByteArrays, wxGlobal, type WxCallbacks } from './wx-stand-ins'

type WxOptions<T = unknown> = WxCallbacks<T> & Record<string, unknown>

interface Injectable {
  inject(request: { method: string; url: string; headers?: Record<string, string>; payload?: Buffer }): Promise<{ statusCode: number; body: string }>
}

// The backend runs in this jsdom realm too: its upload sniffing needs Node's byte arrays.
useNodeByteArrays()

export interface ReportStandIns {
  /** wx API name → the options of each call, in order. */
  calls: Record<string, WxOptions[]>
  storage: Map<string, unknown>
  /** Photos "on the device": path → bytes. */
  files: Map<string, Buffer>
  /** Tells the app the network came back (what the app registered with wx.onNetworkStatusChange). */
  networkBack: () => void
}

export function installReportStandIns(
  app: Injectable,
  { location, photo, origin = 'http://127.0.0.1:3000' }: { location: { latitude: number; longitude: number }; photo: Buffer; origin?: string },
): ReportStandIns {
  const wx = wxGlobal()
  const calls: Record<string, WxOptions[]> = {}
  const record = (name: string, options: WxOptions) => (calls[name] ??= []).push(options)
  const { storage, apis: storageApis } = memoryStorage(new Map(), { clone: true })
  const files = new Map<string, Buffer>()
  let saved = 0
  const networkListeners: ((result: { isConnected: boolean; networkType: string }) => void)[] = []

  // WeChat's real value (the simulator's is '/usr/'); mutated in place because Taro.env points at this object.
  ;(wx.env as { USER_DATA_PATH: string }).USER_DATA_PATH = 'wxfile://usr'
  Object.assign(wx, {
    ...storageApis,
    onNetworkStatusChange: (listener: (typeof networkListeners)[number]) => void networkListeners.push(listener),
    login: devLogin('dev:weapp-report-resident'),
    // Consent to the privacy guide was given earlier.
    requirePrivacyAuthorize: (options: WxOptions) => succeed(options, { errMsg: 'requirePrivacyAuthorize:ok' }),
    getLocation: (options: WxOptions) => {
      record('getLocation', options)
      succeed(options, { ...location, accuracy: 30, errMsg: 'getLocation:ok' })
    },
    chooseMedia: (options: WxOptions) => {
      record('chooseMedia', options)
      const tempFilePath = `http://tmp/photo-${(calls.chooseMedia ?? []).length}.jpg`
      files.set(tempFilePath, photo)
      // No callbacks given: WeChat answers with a Promise (Taro does not wrap this one).
      return Promise.resolve({ type: 'image', errMsg: 'chooseMedia:ok', tempFiles: [{ tempFilePath, size: photo.length, fileType: 'image' }] })
    },
    compressImage: (options: WxOptions) => {
      record('compressImage', options)
      succeed(options, { tempFilePath: options.src as string, errMsg: 'compressImage:ok' })
    },
    getFileSystemManager: () => ({
      saveFile: (options: WxOptions & { tempFilePath: string; filePath?: string }) => {
        record('saveFile', options)
        const savedFilePath = options.filePath ?? `wxfile://store/saved-${++saved}.jpg`
        files.set(savedFilePath, files.get(options.tempFilePath) ?? Buffer.alloc(0))
        succeed(options, { savedFilePath, errMsg: 'saveFile:ok' })
      },
      unlink: (options: WxOptions & { filePath: string }) => {
        files.delete(options.filePath)
        succeed(options, { errMsg: 'unlink:ok' })
      },
    }),
    uploadFile: (options: WxOptions & { url: string; filePath: string; name: string; header?: Record<string, string>; formData?: Record<string, string> }) => {
      record('uploadFile', options)
      const progress: ((update: { progress: number }) => void)[] = []
      const bytes = files.get(options.filePath)
      void (async () => {
        if (!bytes) return options.fail?.({ errMsg: 'uploadFile:fail file not found' })
        const form = multipartPhoto(options.name, bytes, options.formData)
        progress.forEach((listener) => listener({ progress: 50 }))
        const response = await app.inject({
          method: 'POST',
          url: options.url.replace(origin, ''),
          headers: { ...options.header, 'content-type': form.contentType },
          payload: form.payload,
        })
        progress.forEach((listener) => listener({ progress: 100 }))
        const result = { statusCode: response.statusCode, data: response.body, errMsg: 'uploadFile:ok' }
        options.success?.(result)
        options.complete?.(result)
      })()
      return { onProgressUpdate: (listener: (update: { progress: number }) => void) => progress.push(listener), abort() {} }
    },
  })
  for (const name of ['navigateTo', 'redirectTo', 'switchTab', 'showToast', 'showModal', 'requestSubscribeMessage']) {
    wx[name] = (options: WxOptions) => {
      record(name, options)
      succeed(options, { errMsg: `${name}:ok`, confirm: true })
    }
  }
  const networkBack = () => networkListeners.forEach((listener) => listener({ isConnected: true, networkType: 'wifi' }))
  return { calls, storage, files, networkBack }
}

