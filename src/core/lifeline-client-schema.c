/* lifeline-client-schema.c — the client database's migrations
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One step per area. Nothing has shipped yet, so each step may still be
 * edited in place; once a release is out, changes go into new steps.
 */

#define G_LOG_DOMAIN "lifeline-db"

#include "config.h"

#include "lifeline-client-schema.h"

/* 1 — the knowledge base: articles, scripts, the search index, synonyms
 * (lifeline-kb-store.c, lifeline-search.c). */
static const char kb_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);\n"
  /* docid is the rowid of the article in every search table below. */
  "CREATE TABLE kb_articles (\n"
  "  docid INTEGER PRIMARY KEY,\n"
  "  id TEXT NOT NULL UNIQUE,\n"
  "  title TEXT NOT NULL,\n"
  "  summary TEXT NOT NULL DEFAULT '',\n"
  "  body TEXT NOT NULL DEFAULT '',\n"                 /* Markdown */
  "  tags TEXT NOT NULL DEFAULT '[]',\n"               /* JSON array */
  "  owner TEXT NOT NULL DEFAULT '',\n"
  "  revision INTEGER NOT NULL DEFAULT 1,\n"
  "  created_at INTEGER NOT NULL DEFAULT 0,\n"
  "  updated_at INTEGER NOT NULL DEFAULT 0,\n"
  "  verified_at INTEGER NOT NULL DEFAULT 0,\n"
  "  verified_by TEXT,\n"
  "  verify_interval_days INTEGER NOT NULL DEFAULT 90,\n"
  "  origin INTEGER NOT NULL DEFAULT 2,\n"             /* LifelineOrigin */
  "  starter_hash TEXT,\n"                             /* the starter version it still is */
  "  flags INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  /* A script's docid in the search tables is minus its rowid here. */
  "CREATE TABLE kb_scripts (\n"
  "  docid INTEGER PRIMARY KEY,\n"
  "  id TEXT NOT NULL UNIQUE,\n"
  "  title TEXT NOT NULL,\n"
  "  json TEXT NOT NULL,\n"                            /* the wire form */
  "  revision INTEGER NOT NULL DEFAULT 1,\n"
  "  updated_at INTEGER NOT NULL DEFAULT 0,\n"
  "  origin INTEGER NOT NULL DEFAULT 2,\n"
  "  starter_hash TEXT\n"
  ");\n"
  /* The full-text index: plain text (Markdown rendered by cmark), no copy
   * of the content (contentless), written by lifeline-kb-store.c in the
   * same transaction as the tables above. */
  "CREATE VIRTUAL TABLE kb_fts USING fts5 (title, summary, body, tags,\n"
  "  content='', tokenize='porter unicode61 remove_diacritics 2');\n"
  /* Titles and tags only: the small index for broad queries. */
  "CREATE VIRTUAL TABLE kb_head USING fts5 (title, tags,\n"
  "  content='', tokenize='porter unicode61 remove_diacritics 2');\n"
  /* Substrings for Chinese and other CJK text; only items that have some. */
  "CREATE VIRTUAL TABLE kb_cjk USING fts5 (title, summary, body, tokenize='trigram');\n"
  /* Title and tag terms (stems), each with its items in order of title
   * length, for top-k without ranking every match of a very common word. */
  "CREATE TABLE kb_terms (key TEXT NOT NULL, score INTEGER NOT NULL, docid INTEGER NOT NULL,\n"
  "  PRIMARY KEY (key, score, docid)) WITHOUT ROWID;\n"
  /* Every word of the index as typed (folded), its stem, in how many items
   * and in how many titles or tags: spelling, completion, query planning. */
  "CREATE TABLE kb_vocab (word TEXT PRIMARY KEY, stem TEXT NOT NULL,\n"
  "  df INTEGER NOT NULL, hdf INTEGER NOT NULL) WITHOUT ROWID;\n"
  "CREATE TABLE kb_stems (stem TEXT PRIMARY KEY, df INTEGER NOT NULL, hdf INTEGER NOT NULL) WITHOUT ROWID;\n"
  /* Synonym groups that leads edit (lifeline-kb synonyms). */
  "CREATE TABLE kb_synonyms (grp INTEGER NOT NULL, pos INTEGER NOT NULL, term TEXT NOT NULL,\n"
  "  PRIMARY KEY (grp, term)) WITHOUT ROWID;\n"
  "CREATE INDEX kb_synonyms_term ON kb_synonyms (term);\n"
  /* Learning: which item agents opened after typing which word. */
  "CREATE TABLE kb_learn (term TEXT NOT NULL, docid INTEGER NOT NULL,\n"
  "  opens INTEGER NOT NULL, last_at INTEGER NOT NULL,\n"
  "  PRIMARY KEY (term, docid)) WITHOUT ROWID;\n"
  "CREATE TABLE kb_usage (docid INTEGER PRIMARY KEY, opens INTEGER NOT NULL,\n"
  "  last_at INTEGER NOT NULL);\n"
  "CREATE INDEX kb_usage_last ON kb_usage (last_at);\n"
  "INSERT INTO meta (key, value) VALUES ('kb_index_format', '1');\n"
  ;

/* 2 — what the agent writes and the sync engine sends: mistake reports,
 * flags, the outbox, rejected items, sync cursors, feedback. */
static const char local_v2[] =
  /* A mistake report as the agent last saved it. @revision is the local
   * revision; @sent_revision the highest one the server acknowledged, at
   * @received_at (the receipt). @note is stored already scrubbed; @removed
   * names what the scrubber took out ("phone,card"), never the text itself. */
  "CREATE TABLE reports (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  revision INTEGER NOT NULL DEFAULT 1,\n"
  "  sent_revision INTEGER NOT NULL DEFAULT 0,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  updated_at INTEGER NOT NULL,\n"
  "  category TEXT,\n"
  "  root_cause TEXT,\n"
  "  near_miss INTEGER NOT NULL DEFAULT 0,\n"
  "  confidential INTEGER NOT NULL DEFAULT 0,\n"
  "  note TEXT NOT NULL DEFAULT '',\n"
  "  removed TEXT NOT NULL DEFAULT '',\n"
  "  article_id TEXT,\n"
  "  call_id TEXT,\n"
  "  recovery TEXT,\n"                          /* the wire “recovery” object as JSON, or NULL */
  "  received_at INTEGER NOT NULL DEFAULT 0,\n"
  "  rejected_at INTEGER NOT NULL DEFAULT 0,\n"  /* 0 unless the server refused the last revision sent */
  "  rejected_message TEXT\n"
  ");\n"
  "CREATE INDEX reports_created ON reports (created_at);\n"
  /* An agent's note that an article is wrong or outdated. */
  "CREATE TABLE flags (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  article_id TEXT NOT NULL,\n"
  "  reason TEXT NOT NULL,\n"                   /* what is wrong, in the agent's words */
  "  report_id TEXT,\n"                         /* the “incorrect information” report that raised it */
  "  created_at INTEGER NOT NULL,\n"
  "  sent_at INTEGER\n"                         /* when the server acknowledged it; NULL before */
  ");\n"
  "CREATE INDEX flags_article ON flags (article_id);\n"
  "CREATE UNIQUE INDEX flags_report ON flags (report_id, article_id) WHERE report_id IS NOT NULL;\n"
  /* Everything waiting for the server, first in first out (lifeline-outbox.c).
   * A row is written in the same transaction as the item it sends and kept
   * until the server acknowledges it. Once @attempts > 0 its payload may have
   * reached the server and is frozen: a change becomes a new revision. */
  "CREATE TABLE outbox (\n"
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('report', 'flag', 'followup')),\n"
  "  item_id TEXT NOT NULL,\n"
  "  revision INTEGER NOT NULL DEFAULT 1,\n"
  "  payload TEXT NOT NULL,\n"                  /* the JSON body, exactly as sent */
  "  created_at INTEGER NOT NULL,\n"
  "  attempts INTEGER NOT NULL DEFAULT 0,\n"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,\n" /* Unix milliseconds: backoff needs finer steps */
  "  last_error TEXT\n"
  ");\n"
  "CREATE UNIQUE INDEX outbox_item ON outbox (kind, item_id, revision);\n"
  /* What the server refused for good (4xx other than 401, 408, 429), with its
   * message, until the agent edits and resends it. Never dropped silently. */
  "CREATE TABLE rejected (\n"
  "  seq INTEGER PRIMARY KEY,\n"                /* the outbox seq it had */
  "  kind TEXT NOT NULL,\n"
  "  item_id TEXT NOT NULL,\n"
  "  revision INTEGER NOT NULL,\n"
  "  payload TEXT NOT NULL,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  status INTEGER NOT NULL,\n"                /* the HTTP status */
  "  code TEXT,\n"                              /* the server's error code */
  "  message TEXT NOT NULL,\n"
  "  rejected_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX rejected_item ON rejected (kind, item_id);\n"
  /* A lead's coaching on one of this agent's reports. */
  "CREATE TABLE feedback (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  report_id TEXT NOT NULL,\n"
  "  body TEXT NOT NULL,\n"
  "  author TEXT,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  received_at INTEGER NOT NULL,\n"
  "  read_at INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX feedback_report ON feedback (report_id);\n"
  /* The changes-feed cursor lives in meta ("sync-cursor", with "sync-server"
   * the URL it belongs to), written in the same transaction as each page. */
  ;

/* 3 — recovery sessions and follow-ups (lifeline-recovery-session.c,
 * lifeline-followups.c). A session keeps what the agent typed while walking
 * a script, saved as they type; a report's recovery notes are read from it. */
static const char recovery_v3[] =
  "CREATE TABLE followups (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  report_id TEXT,\n"
  "  call_id TEXT,\n"
  "  session_id TEXT,\n"
  "  promise TEXT NOT NULL DEFAULT '',\n"
  "  customer_ref TEXT NOT NULL DEFAULT '',\n"
  "  wish TEXT NOT NULL DEFAULT '',\n"           /* the answer to “What would you like to see happen?” */
  "  created_at INTEGER NOT NULL,\n"
  "  due_at INTEGER NOT NULL,\n"
  "  done_at INTEGER NOT NULL DEFAULT 0,\n"
  "  notified INTEGER NOT NULL DEFAULT 0,\n"     /* LifelineNoticeKind already shown */
  "  revision INTEGER NOT NULL DEFAULT 1\n"
  ");\n"
  "CREATE INDEX followups_open ON followups (done_at, due_at);\n"
  "CREATE TABLE recovery_sessions (\n"
  "  id TEXT PRIMARY KEY,\n"
  "  script_id TEXT NOT NULL,\n"
  "  report_id TEXT,\n"
  "  step INTEGER NOT NULL DEFAULT 0,\n"
  "  seq INTEGER NOT NULL DEFAULT 0,\n"          /* a newer snapshot never loses to an older one */
  "  started_at INTEGER NOT NULL,\n"
  "  updated_at INTEGER NOT NULL,\n"
  "  finished_at INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX recovery_sessions_script ON recovery_sessions (script_id, finished_at, updated_at);\n"
  "CREATE INDEX recovery_sessions_report ON recovery_sessions (report_id);\n"
  "CREATE TABLE recovery_answers (\n"
  "  session_id TEXT NOT NULL REFERENCES recovery_sessions (id) ON DELETE CASCADE,\n"
  "  step INTEGER NOT NULL,\n"                   /* 1-based, as in “Step 2 of 6” and on the wire */
  "  answer TEXT NOT NULL,\n"
  "  PRIMARY KEY (session_id, step)\n"
  ");\n"
  "CREATE TABLE recovery_values (\n"
  "  session_id TEXT NOT NULL REFERENCES recovery_sessions (id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL,\n"                      /* a placeholder such as customer_name */
  "  value TEXT NOT NULL,\n"
  "  PRIMARY KEY (session_id, name)\n"
  ");\n"
  ;

/* 4 — the lead's tools in standalone mode (lifeline-lead-store.c): every
 * published revision of an article and of a recovery script, and
 * unpublished drafts. */
static const char lead_v4[] =
  "CREATE TABLE article_revisions (\n"
  "  article_id TEXT NOT NULL,\n"
  "  revision INTEGER NOT NULL,\n"
  "  action TEXT NOT NULL,\n"                   /* create, update, verify, import, delete */
  "  by TEXT,\n"
  "  at INTEGER NOT NULL,\n"
  "  json TEXT,\n"                              /* the article's wire form; NULL for a delete */
  "  PRIMARY KEY (article_id, revision)\n"
  ");\n"
  "CREATE TABLE script_revisions (\n"          /* the same for recovery scripts */
  "  script_id TEXT NOT NULL,\n"
  "  revision INTEGER NOT NULL,\n"
  "  action TEXT NOT NULL,\n"                   /* create, update, import, delete */
  "  by TEXT,\n"
  "  at INTEGER NOT NULL,\n"
  "  json TEXT,\n"                              /* the script's wire form; NULL for a delete */
  "  PRIMARY KEY (script_id, revision)\n"
  ");\n"
  "CREATE TABLE drafts (\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('article', 'script')),\n"
  "  item_id TEXT NOT NULL,\n"
  "  json TEXT NOT NULL,\n"                     /* the editor's state */
  "  base_revision INTEGER NOT NULL DEFAULT 0,\n"  /* what it started from; 0: a new item */
  "  saved_at INTEGER NOT NULL,\n"
  "  PRIMARY KEY (kind, item_id)\n"
  ");\n"
  ;

static const LifelineMigration client_schema[] = {
  { 1, kb_v1 },
  { 2, local_v2 },
  { 3, recovery_v3 },
  { 4, lead_v4 },
  { 0, NULL }
};

const LifelineMigration *
lifeline_client_schema (void)
{
  return client_schema;
}
