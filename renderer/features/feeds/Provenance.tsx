import { Badge, Group, Text } from '@mantine/core'
import { CopyValueButton } from '../../ui/CopyValueButton'
import { AlertIcon, ShieldIcon } from '../../ui/icons'
import { signatureText } from './feed-labels'

/**
 * Where a post comes from: the author's did:key, which signed it, and
 * whether that signature checks out on this device. Shown whole: a DID is
 * an address, and a shortened one invites trusting the wrong key.
 */
export function ProvenanceLine({ did, signature }: { did: string; signature: 'verified' | 'invalid' }) {
  const verified = signature === 'verified'
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Text component="span" c={verified ? 'teal' : 'red'} style={{ display: 'inline-flex', flex: 'none' }}>
        {verified ? <ShieldIcon size={16} /> : <AlertIcon size={16} />}
      </Text>
      <Text size="sm" c={verified ? undefined : 'red'} style={{ wordBreak: 'break-all' }} data-provenance={signature}>
        {signatureText(did, signature)}
      </Text>
      <CopyValueButton value={did} label="Copy DID" />
    </Group>
  )
}

/** A short mark for cards and comments: quiet when the signature verifies, loud when it does not. */
export function SignatureBadge({ signature }: { signature: 'verified' | 'invalid' }) {
  return signature === 'verified' ? (
    <Badge size="xs" variant="light" color="teal" leftSection={<ShieldIcon size={10} />}>
      Signed
    </Badge>
  ) : (
    <Badge size="xs" variant="filled" color="red">
      Signature does not verify
    </Badge>
  )
}
