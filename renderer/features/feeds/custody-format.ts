import type { ReshareView } from '../../../shared/contract/feeds'

export interface CustodyLine {
  position: number
  /** "1. Written by Cy", "2. Reshared by Ben" */
  title: string
  /** The signer's DID and what their signature says. */
  detail: string
  ok: boolean
}

/** The chain of custody in words, author first: one line per signer. */
export function custodyLines(reshare: Pick<ReshareView, 'chain'>): CustodyLine[] {
  return reshare.chain.map((link) => {
    const who = link.identityId === null ? 'someone unknown' : link.name
    const verdict = link.ok ? 'signature verified' : 'signature does not verify: custody is broken here'
    return {
      position: link.position,
      title: `${link.position + 1}. ${link.role === 'author' ? 'Written' : 'Reshared'} by ${who}`,
      detail: `${link.did ?? 'no valid DID'} — ${verdict}`,
      ok: link.ok,
    }
  })
}
