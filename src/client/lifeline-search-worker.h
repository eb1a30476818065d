/* lifeline-search-worker.h — searching off the main loop
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-article.h"
#include "lifeline-search.h"

G_BEGIN_DECLS

/* One row of results, owned by the main loop once delivered. */
typedef struct
{
  LifelineHitKind  kind;
  char            *id;
  char            *title;
  char            *snippet;       /* with LIFELINE_MARK_START/END, or plain */
  gint64           verified_at;   /* 0: never verified (and scripts) */
  gint64           expires_at;    /* 0: never verified; G_MAXINT64: not expired */
} LifelineResultItem;

void lifeline_result_item_free (LifelineResultItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineResultItem, lifeline_result_item_free)

typedef struct
{
  char       *title;              /* NULL for the hits of a search */
  GPtrArray  *items;              /* of LifelineResultItem */
} LifelineResultSection;

/* What one query found. For a query, one untitled section of hits, best
 * first, and a suggestion when it found nothing; for the empty query, the
 * sections of the start view (recently opened, most used, getting started). */
typedef struct
{
  char       *query;
  GPtrArray  *sections;           /* of LifelineResultSection */
  guint       n_items;
  char       *suggestion;         /* the nearest spelling, or NULL */
} LifelineSearchResults;

void lifeline_search_results_free (LifelineSearchResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineSearchResults, lifeline_search_results_free)

#define LIFELINE_TYPE_SEARCH_WORKER (lifeline_search_worker_get_type ())

G_DECLARE_FINAL_TYPE (LifelineSearchWorker, lifeline_search_worker, LIFELINE, SEARCH_WORKER, GObject)

/* A thread that owns one LifelineSearch and one connection to @db_path, and
 * runs requests one at a time in the order they came. Requests wait in the
 * thread (never in the caller) until lifeline_search_worker_set_ready() says
 * the database is ready (migrated, starter knowledge base loaded). A request
 * whose cancellable was cancelled before it ran finishes with
 * G_IO_ERROR_CANCELLED without touching SQLite: cancel the previous keystroke's
 * query when a new one comes. Callbacks run in the caller's main context. */
LifelineSearchWorker  *lifeline_search_worker_new                 (const char            *db_path);
void                   lifeline_search_worker_set_ready           (LifelineSearchWorker  *self);
gboolean               lifeline_search_worker_get_ready           (LifelineSearchWorker  *self);

void                   lifeline_search_worker_search_async        (LifelineSearchWorker  *self,
                                                                   const char            *query,
                                                                   guint                  limit,
                                                                   gint64                 now,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
LifelineSearchResults *lifeline_search_worker_search_finish       (LifelineSearchWorker  *self,
                                                                   GAsyncResult          *result,
                                                                   GError               **error);

/* Loads an article and remembers that it was opened after @query (for the
 * start view's "recently opened" and "most used"). */
void                   lifeline_search_worker_open_article_async  (LifelineSearchWorker  *self,
                                                                   const char            *id,
                                                                   const char            *query,
                                                                   gint64                 now,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
LifelineArticle       *lifeline_search_worker_open_article_finish (LifelineSearchWorker  *self,
                                                                   GAsyncResult          *result,
                                                                   GError               **error);

/* Remembers, in the background, that the agent opened @id after @query
 * (a script, say, which opens elsewhere). */
void                   lifeline_search_worker_record_open         (LifelineSearchWorker  *self,
                                                                   LifelineHitKind        kind,
                                                                   const char            *id,
                                                                   const char            *query,
                                                                   gint64                 now);

/* Stores a flag durably (lifeline_flags_add); returns the flag's id. */
void                   lifeline_search_worker_add_flag_async      (LifelineSearchWorker  *self,
                                                                   const char            *article_id,
                                                                   const char            *reason,
                                                                   gint64                 now,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
char                  *lifeline_search_worker_add_flag_finish     (LifelineSearchWorker  *self,
                                                                   GAsyncResult          *result,
                                                                   GError               **error);

G_END_DECLS
