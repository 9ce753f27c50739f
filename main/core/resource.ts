/**
 * The lifecycle every long-lived object in the core follows (after Holepunch's
 * ready-resource): `ready()` opens once, however often it is called;
 * `close()` waits for a pending open, runs once, and is idempotent.
 * Subclasses implement `_open` and `_close`; a parent closes its children in
 * reverse order of opening inside its own `_close`.
 */
export abstract class Resource {
  #opening: Promise<void> | null = null
  #closing: Promise<void> | null = null
  opened = false
  closed = false

  ready(): Promise<void> {
    if (this.#closing) return Promise.reject(new Error(`${this.constructor.name} is closed`))
    this.#opening ??= this._open().then(() => {
      this.opened = true
    })
    return this.#opening
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#opening) await this.#opening.catch(() => undefined)
      if (this.opened) await this._close()
      this.closed = true
    })()
    return this.#closing
  }

  get closing(): boolean {
    return this.#closing !== null
  }

  protected abstract _open(): Promise<void>
  protected abstract _close(): Promise<void>
}
