/**
 * A stand-in for the privacy detector (#20) in API tests that are not about it: it finds nothing,
 * at once, so the protected copy is the photo re-encoded and no test file pays for loading the
 * ONNX models. Pass it as `buildTestApp(config, { privacy: { detector: findsNothing() } })`.
 */
import sharp from 'sharp'
import type { PrivacyDetector } from '../../mock-server/src/services/privacy/detector'

export function findsNothing(): PrivacyDetector {
  return {
    async detect(image) {
      const { width = 0, height = 0 } = await sharp(image).metadata()
      return { width, height, regions: [], ms: 0 }
    },
    async close() {},
  }
}
