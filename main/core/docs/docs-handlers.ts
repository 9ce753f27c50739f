import { RpcError } from '../../../shared/rpc/errors'
import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import { requireSession } from '../people/people-service'
import type { DocsService } from './docs-service'
import type { MyDocs } from './my-docs'

/** docs.* (shared/contract/docs.ts): every call goes to the session's drive, which checks paths and names. */
export function createDocsHandlers(people: PeopleService, docs: DocsService): AreaHandlers<'docs'> {
  async function open(): Promise<MyDocs> {
    const session = await requireSession(people)
    return docs.docsOf(session).catch(() => {
      throw new RpcError('DOCS_NOT_READY', 'My docs could not be opened. Lock and unlock to try again.')
    })
  }

  return {
    'docs.list': async ({ folder }) => (await open()).list(folder),
    'docs.listFolders': async () => (await open()).listFolders(),
    'docs.stat': async ({ path }) => (await open()).stat(path),
    'docs.createFolder': async ({ folder, name }) => (await open()).createFolder(folder, name),
    'docs.startUpload': async (input) => (await open()).startUpload(input),
    'docs.uploadChunk': async ({ uploadId, offset, data }) => (await open()).uploadChunk(uploadId, offset, data),
    'docs.finishUpload': async ({ uploadId }) => (await open()).finishUpload(uploadId),
    'docs.cancelUpload': async ({ uploadId }) => {
      await (await open()).cancelUpload(uploadId)
      return {}
    },
    'docs.rename': async ({ path, name }) => (await open()).rename(path, name),
    'docs.move': async ({ path, toFolder }) => (await open()).move(path, toFolder),
    'docs.delete': async ({ path }) => (await open()).delete(path),
    'docs.readFile': async ({ path, offset, length }) => (await open()).read(path, offset, length),
  }
}
