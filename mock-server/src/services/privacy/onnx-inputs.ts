/**
 * The face model (exported by an old PyTorch) lists its weights among the graph's inputs, so
 * onnxruntime treats them as overridable and neither folds constants nor fuses BatchNorm into the
 * convolutions ("Initializer … appears in graph inputs" warnings). This drops those inputs from
 * the model bytes before the session is created: the file on disk stays as it was copied.
 * Plain protobuf walking (ModelProto.graph = 7; GraphProto.initializer = 5, input = 11;
 * TensorProto.name = 8; ValueInfoProto.name = 1): no protobuf library needed for that.
 */

interface Field {
  field: number
  start: number
  end: number
  /** Payload of a length-delimited field. */
  body?: Buffer
}

function varint(buf: Buffer, pos: number): [number, number] {
  let value = 0
  let scale = 1
  for (;;) {
    const byte = buf[pos++]
    value += (byte & 0x7f) * scale
    if (byte < 0x80) return [value, pos]
    scale *= 128
  }
}

function encodeVarint(value: number): Buffer {
  const bytes: number[] = []
  while (value >= 0x80) {
    bytes.push((value % 128) | 0x80)
    value = Math.floor(value / 128)
  }
  bytes.push(value)
  return Buffer.from(bytes)
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = []
  let pos = 0
  while (pos < buf.length) {
    const start = pos
    const [key, afterKey] = varint(buf, pos)
    const wire = key % 8
    pos = afterKey
    let body: Buffer | undefined
    if (wire === 0) pos = varint(buf, pos)[1]
    else if (wire === 1) pos += 8
    else if (wire === 5) pos += 4
    else if (wire === 2) {
      const [length, afterLength] = varint(buf, pos)
      body = buf.subarray(afterLength, afterLength + length)
      pos = afterLength + length
    } else throw new Error(`onnx: unsupported wire type ${wire}`)
    out.push({ field: Math.floor(key / 8), start, end: pos, body })
  }
  return out
}

const nameOf = (message: Buffer, field: number): string | undefined => fields(message).find((f) => f.field === field && f.body)?.body?.toString('utf8')

/** The model bytes without graph inputs that are initializers (the same bytes when there are none). */
export function withoutInitializerInputs(model: Buffer): Buffer {
  const top = fields(model)
  const graph = top.find((f) => f.field === 7 && f.body)
  if (!graph?.body) return model
  const graphFields = fields(graph.body)
  const weights = new Set(graphFields.filter((f) => f.field === 5 && f.body).map((f) => nameOf(f.body as Buffer, 8)))
  const kept = graphFields.filter((f) => !(f.field === 11 && f.body && weights.has(nameOf(f.body, 1))))
  if (kept.length === graphFields.length) return model
  const newGraph = Buffer.concat(kept.map((f) => graph.body!.subarray(f.start, f.end)))
  return Buffer.concat(
    top.map((f) => (f === graph ? Buffer.concat([encodeVarint(7 * 8 + 2), encodeVarint(newGraph.length), newGraph]) : model.subarray(f.start, f.end))),
  )
}
