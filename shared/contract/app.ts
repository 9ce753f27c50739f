import { z } from 'zod'
import { query } from './define'

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
} as const

export const appEvents = {} as const
