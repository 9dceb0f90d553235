/**
 * The face model's weights, listed among its graph inputs by its exporter, are dropped from them
 * before the session is made (so onnxruntime folds BatchNorm into the convolutions); a model
 * without such inputs is passed through untouched. The scores stay the same (checked on the
 * labelled samples by privacy-quality.test.ts, which runs the real sessions).
 */
import fs from 'node:fs'
import { FACE_MODEL, PLATE_MODEL } from '../../mock-server/src/services/privacy/models'
import { withoutInitializerInputs } from '../../mock-server/src/services/privacy/onnx-inputs'

describe('ONNX models as loaded', () => {
  it('drops the face model’s weights from its inputs, keeping the image input and the weights', () => {
    const model = fs.readFileSync(FACE_MODEL)
    const fixed = withoutInitializerInputs(model)
    expect(fixed.length).toBeLessThan(model.length)
    // Only input declarations go (about 11 KB of names and shapes); the 1.2 MB of weights stay.
    expect(model.length - fixed.length).toBeLessThan(20_000)
    expect(fixed.includes(Buffer.from('base_net.0.0.weight'))).toBe(true)
    expect(withoutInitializerInputs(fixed).equals(fixed)).toBe(true)
  })

  it('leaves the plate model, which has no such inputs, byte for byte as it is', () => {
    const model = fs.readFileSync(PLATE_MODEL)
    expect(withoutInitializerInputs(model)).toBe(model)
  })
})
