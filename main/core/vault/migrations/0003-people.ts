import type { Migration } from '../migration'

/**
 * People: this device, contacts, invites, spaces (DMs) and their projections,
 * and the alert centre (main/core/{device,contacts,invites,spaces,chats,alerts}).
 *
 * Tables named `space_*` are projections of space logs: every row remembers
 * its source (`space`, `seq` = position in the space's view), so a reorder is
 * undone by deleting rows with `seq >= n` (main/core/spaces/space.ts) and
 * they can always be rebuilt from the logs. Everything else is private,
 * local state that exists only in this vault.
 */
export const migration: Migration = {
  version: 3,
  name: 'people',
  up(db) {
    db.exec(`
      -- This install. The seed makes the device's swarm key pair and, with the
      -- identity, the corestore primary key: two devices never share a writer.
      CREATE TABLE device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seed TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE contacts (
        id TEXT PRIMARY KEY,            -- identity public key, hex
        did TEXT NOT NULL,
        display_name TEXT NOT NULL,
        bio TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('pending', 'connected', 'blocked')),
        invited_by TEXT NOT NULL CHECK (invited_by IN ('me', 'them')),
        connected_since INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        conversation_id TEXT,
        last_seen_at INTEGER,
        created_at INTEGER NOT NULL,
        -- the mutually signed record, JSON {inviter, invitee, space, since, inviterSig, inviteeSig}
        relationship TEXT
      ) STRICT;

      -- Devices certified by a contact's identity: the swarm firewall's allow list.
      CREATE TABLE contact_devices (
        device_key TEXT PRIMARY KEY,
        contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        cert TEXT NOT NULL
      ) STRICT;

      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        secret TEXT NOT NULL,
        discovery_key TEXT NOT NULL,
        space_key TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
        accepted_by TEXT,
        accepted_at INTEGER
      ) STRICT;

      CREATE TABLE spaces (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('dm')),
        namespace TEXT NOT NULL,
        encryption_key TEXT NOT NULL,
        -- the other person of a DM (NULL while an invite waits)
        peer_id TEXT,
        created_at INTEGER NOT NULL,
        projected_length INTEGER NOT NULL DEFAULT 0,
        -- my read position, local only
        read_seq INTEGER NOT NULL DEFAULT -1
      ) STRICT;

      CREATE TABLE space_members (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        identity TEXT NOT NULL, device TEXT NOT NULL, writer TEXT NOT NULL, role TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;

      CREATE TABLE space_profiles (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        author TEXT NOT NULL, display_name TEXT NOT NULL, bio TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;

      CREATE TABLE space_relationships (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        inviter TEXT NOT NULL, invitee TEXT NOT NULL, since INTEGER NOT NULL,
        inviter_sig TEXT NOT NULL, invitee_sig TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;

      CREATE TABLE space_messages (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        id TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL,
        reply_to TEXT, files TEXT, created_at INTEGER NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE UNIQUE INDEX space_messages_id ON space_messages (space, id);

      -- edits and deletes: the newest (highest seq) wins
      CREATE TABLE space_message_changes (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        target TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('edit', 'delete')),
        text TEXT, at INTEGER NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE INDEX space_message_changes_target ON space_message_changes (space, target, seq);

      -- reaction toggles: the newest per (target, author, emoji) decides
      CREATE TABLE space_reactions (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        target TEXT NOT NULL, author TEXT NOT NULL, emoji TEXT NOT NULL, on_ INTEGER NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE INDEX space_reactions_target ON space_reactions (space, target, seq);

      -- read receipts from the log (the peer's and mine)
      CREATE TABLE space_reads (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        author TEXT NOT NULL, up_to TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;

      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        read_at INTEGER,
        route TEXT NOT NULL
      ) STRICT;
      CREATE INDEX alerts_created ON alerts (created_at);
    `)
  },
}
