import { randomBytes } from 'node:crypto'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import { MyDocs } from './my-docs'

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void

/** Where the drive's keys live in the vault's settings table. */
const SETTING = 'docs.drive'
/** The drive's namespace in this device's corestore: its keys derive from the device's primary key. */
const NAMESPACE = 'planet/my-docs'

interface DriveSetting {
  v: 1
  /** The drive's public key (hex), to notice a vault moved to another device's corestore. */
  key: string | null
  /** The key every block of the drive is encrypted with (hex). Never leaves this vault. */
  encryptionKey: string
}

/**
 * My docs for the running people session: the drive opens on first use
 * (no cost for someone who never opens Docs) and closes with the session, so
 * it is closed whenever the vault is locked.
 */
export class DocsService {
  readonly #services: CoreServices
  readonly #log: Log
  readonly #docs = new WeakMap<PeopleSession, Promise<MyDocs>>()

  constructor(services: CoreServices, log: Log) {
    this.#services = services
    this.#log = log
  }

  docsOf(session: PeopleSession): Promise<MyDocs> {
    let docs = this.#docs.get(session)
    if (!docs) {
      docs = this.#open(session)
      this.#docs.set(session, docs)
      // A failed open is tried again on the next call.
      docs.catch(() => this.#docs.delete(session))
    }
    return docs
  }

  async #open(session: PeopleSession): Promise<MyDocs> {
    const { vault, clock, events } = this.#services
    let setting = vault.getSetting<DriveSetting | null>(SETTING, null)
    if (!setting) {
      setting = { v: 1, key: null, encryptionKey: randomBytes(32).toString('hex') }
      // Stored before the drive holds anything, so no byte is ever written under a key the vault forgot.
      vault.setSetting(SETTING, setting)
    }
    const docs = new MyDocs({
      store: session.network.store.namespace(NAMESPACE),
      encryptionKey: Buffer.from(setting.encryptionKey, 'hex'),
      now: () => clock.now(),
      onChanged: (folder) => events.emit('docs.onDocsChanged', { folder }),
    })
    if (session.closing) throw new Error('the session is closing')
    session.onClose(() => docs.close())
    await docs.ready()
    if (setting.key !== docs.key) {
      if (setting.key !== null) this.#log('warn', 'My docs: this vault’s drive is not in this corestore (moved to another device?); a new, empty drive is used here')
      vault.setSetting(SETTING, { ...setting, key: docs.key })
    }
    return docs
  }
}
