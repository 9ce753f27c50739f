// Draws the app icon, resources/icon.png (512×512 RGBA): a shaded planet with a tilted ring on a
// rounded dark square. Run once with `node scripts/make-icon.js`; the PNG is committed, so builds
// never run this. Pure Node: the PNG is encoded here with zlib, no image library.
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const SIZE = 512
/** Samples per pixel along each axis, for anti-aliased edges. */
const SUPERSAMPLE = 4

const BACKGROUND_TOP = [30, 42, 74]
const BACKGROUND_BOTTOM = [10, 14, 28]
const PLANET_LIGHT = [96, 196, 255]
const PLANET_DARK = [40, 92, 200]
const RING = [255, 196, 92]

const center = SIZE / 2
const planetRadius = 136
const tilt = (-22 * Math.PI) / 180
const ringOuter = { a: 226, b: 64 }
/** Ring bands as fractions of the outer ellipse, with a gap between them. */
const ringBands = [
  [0.74, 0.84],
  [0.87, 1],
]
const light = normalize([-0.55, -0.65, 0.52])

/** Straight-alpha RGBA of one sample point, layers painted back to front. */
function sample(x, y) {
  let color = [0, 0, 0, 0]
  color = over(color, background(x, y))
  const ring = ringAt(x, y)
  if (ring && !ring.front) color = over(color, ring.color)
  color = over(color, planetAt(x, y))
  if (ring && ring.front) color = over(color, ring.color)
  return color
}

function background(x, y) {
  const margin = 20
  const radius = 104
  const inside = roundedRectInside(x, y, margin, margin, SIZE - margin, SIZE - margin, radius)
  if (!inside) return [0, 0, 0, 0]
  const t = (y - margin) / (SIZE - 2 * margin)
  return [...mix(BACKGROUND_TOP, BACKGROUND_BOTTOM, t), 1]
}

function planetAt(x, y) {
  const dx = (x - center) / planetRadius
  const dy = (y - center) / planetRadius
  const d2 = dx * dx + dy * dy
  if (d2 > 1) return [0, 0, 0, 0]
  const nz = Math.sqrt(1 - d2)
  const lambert = Math.max(0, dx * light[0] + dy * light[1] + nz * light[2])
  // Soft latitude bands, following the ring's tilt.
  const latitude = -dx * Math.sin(tilt) + dy * Math.cos(tilt)
  const band = 0.5 + 0.5 * Math.sin(latitude * 9.5)
  const base = mix(PLANET_LIGHT, PLANET_DARK, 0.25 + 0.35 * band)
  const shade = 0.22 + 0.9 * lambert
  return [...base.map((c) => Math.min(255, c * shade)), 1]
}

function ringAt(x, y) {
  const dx = x - center
  const dy = y - center
  // Into the ring's own frame: its major axis along u.
  const u = dx * Math.cos(tilt) + dy * Math.sin(tilt)
  const v = -dx * Math.sin(tilt) + dy * Math.cos(tilt)
  const e = Math.sqrt((u / ringOuter.a) ** 2 + (v / ringOuter.b) ** 2)
  const band = ringBands.findIndex(([inner, outer]) => e >= inner && e <= outer)
  if (band === -1) return null
  const brightness = band === 0 ? 0.82 : 1
  // The half below the major axis is the near side, in front of the planet.
  return { front: v > 0, color: [...RING.map((c) => c * brightness), 0.96] }
}

function roundedRectInside(x, y, left, top, right, bottom, r) {
  if (x < left || x > right || y < top || y > bottom) return false
  const cx = Math.min(Math.max(x, left + r), right - r)
  const cy = Math.min(Math.max(y, top + r), bottom - r)
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
}

/** Porter-Duff "source over" for straight-alpha colours. */
function over(under, top) {
  const a = top[3] + under[3] * (1 - top[3])
  if (a === 0) return [0, 0, 0, 0]
  const channel = (i) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a
  return [channel(0), channel(1), channel(2), a]
}

function mix(a, b, t) {
  return a.map((value, i) => value + (b[i] - value) * t)
}

function normalize(vector) {
  const length = Math.hypot(...vector)
  return vector.map((value) => value / length)
}

function render() {
  const rowLength = SIZE * 4 + 1
  const raw = Buffer.alloc(rowLength * SIZE)
  for (let py = 0; py < SIZE; py++) {
    raw[py * rowLength] = 0 // filter: none
    for (let px = 0; px < SIZE; px++) {
      // Average premultiplied samples, then un-premultiply.
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const [cr, cg, cb, ca] = sample(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE)
          r += cr * ca
          g += cg * ca
          b += cb * ca
          a += ca
        }
      }
      const offset = py * rowLength + 1 + px * 4
      const n = SUPERSAMPLE * SUPERSAMPLE
      raw[offset] = a === 0 ? 0 : Math.round(r / a)
      raw[offset + 1] = a === 0 ? 0 : Math.round(g / a)
      raw[offset + 2] = a === 0 ? 0 : Math.round(b / a)
      raw[offset + 3] = Math.round((a / n) * 255)
    }
  }
  return raw
}

function encodePng(width, height, raw) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // colour type: RGBA
  header[10] = 0 // compression
  header[11] = 0 // filter method
  header[12] = 0 // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icon.png')
writeFileSync(out, encodePng(SIZE, SIZE, render()))
console.log(`wrote ${out}`)
