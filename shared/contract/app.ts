import { z } from 'zod'
import { command, event, query } from './define'

/** A planet:// link the OS handed to the desktop app; the UI asks the person before acting on it. */
export const openedLink = z.object({ kind: z.literal('invite'), code: z.string().max(1024) })

export const appMethods = {
  /** Which host runs the core and what it can do; used by the shell UI, never for feature logic. */
  'app.getInfo': query(
    z.object({}),
    z.object({
      name: z.literal('PLANET'),
      version: z.string(),
      /** desktop = Electron, browser = `planet serve`, test = in-process. */
      host: z.enum(['desktop', 'browser', 'test']),
      dataDir: z.string(),
    }),
    { public: true },
  ),
  /**
   * The link that opened the app before the UI was listening (desktop only),
   * handed out once: a second call returns null.
   */
  'app.takePendingLink': command(z.object({}), openedLink.nullable(), { public: true }),
} as const

export const appEvents = {
  /** A planet:// link arrived while the UI was running (desktop only). */
  'app.onLinkOpened': event(openedLink),
} as const
