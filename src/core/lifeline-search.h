/* lifeline-search.h — as-you-type search over articles and scripts
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-db.h"

G_BEGIN_DECLS

typedef enum
{
  LIFELINE_HIT_ARTICLE,
  LIFELINE_HIT_SCRIPT,
} LifelineHitKind;

/* Snippets mark matched words with these two bytes around them; the client
 * turns them into Pango markup, lifeline-kb into <mark>…</mark>. */
#define LIFELINE_MARK_START "\x02"
#define LIFELINE_MARK_END   "\x03"

typedef struct
{
  LifelineHitKind  kind;
  char            *id;
  char            *title;
  char            *snippet;       /* plain text with LIFELINE_MARK_START/END */
  double           score;         /* higher is better */
  gint64           verified_at;   /* 0: never; scripts: 0 */
  gboolean         expired;       /* articles past their verification interval */
} LifelineSearchHit;

void lifeline_search_hit_free (LifelineSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineSearchHit, lifeline_search_hit_free)

#define LIFELINE_TYPE_SEARCH (lifeline_search_get_type ())

G_DECLARE_FINAL_TYPE (LifelineSearch, lifeline_search, LIFELINE, SEARCH, GObject)

/* A searcher on its own read-only connection, for one thread at a time (the
 * client keeps one in its search worker). */
LifelineSearch *lifeline_search_new      (const char      *db_path,
                                          GError         **error);
/* Runs @query as typed (the last word may be unfinished). Returns the best
 * @limit hits, best first (a GPtrArray of LifelineSearchHit, never NULL on
 * success). @now decides what is expired. Cancellable between phases. */
GPtrArray      *lifeline_search_query    (LifelineSearch  *self,
                                          const char      *query,
                                          guint            limit,
                                          gint64           now,
                                          GCancellable    *cancellable,
                                          GError         **error);
/* For "no results": the nearest spelling of @query from the index's
 * vocabulary, or NULL. */
char           *lifeline_search_suggest  (LifelineSearch  *self,
                                          const char      *query,
                                          GError         **error);

/* Learning: the agent opened item @id (of @kind) after typing @query; later
 * searches with these words rank it higher, and find it even when its text
 * has none of them. An empty query only counts the item as recently opened
 * (what an empty search shows). Needs a writable @db (not the searcher's). */
gboolean        lifeline_search_record_open (LifelineDb      *db,
                                             const char      *query,
                                             LifelineHitKind  kind,
                                             const char      *id,
                                             gint64           now,
                                             GError         **error);

/* The plain FTS5 baseline that search quality is measured against: every
 * word must match (the last one as a prefix), ranked by bm25 with the same
 * column weights, no spelling, synonyms, thesaurus or learning. */
GPtrArray      *lifeline_search_query_plain (LifelineSearch  *self,
                                             const char      *query,
                                             guint            limit,
                                             gint64           now,
                                             GError         **error);

G_END_DECLS
