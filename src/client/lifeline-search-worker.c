/* lifeline-search-worker.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread, one LifelineSearch, one connection. The main loop only queues
 * GTasks and gets their results back in its own context; it never waits on
 * SQLite, not even for the lock of the queue while a query runs (the lock is
 * held only to push and pop). A request that was cancelled while it waited
 * (the agent typed another letter) is answered at once without running.
 */

#define G_LOG_DOMAIN "lifeline-search"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-client-schema.h"
#include "lifeline-error.h"
#include "lifeline-flags.h"
#include "lifeline-kb-store.h"
#include "lifeline-search-worker.h"

#define SECONDS_PER_DAY (24 * 60 * 60)
#define HOME_SECTION_SIZE 5
/* Opens older than this are not "recent" any more. */
#define RECENT_DAYS 30

/* Lifeline's own help articles in the starter knowledge base: the start view
 * shows them until the agent has opened something. */
static const char * const getting_started_ids[] = {
  "lifeline-search-while-talking",
  "lifeline-report-mistake",
  "lifeline-recovery-scripts",
  "lifeline-freshness-badges",
  "lifeline-flag-article",
  NULL
};

typedef enum
{
  REQUEST_SEARCH,
  REQUEST_OPEN_ARTICLE,
  REQUEST_RECORD_OPEN,
  REQUEST_ADD_FLAG,
} RequestKind;

typedef struct
{
  RequestKind      kind;
  LifelineHitKind  hit_kind;
  char        *query;
  char        *id;
  char        *reason;
  guint        limit;
  gint64       now;
} Request;

/* Shared between the worker object and its thread. */
typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           mutex;
  GCond            cond;
  GQueue           queue;       /* of GTask, under mutex */
  gboolean         ready;       /* under mutex */
  gboolean         quit;        /* under mutex */
  char            *db_path;

  /* Owned by the thread alone */
  LifelineSearch  *search;
  LifelineDb      *db;
  GHashTable      *intervals;   /* article id → verify_interval_days, for expired hits */
} WorkerState;

struct _LifelineSearchWorker
{
  GObject       parent_instance;

  WorkerState  *state;
  GThread      *thread;
  gboolean      ready;          /* the main loop's copy */
};

G_DEFINE_FINAL_TYPE (LifelineSearchWorker, lifeline_search_worker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
request_free (Request *request)
{
  g_free (request->query);
  g_free (request->id);
  g_free (request->reason);
  g_free (request);
}

void
lifeline_result_item_free (LifelineResultItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->title);
  g_free (item->snippet);
  g_free (item);
}

static void
result_section_free (LifelineResultSection *section)
{
  g_free (section->title);
  g_clear_pointer (&section->items, g_ptr_array_unref);
  g_free (section);
}

void
lifeline_search_results_free (LifelineSearchResults *results)
{
  if (results == NULL)
    return;
  g_free (results->query);
  g_clear_pointer (&results->sections, g_ptr_array_unref);
  g_free (results->suggestion);
  g_free (results);
}

static LifelineSearchResults *
search_results_new (const char *query)
{
  LifelineSearchResults *results = g_new0 (LifelineSearchResults, 1);

  results->query = g_strdup (query);
  results->sections = g_ptr_array_new_with_free_func ((GDestroyNotify)result_section_free);
  return results;
}

static void
search_results_add_section (LifelineSearchResults *results,
                            const char            *title,
                            GPtrArray             *items)
{
  LifelineResultSection *section;

  if (items->len == 0)
    return;

  section = g_new0 (LifelineResultSection, 1);
  section->title = g_strdup (title);
  section->items = g_ptr_array_ref (items);
  results->n_items += items->len;
  g_ptr_array_add (results->sections, section);
}

static WorkerState *
worker_state_ref (WorkerState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
worker_state_unref (WorkerState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;

  g_assert (g_queue_is_empty (&state->queue));
  g_mutex_clear (&state->mutex);
  g_cond_clear (&state->cond);
  g_clear_object (&state->search);
  g_clear_object (&state->db);
  g_clear_pointer (&state->intervals, g_hash_table_unref);
  g_free (state->db_path);
  g_free (state);
}

/* In the thread */

static gboolean
ensure_open (WorkerState  *state,
             GError      **error)
{
  if (state->db == NULL)
    {
      /* The application already migrated the database; this only checks
       * the version. */
      state->db = lifeline_db_open (state->db_path, lifeline_client_schema (),
                                    LIFELINE_DB_NONE, error);
      if (state->db == NULL)
        return FALSE;
    }

  if (state->search == NULL)
    {
      state->search = lifeline_search_new (state->db_path, error);
      if (state->search == NULL)
        return FALSE;
    }

  return TRUE;
}

static LifelineResultItem *
item_from_article (LifelineArticle *article)
{
  LifelineResultItem *item = g_new0 (LifelineResultItem, 1);

  item->kind = LIFELINE_HIT_ARTICLE;
  item->id = g_strdup (article->id);
  item->title = g_strdup (article->title);
  item->snippet = g_strdup (article->summary ? article->summary : "");
  item->verified_at = article->verified_at;
  item->expires_at = lifeline_article_get_expires_at (article);
  return item;
}

static gint64
expires_at_of_hit (WorkerState       *state,
                   LifelineSearchHit *hit,
                   gint64             now)
{
  gpointer interval;

  if (hit->verified_at <= 0)
    return 0;
  if (!hit->expired)
    return G_MAXINT64;

  /* The hit says "expired" but not since when: that needs the interval. */
  if (!g_hash_table_lookup_extended (state->intervals, hit->id, NULL, &interval))
    {
      g_autoptr(LifelineArticle) article = lifeline_kb_get_article (state->db, hit->id, NULL);

      if (article == NULL)
        return now;
      interval = GINT_TO_POINTER (article->verify_interval_days);
      g_hash_table_insert (state->intervals, g_strdup (hit->id), interval);
    }

  return MIN (hit->verified_at + (gint64)GPOINTER_TO_INT (interval) * SECONDS_PER_DAY, now);
}

/* Up to @limit articles named by the first column of @sql, skipping @skip. */
static GPtrArray *
articles_from_query (WorkerState *state,
                     const char  *sql,
                     gint64       since,
                     GHashTable  *skip,
                     guint        limit)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_result_item_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = lifeline_db_prepare (state->db, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not read which articles were opened: %s", error->message);
      return g_steal_pointer (&items);
    }
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, since);

  while (items->len < limit && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *id = lifeline_db_column_dup (stmt, 0);
      g_autoptr(LifelineArticle) article = NULL;

      if (id == NULL || g_hash_table_contains (skip, id))
        continue;

      article = lifeline_kb_get_article (state->db, id, NULL);
      if (article == NULL)
        continue;  /* deleted since */

      g_hash_table_add (skip, g_strdup (id));
      g_ptr_array_add (items, item_from_article (article));
    }

  return g_steal_pointer (&items);
}

static LifelineSearchResults *
run_home (WorkerState  *state,
          Request      *request)
{
  g_autoptr(LifelineSearchResults) results = search_results_new ("");
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GPtrArray) popular = NULL;
  g_autoptr(GPtrArray) help = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_result_item_free);

  /* kb_usage is what lifeline_search_record_open() counts; scripts have
   * negative docids there and open in the recovery page instead. */
  recent = articles_from_query (state,
                                "SELECT a.id FROM kb_usage u JOIN kb_articles a ON a.docid = u.docid "
                                "WHERE u.last_at >= ?1 ORDER BY u.last_at DESC LIMIT 20",
                                request->now - (gint64)RECENT_DAYS * SECONDS_PER_DAY,
                                shown, HOME_SECTION_SIZE);
  popular = articles_from_query (state,
                                 "SELECT a.id FROM kb_usage u JOIN kb_articles a ON a.docid = u.docid "
                                 "WHERE u.opens >= 2 ORDER BY u.opens DESC, u.last_at DESC LIMIT 20",
                                 0, shown, HOME_SECTION_SIZE);

  /* Lifeline's own help fills the view until the agent has a few of their own. */
  for (guint i = 0;
       getting_started_ids[i] != NULL && recent->len + popular->len + help->len < HOME_SECTION_SIZE;
       i++)
    {
      g_autoptr(LifelineArticle) article = NULL;

      if (g_hash_table_contains (shown, getting_started_ids[i]))
        continue;
      article = lifeline_kb_get_article (state->db, getting_started_ids[i], NULL);
      if (article != NULL)
        g_ptr_array_add (help, item_from_article (article));
    }

  search_results_add_section (results, _("Recently opened"), recent);
  search_results_add_section (results, _("Most used"), popular);
  search_results_add_section (results, _("Getting started"), help);

  return g_steal_pointer (&results);
}

static LifelineSearchResults *
run_search (WorkerState   *state,
            Request       *request,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(LifelineSearchResults) results = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (request->query));

  if (*stripped == '\0')
    return run_home (state, request);

  hits = lifeline_search_query (state->search, request->query, request->limit,
                                request->now, cancellable, error);
  if (hits == NULL)
    return NULL;

  results = search_results_new (request->query);
  items = g_ptr_array_new_full (hits->len, (GDestroyNotify)lifeline_result_item_free);
  for (guint i = 0; i < hits->len; i++)
    {
      LifelineSearchHit *hit = g_ptr_array_index (hits, i);
      LifelineResultItem *item = g_new0 (LifelineResultItem, 1);

      item->kind = hit->kind;
      item->id = g_strdup (hit->id);
      item->title = g_strdup (hit->title);
      item->snippet = g_strdup (hit->snippet ? hit->snippet : "");
      if (hit->kind == LIFELINE_HIT_ARTICLE)
        {
          item->verified_at = hit->verified_at;
          item->expires_at = expires_at_of_hit (state, hit, request->now);
        }
      g_ptr_array_add (items, item);
    }
  search_results_add_section (results, NULL, items);

  if (items->len == 0 && !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GError) suggest_error = NULL;

      results->suggestion = lifeline_search_suggest (state->search, request->query, &suggest_error);
      if (suggest_error != NULL)
        g_debug ("No suggestion for “%s”: %s", request->query, suggest_error->message);
      if (results->suggestion != NULL && g_utf8_collate (results->suggestion, stripped) == 0)
        g_clear_pointer (&results->suggestion, g_free);
    }

  return g_steal_pointer (&results);
}

/* Learning and the start view: which article the agent opened after which
 * words (lifeline_search_record_open). Only the start view and the ranking
 * suffer when this fails; never the agent's reading. */
static void
record_open (WorkerState *state,
             Request     *request)
{
  g_autoptr(GError) error = NULL;

  if (!lifeline_search_record_open (state->db, request->query ? request->query : "",
                                    request->hit_kind, request->id, request->now, &error))
    g_warning ("Could not remember that %s was opened: %s", request->id, error->message);
}

static void
run_task (WorkerState *state,
          GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!ensure_open (state, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (request->kind)
    {
    case REQUEST_SEARCH:
      {
        LifelineSearchResults *results = run_search (state, request, cancellable, &error);

        if (results == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else if (g_task_return_error_if_cancelled (task))
          lifeline_search_results_free (results);
        else
          g_task_return_pointer (task, results, (GDestroyNotify)lifeline_search_results_free);
      }
      break;

    case REQUEST_OPEN_ARTICLE:
      {
        LifelineArticle *article = lifeline_kb_get_article (state->db, request->id, &error);

        if (article == NULL)
          {
            g_task_return_error (task, g_steal_pointer (&error));
            break;
          }
        g_task_return_pointer (task, article, g_object_unref);
        record_open (state, request);
      }
      break;

    case REQUEST_RECORD_OPEN:
      record_open (state, request);
      g_task_return_boolean (task, TRUE);
      break;

    case REQUEST_ADD_FLAG:
      {
        /* Flags are rare and must survive a crash: a connection of their
         * own with synchronous=FULL, so that opens stay cheap. */
        g_autoptr(LifelineDb) durable = lifeline_db_open (state->db_path, lifeline_client_schema (),
                                                          LIFELINE_DB_DURABLE, &error);
        char *flag_id = NULL;

        if (durable != NULL)
          flag_id = lifeline_flags_add (durable, request->id, request->reason,
                                        NULL, request->now, &error);

        if (flag_id == NULL)
          g_task_return_error (task, g_steal_pointer (&error));
        else
          g_task_return_pointer (task, flag_id, g_free);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static gpointer
worker_thread (gpointer data)
{
  WorkerState *state = data;

  for (;;)
    {
      GTask *task;

      g_mutex_lock (&state->mutex);
      while (!state->quit && (!state->ready || g_queue_is_empty (&state->queue)))
        g_cond_wait (&state->cond, &state->mutex);
      if (state->quit)
        {
          g_mutex_unlock (&state->mutex);
          break;
        }
      task = g_queue_pop_head (&state->queue);
      g_mutex_unlock (&state->mutex);

      run_task (state, task);
      g_object_unref (task);
    }

  /* Close the connections in the thread that used them. */
  g_clear_object (&state->search);
  g_clear_object (&state->db);
  worker_state_unref (state);
  return NULL;
}

/* In the main loop */

static void
push_request (LifelineSearchWorker *self,
              Request              *request,
              gpointer              source_tag,
              GCancellable         *cancellable,
              GAsyncReadyCallback   callback,
              gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  g_mutex_lock (&self->state->mutex);
  g_queue_push_tail (&self->state->queue, task);
  g_cond_signal (&self->state->cond);
  g_mutex_unlock (&self->state->mutex);
}

static void
lifeline_search_worker_finalize (GObject *object)
{
  LifelineSearchWorker *self = (LifelineSearchWorker *)object;

  /* Every queued task holds a reference on us, so the queue is empty. */
  g_mutex_lock (&self->state->mutex);
  self->state->quit = TRUE;
  g_cond_signal (&self->state->cond);
  g_mutex_unlock (&self->state->mutex);

  /* The last reference may be dropped in the thread itself, with its last task. */
  if (g_thread_self () == self->thread)
    g_thread_unref (self->thread);
  else
    g_thread_join (self->thread);

  worker_state_unref (self->state);

  G_OBJECT_CLASS (lifeline_search_worker_parent_class)->finalize (object);
}

static void
lifeline_search_worker_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LifelineSearchWorker *self = LIFELINE_SEARCH_WORKER (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lifeline_search_worker_class_init (LifelineSearchWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lifeline_search_worker_finalize;
  object_class->get_property = lifeline_search_worker_get_property;

  /**
   * LifelineSearchWorker:ready:
   *
   * Whether the knowledge base is loaded: until then, requests wait.
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lifeline_search_worker_init (LifelineSearchWorker *self)
{
}

LifelineSearchWorker *
lifeline_search_worker_new (const char *db_path)
{
  LifelineSearchWorker *self;
  WorkerState *state;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (LIFELINE_TYPE_SEARCH_WORKER, NULL);

  state = g_new0 (WorkerState, 1);
  g_atomic_ref_count_init (&state->ref_count);
  g_mutex_init (&state->mutex);
  g_cond_init (&state->cond);
  g_queue_init (&state->queue);
  state->db_path = g_strdup (db_path);
  state->intervals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->state = state;
  self->thread = g_thread_new ("lifeline-search", worker_thread, worker_state_ref (state));

  return self;
}

void
lifeline_search_worker_set_ready (LifelineSearchWorker *self)
{
  g_return_if_fail (LIFELINE_IS_SEARCH_WORKER (self));

  if (self->ready)
    return;

  g_mutex_lock (&self->state->mutex);
  self->state->ready = TRUE;
  g_cond_signal (&self->state->cond);
  g_mutex_unlock (&self->state->mutex);

  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

gboolean
lifeline_search_worker_get_ready (LifelineSearchWorker *self)
{
  g_return_val_if_fail (LIFELINE_IS_SEARCH_WORKER (self), FALSE);
  return self->ready;
}

void
lifeline_search_worker_search_async (LifelineSearchWorker *self,
                                     const char           *query,
                                     guint                 limit,
                                     gint64                now,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  Request *request;

  g_return_if_fail (LIFELINE_IS_SEARCH_WORKER (self));
  g_return_if_fail (query != NULL);

  request = g_new0 (Request, 1);
  request->kind = REQUEST_SEARCH;
  request->query = g_strdup (query);
  request->limit = limit;
  request->now = now;
  push_request (self, request, lifeline_search_worker_search_async,
                cancellable, callback, user_data);
}

LifelineSearchResults *
lifeline_search_worker_search_finish (LifelineSearchWorker  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lifeline_search_worker_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lifeline_search_worker_open_article_async (LifelineSearchWorker *self,
                                           const char           *id,
                                           const char           *query,
                                           gint64                now,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  Request *request;

  g_return_if_fail (LIFELINE_IS_SEARCH_WORKER (self));
  g_return_if_fail (id != NULL);

  request = g_new0 (Request, 1);
  request->kind = REQUEST_OPEN_ARTICLE;
  request->hit_kind = LIFELINE_HIT_ARTICLE;
  request->id = g_strdup (id);
  request->query = g_strdup (query);
  request->now = now;
  push_request (self, request, lifeline_search_worker_open_article_async,
                cancellable, callback, user_data);
}

LifelineArticle *
lifeline_search_worker_open_article_finish (LifelineSearchWorker  *self,
                                            GAsyncResult          *result,
                                            GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lifeline_search_worker_open_article_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lifeline_search_worker_record_open (LifelineSearchWorker *self,
                                    LifelineHitKind       kind,
                                    const char           *id,
                                    const char           *query,
                                    gint64                now)
{
  Request *request;

  g_return_if_fail (LIFELINE_IS_SEARCH_WORKER (self));
  g_return_if_fail (id != NULL);

  request = g_new0 (Request, 1);
  request->kind = REQUEST_RECORD_OPEN;
  request->hit_kind = kind;
  request->id = g_strdup (id);
  request->query = g_strdup (query);
  request->now = now;
  push_request (self, request, lifeline_search_worker_record_open, NULL, NULL, NULL);
}

void
lifeline_search_worker_add_flag_async (LifelineSearchWorker *self,
                                       const char           *article_id,
                                       const char           *reason,
                                       gint64                now,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  Request *request;

  g_return_if_fail (LIFELINE_IS_SEARCH_WORKER (self));
  g_return_if_fail (article_id != NULL);
  g_return_if_fail (reason != NULL);

  request = g_new0 (Request, 1);
  request->kind = REQUEST_ADD_FLAG;
  request->id = g_strdup (article_id);
  request->reason = g_strdup (reason);
  request->now = now;
  push_request (self, request, lifeline_search_worker_add_flag_async,
                cancellable, callback, user_data);
}

char *
lifeline_search_worker_add_flag_finish (LifelineSearchWorker  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lifeline_search_worker_add_flag_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
