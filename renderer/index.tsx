import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import './app/global.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { Connection } from './api/connection'
import { planConnection } from './api/select-transport'
import { parseHashToken, takeToken } from './api/token'
import { App } from './app/App'

/**
 * The renderer's composition root. The transport is chosen here, once
 * (STYLE.md §4): the Electron preload's bridge if there is one, else the
 * WebSocket of `planet serve` with the token from the URL. Nothing below this
 * file knows which.
 */
const tokenEnvironment = { location: window.location, history: window.history, storage: sessionStorageOrNull() }
const plan = planConnection({
  bridge: (window as Window & { planet?: unknown }).planet,
  location: window.location,
  takeToken: () => takeToken(tokenEnvironment),
})
const connection = new Connection(plan)
connection.start()

if (plan.kind !== 'bridge') {
  // A new `planet serve` link opened in this tab only changes the fragment, so
  // the page does not reload by itself: remember the new token and start over.
  window.addEventListener('hashchange', () => {
    if (parseHashToken(window.location.hash) === null) return
    takeToken(tokenEnvironment)
    window.location.reload()
  })
}

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
)

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}
