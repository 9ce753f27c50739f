import type { ReactNode } from 'react'
import { createContext, useContext, useState } from 'react'
import { useApiEvent } from '../../api/hooks'

interface Progress {
  received: number
  total: number
}

const ProgressContext = createContext<ReadonlyMap<string, Progress>>(new Map())

/**
 * One subscription to chats.onAttachmentProgress per open conversation
 * (rather than one per file row); rows read their attachment's progress here.
 */
export function AttachmentProgressProvider({ conversationId, onComplete, children }: { conversationId: string; onComplete: () => void; children: ReactNode }) {
  const [progress, setProgress] = useState<ReadonlyMap<string, Progress>>(new Map())
  useApiEvent('chats.onAttachmentProgress', (event) => {
    if (event.conversationId !== conversationId) return
    setProgress((previous) => new Map(previous).set(event.attachmentId, { received: event.received, total: event.total }))
    // The message list shows the file as available only after a refetch.
    if (event.total > 0 && event.received >= event.total) onComplete()
  })
  return <ProgressContext.Provider value={progress}>{children}</ProgressContext.Provider>
}

export function useAttachmentProgress(attachmentId: string): Progress | undefined {
  return useContext(ProgressContext).get(attachmentId)
}
