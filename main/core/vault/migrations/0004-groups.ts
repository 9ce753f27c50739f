import type { Migration } from '../migration'

/**
 * Groups (main/core/groups). Spaces may now be groups; group projections
 * (`group_*` with (space, seq), rebuildable from the logs like `space_*`);
 * group messages share `space_messages` and friends with DMs, with a channel,
 * mentions and a flag for content this device cannot open; and the private,
 * local bookkeeping of links, join requests and invitations.
 */
export const migration: Migration = {
  version: 4,
  name: 'groups',
  up(db) {
    db.exec(`
      -- spaces.kind gains 'group' (SQLite cannot alter a CHECK: rebuild the table).
      CREATE TABLE spaces_new (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('dm', 'group')),
        namespace TEXT NOT NULL,
        encryption_key TEXT NOT NULL,
        peer_id TEXT,
        created_at INTEGER NOT NULL,
        projected_length INTEGER NOT NULL DEFAULT 0,
        read_seq INTEGER NOT NULL DEFAULT -1
      ) STRICT;
      INSERT INTO spaces_new SELECT key, kind, namespace, encryption_key, peer_id, created_at, projected_length, read_seq FROM spaces;
      DROP TABLE spaces;
      ALTER TABLE spaces_new RENAME TO spaces;

      ALTER TABLE space_messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'chat';
      ALTER TABLE space_messages ADD COLUMN mentions TEXT;
      -- 0 = content opened; 1 = sealed with an epoch key this device does not hold (yet)
      ALTER TABLE space_messages ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX space_messages_channel ON space_messages (space, channel, seq);

      -- DM ops that carry group invitations and the answers to them.
      CREATE TABLE space_group_invites (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        id TEXT NOT NULL, author TEXT NOT NULL, group_key TEXT NOT NULL, encryption_key TEXT NOT NULL,
        name TEXT NOT NULL, mode TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE TABLE space_group_answers (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        invitation TEXT NOT NULL, author TEXT NOT NULL, answer TEXT NOT NULL CHECK (answer IN ('accept', 'decline')),
        request TEXT, -- accept: JSON {device, writer, deviceCert, sealKey, memberSig}
        PRIMARY KEY (space, seq)
      ) STRICT;

      -- Mode and visibility, from group.create and group.settings (newest wins).
      CREATE TABLE group_settings (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        mode TEXT, visibility TEXT, author TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;

      -- Name, purpose, description, avatar (newest readable wins).
      CREATE TABLE group_profiles (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        author TEXT NOT NULL, name TEXT NOT NULL, purpose TEXT NOT NULL, description TEXT NOT NULL, avatar TEXT,
        PRIMARY KEY (space, seq)
      ) STRICT;

      -- Membership history: the newest event per identity says where they stand.
      CREATE TABLE group_member_events (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        identity TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('create', 'add', 'role', 'remove', 'leave', 'mute')),
        role TEXT, device TEXT, writer TEXT, seal_key TEXT, member_sig TEXT, device_cert TEXT,
        until INTEGER,
        actor TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (space, seq, identity)
      ) STRICT;
      CREATE INDEX group_member_events_identity ON group_member_events (space, identity, seq);

      -- Epoch keys sealed to me, opened (the vault is encrypted at rest).
      CREATE TABLE group_epoch_keys (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        epoch INTEGER NOT NULL, key TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE INDEX group_epoch_keys_epoch ON group_epoch_keys (space, epoch);

      -- Current epoch per position (rotations), for the UI and the rekey repair.
      CREATE TABLE group_epochs (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        epoch INTEGER NOT NULL, author TEXT NOT NULL, recipients TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;

      -- Ops whose box this device could not open when projected; opened again
      -- when a key for their epoch arrives.
      CREATE TABLE group_sealed (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        epoch INTEGER NOT NULL, entry TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE INDEX group_sealed_epoch ON group_sealed (space, epoch);

      CREATE TABLE group_pins (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        target TEXT NOT NULL, on_ INTEGER NOT NULL, author TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE INDEX group_pins_target ON group_pins (space, target, seq);

      CREATE TABLE group_threads (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        id TEXT NOT NULL, author TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
        created_at INTEGER NOT NULL, sealed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE UNIQUE INDEX group_threads_id ON group_threads (space, id);

      -- Local only: my read position per group channel (the chat uses spaces.read_seq).
      CREATE TABLE channel_reads (
        space TEXT NOT NULL, channel TEXT NOT NULL, read_seq INTEGER NOT NULL,
        PRIMARY KEY (space, channel)
      ) STRICT;

      -- Local only (admins): group links I made.
      CREATE TABLE group_links (
        id TEXT PRIMARY KEY,
        space TEXT NOT NULL,
        secret TEXT NOT NULL,
        discovery_key TEXT NOT NULL,
        single_use INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'revoked'))
      ) STRICT;

      -- Local only (admins): requests to join, from links and from accepted invitations.
      CREATE TABLE group_join_requests (
        id TEXT PRIMARY KEY,
        space TEXT NOT NULL,
        identity TEXT NOT NULL,
        name TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        request TEXT NOT NULL, -- JSON {device, writer, deviceCert, sealKey, memberSig}
        via TEXT NOT NULL CHECK (via IN ('link', 'invitation')),
        link_id TEXT,
        requested_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
        decided_at INTEGER,
        UNIQUE (space, identity, via)
      ) STRICT;

      -- Local only (requesters): join requests I sent with a link.
      CREATE TABLE group_outgoing (
        id TEXT PRIMARY KEY,
        group_key TEXT NOT NULL UNIQUE,
        -- as the answering admin named it (the requester cannot read the group yet)
        group_name TEXT NOT NULL DEFAULT '',
        code TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        requested_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'joined', 'refused')),
        -- the admin device that answered: admitted by my firewall until the group's members are known
        admin_identity TEXT,
        admin_device TEXT
      ) STRICT;

      -- Local only (invitees): what I answered to invitations received in DMs.
      CREATE TABLE group_invitation_answers (
        invitation TEXT PRIMARY KEY,
        answer TEXT NOT NULL CHECK (answer IN ('accept', 'decline')),
        at INTEGER NOT NULL
      ) STRICT;

      -- Group news: posts by members and items imported from the group's feeds.
      -- kind 'import' keeps the signed item (JSON) in signed_item. sealed = 1:
      -- this device cannot open it (yet); the row keeps its place.
      CREATE TABLE group_news (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        id TEXT NOT NULL, author TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('post', 'import')),
        title TEXT NOT NULL, link TEXT, text TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '[]',
        source_url TEXT, feed_id TEXT, item_guid TEXT, signed_item TEXT,
        published_at INTEGER, created_at INTEGER NOT NULL, sealed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE UNIQUE INDEX group_news_id ON group_news (space, id);
      CREATE INDEX group_news_feed ON group_news (space, feed_id, item_guid);

      -- Upvotes: the newest vote per (target, author) stands.
      CREATE TABLE group_news_votes (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        target TEXT NOT NULL, author TEXT NOT NULL, on_ INTEGER NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE INDEX group_news_votes_target ON group_news_votes (space, target, author, seq);

      -- Feeds the admins added (url '' while sealed) and their removals.
      CREATE TABLE group_news_feeds (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        id TEXT NOT NULL, url TEXT NOT NULL, author TEXT NOT NULL, sealed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (space, seq)
      ) STRICT;
      CREATE UNIQUE INDEX group_news_feeds_id ON group_news_feeds (space, id);
      CREATE TABLE group_news_feed_removals (
        space TEXT NOT NULL, seq INTEGER NOT NULL,
        feed TEXT NOT NULL, author TEXT NOT NULL,
        PRIMARY KEY (space, seq)
      ) STRICT;
    `)
  },
}
