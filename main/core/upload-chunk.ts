import { RpcError } from '../../shared/rpc/errors'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * One chunk of a chunked upload (docs.uploadChunk, folders.uploadChunk):
 * checked against the upload it continues and decoded. It must come next
 * (`offset` = bytes received so far: chunks are sent in order, one at a
 * time), be base64, hold at least one and at most `chunkBytes` bytes, and not
 * pass the size announced at the start. Errors: INVALID_INPUT.
 */
export function decodeUploadChunk(upload: { received: number; size: number }, offset: number, data: string, chunkBytes: number): Buffer {
  if (offset !== upload.received) throw new RpcError('INVALID_INPUT', `Expected the chunk at offset ${upload.received}, got ${offset}.`)
  if (!BASE64.test(data)) throw new RpcError('INVALID_INPUT', 'That chunk is not base64.')
  const bytes = Buffer.from(data, 'base64')
  if (bytes.length === 0 || bytes.length > chunkBytes || upload.received + bytes.length > upload.size) {
    throw new RpcError('INVALID_INPUT', 'That chunk does not fit the file size given at the start.')
  }
  return bytes
}
