import type { Migration } from '../migration'

/**
 * Feeds and the blog (main/core/feeds). Personal logs this device reads
 * (mine and those my contacts shared), the projection of their entries
 * (posts, reshares, comments, public follows: rebuildable from the logs), the ranked
 * table the feed builder reads (`feed_items`, the columns ranking/README.md
 * documents), and the private settings: follows and feed definitions.
 */
export const migration: Migration = {
  version: 5,
  name: 'feeds',
  up(db) {
    db.exec(`
      -- Personal logs: mine (mine = 1, exactly one) and those shared with me
      -- (via = 'dm': a contact's feed.share op; 'link': a feed link I pasted,
      -- with the name it gave). read_length: entries projected so far;
      -- rejected: entries dropped as malformed, unsigned, badly signed or not
      -- the owner's.
      CREATE TABLE feed_logs (
        key TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        encryption_key TEXT NOT NULL,
        via TEXT NOT NULL DEFAULT 'dm' CHECK (via IN ('mine', 'dm', 'link')),
        name TEXT,
        mine INTEGER NOT NULL DEFAULT 0,
        read_length INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        added_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX feed_logs_owner ON feed_logs (owner);
      CREATE UNIQUE INDEX feed_logs_mine ON feed_logs (mine) WHERE mine = 1;

      -- Which DM spaces my log was shared in (the feed.share op was appended).
      CREATE TABLE feed_log_shares (
        space TEXT NOT NULL,
        log TEXT NOT NULL,
        PRIMARY KEY (space, log)
      ) STRICT;

      -- Posts, newest version; record = the signed JSON of that version.
      -- A deleted post keeps its row (deleted_at) so a late copy cannot revive it.
      CREATE TABLE posts (
        author TEXT NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('post', 'blog')),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        relevance TEXT NOT NULL,
        mentions TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        edited_at INTEGER,
        record TEXT NOT NULL,
        deleted_at INTEGER,
        PRIMARY KEY (author, id)
      ) STRICT;
      CREATE INDEX posts_author ON posts (author, kind, created_at);

      CREATE TABLE post_comments (
        author TEXT NOT NULL,
        id TEXT NOT NULL,
        post_author TEXT NOT NULL,
        post_id TEXT NOT NULL,
        reply_to TEXT,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (author, id)
      ) STRICT;
      CREATE INDEX post_comments_post ON post_comments (post_author, post_id, created_at);

      -- Reshares: the signed chain (record) wraps the original post whole;
      -- id = the first 16 bytes of SHA-256 of the outermost signature.
      CREATE TABLE post_reshares (
        resharer TEXT NOT NULL,
        id TEXT NOT NULL,
        post_author TEXT NOT NULL,
        post_id TEXT NOT NULL,
        comment TEXT NOT NULL,
        at INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (resharer, id)
      ) STRICT;

      -- Public follows read from my contacts' logs (for "their contacts").
      CREATE TABLE feed_public_follows (
        owner TEXT NOT NULL,
        author TEXT NOT NULL,
        PRIMARY KEY (owner, author)
      ) STRICT;

      -- What feeds rank (ranking/README.md). Posts: id 'p:<author>:<post id>'; reshares 'r:<resharer>:<id>';
      -- group news 'n:<group>:<item id>'; announcements 'a:<group>:<message id>'.
      CREATE TABLE feed_items (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('post', 'blog', 'groupNews', 'announcement')),
        author TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT ' ',
        relevance TEXT NOT NULL CHECK (relevance IN ('street', 'neighbourhood', 'town', 'district', 'country', 'world')),
        created_at INTEGER NOT NULL,
        upvotes INTEGER NOT NULL DEFAULT 0,
        group_id TEXT
      ) STRICT;
      CREATE INDEX feed_items_created_at ON feed_items (created_at);
      CREATE INDEX feed_items_author ON feed_items (author, created_at);

      -- Private settings.
      CREATE TABLE feed_follows (
        author TEXT PRIMARY KEY,
        all_posts INTEGER NOT NULL,
        tags TEXT NOT NULL,
        since INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE feed_definitions (
        id TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
    `)
  },
}
