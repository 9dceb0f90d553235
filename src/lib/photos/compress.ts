/**
 * weapp (report and worker after-photos): shrink a chosen photo towards ≤ 300 KB on the wire and keep it beyond this session
 * (temp files may be gone when the app is reopened; the draft must still find it).
 * compress.h5.ts is the browser's version.
 */
import Taro from '@tarojs/taro'

export const TARGET_BYTES = 300 * 1024

export interface ChosenFile {
  tempFilePath: string
  size: number
}

/** Under the user data folder, so lib/outbox/taro.ts's discardLocalPhoto can delete it after sending. */
function saveFile(tempFilePath: string): Promise<string> {
  const userData = Taro.env?.USER_DATA_PATH
  const filePath = userData ? `${userData.replace(/\/$/, '')}/photo-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.jpg` : undefined
  return new Promise((resolve) => {
    Taro.getFileSystemManager().saveFile({
      tempFilePath,
      ...(filePath ? { filePath } : {}),
      success: ({ savedFilePath }) => resolve(savedFilePath),
      fail: () => resolve(tempFilePath), // storage full: the temp file still works for now
    })
  })
}

export async function preparePhoto(file: ChosenFile): Promise<string> {
  let path = file.tempFilePath
  if (file.size > TARGET_BYTES) {
    try {
      path = (await Taro.compressImage({ src: path, quality: 60 })).tempFilePath
    } catch {
      // keep the original: the server shrinks it too, it only costs more bytes
    }
  }
  return saveFile(path)
}

/** The device copy stays after upload on weapp (a file, not storage), for a re-upload if needed. */
export function localCopyAfterUpload(path: string): string {
  return path
}
