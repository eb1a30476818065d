/* lifeline-sync-engine.c — sends the outbox to lifeline-server and pulls its changes
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two loops on the main loop, each with at most one request in flight and
 * its own database connection used only in worker threads:
 *
 *  - push: peek the oldest due outbox item, count the attempt (durably),
 *    send it, then in one transaction acknowledge it and record the receipt
 *    (2xx), move it to the rejected list (a final 4xx), or reschedule it
 *    with backoff (network error, 408, 429, 5xx). 401 stops both loops with
 *    everything still queued. FIFO: one item at a time, never overtaken.
 *  - pull: GET /api/v1/changes?since=CURSOR, apply the page and store the
 *    next cursor in one transaction, again while "more"; then coaching for
 *    confidential reports through their receipts. On start, every pull
 *    interval, on demand, and when the network comes back.
 *
 * docs/api.md is the contract with the server.
 */

#define G_LOG_DOMAIN "lifeline-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lifeline-kb-store.h"
#include "lifeline-sync-engine.h"

#define DEFAULT_PULL_INTERVAL_MS (30 * 1000)
#define CHANGES_PAGE_SIZE 200
#define MAX_RECEIPTS 500
#define ERROR_RETRY_MS (10 * 1000)

G_DEFINE_ENUM_TYPE (LifelineSyncState, lifeline_sync_state,
  G_DEFINE_ENUM_VALUE (LIFELINE_SYNC_STANDALONE, "standalone"),
  G_DEFINE_ENUM_VALUE (LIFELINE_SYNC_SYNCED, "synced"),
  G_DEFINE_ENUM_VALUE (LIFELINE_SYNC_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (LIFELINE_SYNC_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (LIFELINE_SYNC_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (LIFELINE_SYNC_UNAUTHORIZED, "unauthorized"))

struct _LifelineSyncEngine
{
  GObject             parent_instance;

  LifelineDb         *db;        /* main thread */
  LifelineDb         *push_db;   /* push worker */
  LifelineDb         *pull_db;   /* pull worker */
  SoupSession        *session;
  GNetworkMonitor    *monitor;

  char               *url;
  char               *token;
  guint               generation;
  GCancellable       *cancellable;

  guint               push_busy : 1;
  guint               pull_busy : 1;
  guint               pull_again : 1;
  guint               push_requested : 1;
  guint               unauthorized : 1;
  guint               offline : 1;
  guint               disposed : 1;
  guint               was_busy : 1;
  guint               push_timeout_id;
  guint               pull_timeout_id;

  LifelineSyncState   state;
  guint               pending;
  guint               rejected;
  char               *last_error;

  LifelineBackoff     backoff;
  guint               pull_interval_ms;
  guint               created;
  guint               repeated;
};

G_DEFINE_FINAL_TYPE (LifelineSyncEngine, lifeline_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_REJECTED,
  PROP_BUSY,
  PROP_LAST_ERROR,
  PROP_SERVER_URL,
  N_PROPS
};

enum {
  REPORT_UPDATED,
  CHANGES_APPLIED,
  FEEDBACK_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void push_step (LifelineSyncEngine *self);
static void recount   (LifelineSyncEngine *self);
static void pull_step (LifelineSyncEngine *self);

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static gboolean
configured (LifelineSyncEngine *self)
{
  return self->url != NULL && !self->disposed;
}

/* State */

static void
update_state (LifelineSyncEngine *self)
{
  LifelineSyncState state;
  gboolean busy = self->push_busy || self->pull_busy;

  if (!configured (self))
    state = LIFELINE_SYNC_STANDALONE;
  else if (self->unauthorized)
    state = LIFELINE_SYNC_UNAUTHORIZED;
  else if (self->offline)
    state = LIFELINE_SYNC_OFFLINE;
  else if (self->pending > 0)
    state = LIFELINE_SYNC_SENDING;
  else if (self->rejected > 0)
    state = LIFELINE_SYNC_REJECTED;
  else
    state = LIFELINE_SYNC_SYNCED;

  g_object_freeze_notify (G_OBJECT (self));
  if (state != self->state)
    {
      g_autofree char *name = g_enum_to_string (LIFELINE_TYPE_SYNC_STATE, state);

      g_debug ("state: %s", name);
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (busy != self->was_busy)
    {
      self->was_busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_counts (LifelineSyncEngine *self,
            guint               pending,
            guint               rejected)
{
  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (rejected != self->rejected)
    {
      self->rejected = rejected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECTED]);
    }
}

static void
set_last_error (LifelineSyncEngine *self,
                const char         *message)
{
  if (g_strcmp0 (message, self->last_error) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* HTTP helpers */

static SoupMessage *
new_message (LifelineSyncEngine *self,
             const char         *method,
             const char         *url,
             const char         *token,
             const char         *body)
{
  SoupMessage *msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* The server's {"error": {"code", "message"}}, or a sentence from the status. */
static void
parse_error_body (SoupMessage  *msg,
                  GBytes       *body,
                  char        **code,
                  char        **message)
{
  g_autoptr(JsonObject) root = NULL;
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  *code = NULL;
  *message = NULL;

  if (data != NULL && len > 0)
    root = lifeline_wire_parse_object (data, len, NULL);
  if (root != NULL && json_object_has_member (root, "error") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error")))
    {
      JsonObject *error = json_object_get_object_member (root, "error");

      *code = g_strdup (json_object_get_string_member_with_default (error, "code", NULL));
      *message = g_strdup (json_object_get_string_member_with_default (error, "message", NULL));
    }

  if (*message == NULL)
    /* Translators: %u is an HTTP status such as 422, %s its reason ("Unprocessable Entity") */
    *message = g_strdup_printf (_("The server answered %u %s."),
                                soup_message_get_status (msg),
                                soup_message_get_reason_phrase (msg)
                                  ? soup_message_get_reason_phrase (msg) : "");
}

static gint64
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return (gint64)seconds * 1000;

  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);

    if (when != NULL)
      return MAX (0, g_date_time_to_unix (when) * 1000 - now_ms ());
  }

  return 0;
}

static gboolean
is_retryable (guint status)
{
  return status == SOUP_STATUS_REQUEST_TIMEOUT ||
         status == 429 ||   /* Too Many Requests */
         status >= 500 ||
         status < 200 ||
         (status >= 300 && status < 400);
}

/* Push */

typedef enum
{
  OUTCOME_NONE,
  OUTCOME_ACK,
  OUTCOME_REJECT,
  OUTCOME_RETRY,
} Outcome;

typedef struct
{
  guint               generation;
  LifelineOutboxItem *item;
  char               *flag_article_id;
  gint64              next_due;

  Outcome             outcome;
  guint               status;
  char               *code;
  char               *message;
  gint64              retry_after_ms;
  gint64              received_at;
  SoupMessage        *msg;
  LifelineSyncEngine *engine;   /* while the request is out */
} PushJob;

static void
push_job_free (PushJob *job)
{
  lifeline_outbox_item_free (job->item);
  g_free (job->flag_article_id);
  g_free (job->code);
  g_free (job->message);
  g_clear_object (&job->msg);
  g_clear_object (&job->engine);
  g_free (job);
}

static void
peek_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LifelineSyncEngine *self = source_object;
  PushJob *job = task_data;
  GError *error = NULL;

  /* Reading the item and marking the attempt are one write transaction: a
   * report saved in between would otherwise still see no attempt, change
   * the revision in place, and the older payload read here would go out and
   * be acknowledged in its name. With the write lock held, a save either
   * comes before (and we read its payload) or after (and it makes a new
   * revision). */
  if (!lifeline_db_begin (self->push_db, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job->item = lifeline_outbox_peek (self->push_db, now_ms (), &job->next_due, &error);
  if (error == NULL && job->item != NULL)
    lifeline_outbox_begin_attempt (self->push_db, job->item->seq, &error);
  if (error == NULL)
    lifeline_db_commit (self->push_db, &error);
  if (error != NULL)
    {
      lifeline_db_rollback (self->push_db);
      g_clear_pointer (&job->item, lifeline_outbox_item_free);
      g_task_return_error (task, error);
      return;
    }

  if (job->item != NULL)
    {

      if (job->item->kind == LIFELINE_OUTBOX_FLAG)
        {
          g_autoptr(sqlite3_stmt) stmt =
            lifeline_db_prepare (self->push_db, "SELECT article_id FROM flags WHERE id = ?", NULL);

          if (stmt != NULL)
            {
              lifeline_db_bind_text (stmt, 1, job->item->item_id);
              if (sqlite3_step (stmt) == SQLITE_ROW)
                job->flag_article_id = lifeline_db_column_dup (stmt, 0);
            }
        }
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
ack_item (LifelineDb  *db,
          PushJob     *job,
          GError     **error)
{
  LifelineOutboxItem *item = job->item;

  if (!lifeline_outbox_ack (db, item->seq, error))
    return FALSE;

  switch (item->kind)
    {
    case LIFELINE_OUTBOX_REPORT:
      return lifeline_reports_set_received (db, item->item_id, item->revision, job->received_at, error);

    case LIFELINE_OUTBOX_FLAG:
      {
        g_autoptr(sqlite3_stmt) stmt =
          lifeline_db_prepare (db, "UPDATE flags SET sent_at = ? WHERE id = ?", error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, lifeline_time_now ());
        lifeline_db_bind_text (stmt, 2, item->item_id);
        return lifeline_db_step_done (db, stmt, error);
      }

    case LIFELINE_OUTBOX_FOLLOWUP:
    default:
      return TRUE;
    }
}

static void
result_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LifelineSyncEngine *self = source_object;
  PushJob *job = task_data;
  LifelineDb *db = self->push_db;
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (job->outcome)
    {
    case OUTCOME_ACK:
      ok = lifeline_db_begin (db, &error) &&
           ack_item (db, job, &error) &&
           lifeline_db_commit (db, &error);
      break;

    case OUTCOME_REJECT:
      ok = lifeline_db_begin (db, &error) &&
           lifeline_outbox_reject (db, job->item->seq, job->status, job->code, job->message,
                                   lifeline_time_now (), &error) &&
           (job->item->kind != LIFELINE_OUTBOX_REPORT ||
            lifeline_reports_set_rejected (db, job->item->item_id, job->message,
                                           lifeline_time_now (), &error)) &&
           lifeline_db_commit (db, &error);
      break;

    case OUTCOME_RETRY:
      ok = lifeline_outbox_reschedule (db, job->item->seq, &self->backoff, job->retry_after_ms,
                                       job->message, now_ms (), &job->next_due, &error);
      break;

    case OUTCOME_NONE:
    default:
      break;
    }

  if (!ok)
    {
      lifeline_db_rollback (db);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
on_push_timeout (gpointer user_data)
{
  LifelineSyncEngine *self = user_data;

  self->push_timeout_id = 0;
  push_step (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_push (LifelineSyncEngine *self,
               gint64              delay_ms)
{
  g_clear_handle_id (&self->push_timeout_id, g_source_remove);
  self->push_timeout_id = g_timeout_add (CLAMP (delay_ms, 0, G_MAXINT32), on_push_timeout, self);
}

/* Something was queued while the loop was busy (its counts may be stale,
 * and it may have found the outbox empty just before): look again. */
static void
push_again (LifelineSyncEngine *self)
{
  if (self->push_requested && !self->push_busy)
    push_step (self);
}

static void
push_done (LifelineSyncEngine *self,
           PushJob            *job)
{
  self->push_busy = FALSE;

  if (job->generation != self->generation)
    {
      push_step (self);
      return;
    }

  switch (job->outcome)
    {
    case OUTCOME_ACK:
      if (job->status == SOUP_STATUS_CREATED)
        self->created++;
      else
        self->repeated++;
      if (job->item->kind == LIFELINE_OUTBOX_REPORT)
        g_signal_emit (self, signals[REPORT_UPDATED], 0, job->item->item_id);
      push_step (self);
      break;

    case OUTCOME_REJECT:
      g_message ("The server refused %s %s revision %" G_GINT64_FORMAT ": %u %s",
                 lifeline_outbox_kind_to_string (job->item->kind), job->item->item_id,
                 job->item->revision, job->status, job->message);
      if (job->item->kind == LIFELINE_OUTBOX_REPORT)
        g_signal_emit (self, signals[REPORT_UPDATED], 0, job->item->item_id);
      push_step (self);
      break;

    case OUTCOME_RETRY:
      schedule_push (self, job->next_due - now_ms ());
      push_again (self);
      break;

    case OUTCOME_NONE:
    default:
      break;
    }

  update_state (self);
}

static void
result_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LifelineSyncEngine *self = LIFELINE_SYNC_ENGINE (object);
  PushJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (self->disposed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not record the server's answer: %s", error->message);
      set_last_error (self, error->message);
      self->push_busy = FALSE;
      schedule_push (self, ERROR_RETRY_MS);
      update_state (self);
      return;
    }

  recount (self);
  push_done (self, job);
}

static void
run_result (LifelineSyncEngine *self,
            PushJob            *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, result_done, NULL);

  g_task_set_source_tag (task, run_result);
  g_task_set_task_data (task, job, (GDestroyNotify)push_job_free);
  g_task_run_in_thread (task, result_thread);
}

static void
send_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PushJob *job = user_data;
  g_autoptr(LifelineSyncEngine) self = g_steal_pointer (&job->engine);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (self->disposed)
    {
      push_job_free (job);
      return;
    }

  if (job->generation != self->generation ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->push_busy = FALSE;
      push_job_free (job);
      push_step (self);
      return;
    }

  if (error != NULL)
    {
      g_debug ("sending %s: %s", job->item->item_id, error->message);
      job->outcome = OUTCOME_RETRY;
      job->message = g_strdup (error->message);
      self->offline = TRUE;
      set_last_error (self, error->message);
    }
  else
    {
      guint status = soup_message_get_status (job->msg);

      job->status = status;
      self->offline = status >= 500;

      if (status >= 200 && status < 300)
        {
          g_autoptr(JsonObject) root = NULL;
          gsize len = 0;
          const char *data = g_bytes_get_data (body, &len);

          job->outcome = OUTCOME_ACK;
          job->received_at = lifeline_time_now ();
          if (data != NULL && len > 0 && (root = lifeline_wire_parse_object (data, len, NULL)) != NULL)
            lifeline_wire_get_time (root, "received_at", FALSE, &job->received_at, NULL);
          set_last_error (self, NULL);
        }
      else if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          job->outcome = OUTCOME_NONE;
          parse_error_body (job->msg, body, &job->code, &job->message);
          self->unauthorized = TRUE;
          set_last_error (self, job->message);
        }
      else if (is_retryable (status))
        {
          job->outcome = OUTCOME_RETRY;
          job->retry_after_ms = parse_retry_after (job->msg);
          parse_error_body (job->msg, body, &job->code, &job->message);
          set_last_error (self, job->message);
        }
      else
        {
          job->outcome = OUTCOME_REJECT;
          parse_error_body (job->msg, body, &job->code, &job->message);
        }
    }

  g_clear_object (&job->msg);
  run_result (self, job);
}

static char *
item_request (LifelineSyncEngine  *self,
              PushJob             *job,
              const char         **method)
{
  LifelineOutboxItem *item = job->item;

  switch (item->kind)
    {
    case LIFELINE_OUTBOX_REPORT:
      *method = SOUP_METHOD_PUT;
      return g_strdup_printf ("%s/api/v1/reports/%s", self->url, item->item_id);

    case LIFELINE_OUTBOX_FOLLOWUP:
      *method = SOUP_METHOD_PUT;
      return g_strdup_printf ("%s/api/v1/followups/%s", self->url, item->item_id);

    case LIFELINE_OUTBOX_FLAG:
      *method = SOUP_METHOD_POST;
      if (job->flag_article_id == NULL)
        return NULL;
      return g_strdup_printf ("%s/api/v1/articles/%s/flags", self->url, job->flag_article_id);

    default:
      return NULL;
    }
}

static void
peek_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LifelineSyncEngine *self = LIFELINE_SYNC_ENGINE (object);
  PushJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *method = NULL;

  if (self->disposed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not read the outbox: %s", error->message);
      set_last_error (self, error->message);
      self->push_busy = FALSE;
      schedule_push (self, ERROR_RETRY_MS);
      update_state (self);
      return;
    }

  recount (self);

  if (job->generation != self->generation)
    {
      self->push_busy = FALSE;
      push_step (self);
      return;
    }

  if (job->item == NULL)
    {
      self->push_busy = FALSE;
      if (job->next_due > 0)
        schedule_push (self, job->next_due - now_ms ());
      push_again (self);
      update_state (self);
      return;
    }

  /* The task frees the job; the send keeps its own. */
  {
    PushJob *send = g_new0 (PushJob, 1);

    send->generation = job->generation;
    send->item = g_steal_pointer (&job->item);
    send->flag_article_id = g_steal_pointer (&job->flag_article_id);
    job = send;
  }

  url = item_request (self, job, &method);
  if (url != NULL)
    job->msg = new_message (self, method, url, self->token, job->item->payload);

  if (job->msg == NULL)
    {
      /* Cannot be sent as it is (a flag whose article is unknown, a bad
       * address): the agent sees it in the rejected list. */
      job->outcome = OUTCOME_REJECT;
      job->message = g_strdup (_("This item could not be turned into a request to the server."));
      run_result (self, job);
      return;
    }

  g_debug ("%s %s (revision %" G_GINT64_FORMAT ", attempt %u)", method, url,
           job->item->revision, job->item->attempts + 1);
  job->engine = g_object_ref (self);
  soup_session_send_and_read_async (self->session, job->msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    send_done, job);
}

static void
push_step (LifelineSyncEngine *self)
{
  g_autoptr(GTask) task = NULL;
  PushJob *job;

  if (self->push_busy)
    {
      self->push_requested = TRUE;
      return;
    }
  if (!configured (self) || self->unauthorized)
    {
      update_state (self);
      return;
    }

  g_clear_handle_id (&self->push_timeout_id, g_source_remove);
  self->push_busy = TRUE;
  self->push_requested = FALSE;

  job = g_new0 (PushJob, 1);
  job->generation = self->generation;

  task = g_task_new (self, NULL, peek_done, NULL);
  g_task_set_source_tag (task, push_step);
  g_task_set_task_data (task, job, (GDestroyNotify)push_job_free);
  g_task_run_in_thread (task, peek_thread);
  update_state (self);
}

/* Pull */

typedef struct
{
  guint               generation;
  char               *url;
  GBytes             *body;
  char               *next;
  gboolean            more;
  guint               n_kb;
  guint               n_feedback;
  SoupMessage        *msg;
  LifelineSyncEngine *engine;   /* while the request is out */
} PullJob;

static void
pull_job_free (PullJob *job)
{
  g_clear_object (&job->msg);
  g_clear_object (&job->engine);
  g_free (job->url);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->next);
  g_free (job);
}

static gboolean
store_feedback (LifelineDb  *db,
                JsonObject  *object,
                guint       *n_new,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;
  g_autofree char *report_id = NULL;
  g_autofree char *message = NULL;
  g_autofree char *author = NULL;
  gint64 created_at = 0;
  g_autoptr(GError) local_error = NULL;

  if (!lifeline_wire_get_string (object, "id", TRUE, &id, &local_error) ||
      !lifeline_wire_get_string (object, "report_id", TRUE, &report_id, &local_error) ||
      !lifeline_wire_get_string (object, "message", TRUE, &message, &local_error) ||
      !lifeline_wire_get_string (object, "author", FALSE, &author, &local_error) ||
      !lifeline_wire_get_time (object, "created_at", FALSE, &created_at, &local_error))
    {
      g_warning ("Skipping feedback the client does not understand: %s", local_error->message);
      return TRUE;
    }

  stmt = lifeline_db_prepare (db,
                              "INSERT INTO feedback (id, report_id, body, author, created_at, received_at) "
                              "VALUES (?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT (id) DO UPDATE SET body = excluded.body, author = excluded.author "
                              "WHERE body IS NOT excluded.body OR author IS NOT excluded.author",
                              error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, id);
  lifeline_db_bind_text (stmt, 2, report_id);
  lifeline_db_bind_text (stmt, 3, message);
  lifeline_db_bind_text (stmt, 4, author);
  sqlite3_bind_int64 (stmt, 5, created_at ? created_at : lifeline_time_now ());
  sqlite3_bind_int64 (stmt, 6, lifeline_time_now ());
  if (!lifeline_db_step_done (db, stmt, error))
    return FALSE;

  *n_new += sqlite3_changes (lifeline_db_get_handle (db));
  return TRUE;
}

static gboolean
apply_change (LifelineDb  *db,
              JsonObject  *change,
              PullJob     *job,
              GError     **error)
{
  const char *type = json_object_get_string_member_with_default (change, "type", "");
  const char *op = json_object_get_string_member_with_default (change, "op", "");
  const char *id = json_object_get_string_member_with_default (change, "id", NULL);
  gboolean upsert = g_strcmp0 (op, "upsert") == 0;
  gboolean delete = g_strcmp0 (op, "delete") == 0;
  JsonNode *node = json_object_get_member (change, type);
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(GError) local_error = NULL;

  if (id == NULL || (!upsert && !delete) || (upsert && object == NULL))
    {
      g_warning ("Skipping a change the client does not understand (type “%s”, op “%s”)", type, op);
      return TRUE;
    }

  if (g_strcmp0 (type, "article") == 0)
    {
      if (upsert)
        {
          g_autoptr(LifelineArticle) article = lifeline_article_new_from_json (object, &local_error);

          if (article == NULL)
            {
              g_warning ("Skipping article %s: %s", id, local_error->message);
              return TRUE;
            }
          if (!lifeline_kb_put_article (db, article, LIFELINE_ORIGIN_SERVER, error))
            return FALSE;
        }
      else if (!lifeline_kb_delete_article (db, id, &local_error) &&
               !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      job->n_kb++;
    }
  else if (g_strcmp0 (type, "script") == 0)
    {
      if (upsert)
        {
          g_autoptr(LifelineScript) script = lifeline_script_new_from_json (object, &local_error);

          if (script == NULL)
            {
              g_warning ("Skipping script %s: %s", id, local_error->message);
              return TRUE;
            }
          if (!lifeline_kb_put_script (db, script, LIFELINE_ORIGIN_SERVER, error))
            return FALSE;
        }
      else if (!lifeline_kb_delete_script (db, id, &local_error) &&
               !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      job->n_kb++;
    }
  else if (g_strcmp0 (type, "feedback") == 0)
    {
      if (upsert && !store_feedback (db, object, &job->n_feedback, error))
        return FALSE;
    }
  else
    g_debug ("Skipping a change of unknown type “%s”", type);

  return TRUE;
}

static char *
cursor_from_node (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LifelineSyncEngine *self = source_object;
  LifelineDb *db = self->pull_db;
  PullJob *job = task_data;
  g_autoptr(JsonObject) root = NULL;
  GError *error = NULL;
  JsonNode *changes;
  gsize len = 0;
  const char *data = g_bytes_get_data (job->body, &len);

  root = lifeline_wire_parse_object (data, len, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  changes = json_object_get_member (root, "changes");
  job->next = cursor_from_node (json_object_get_member (root, "next"));
  job->more = json_object_get_boolean_member_with_default (root, "more", FALSE);
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) || job->next == NULL)
    {
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                               _("The server's changes feed is not in the expected form."));
      return;
    }

  if (!lifeline_db_begin (db, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  {
    JsonArray *array = json_node_get_array (changes);
    guint n = json_array_get_length (array);

    for (guint i = 0; i < n; i++)
      {
        JsonNode *change = json_array_get_element (array, i);

        if (!JSON_NODE_HOLDS_OBJECT (change))
          continue;
        if (!apply_change (db, json_node_get_object (change), job, &error))
          goto failed;
      }
  }

  /* The cursor moves in the same transaction as the page it covers. */
  if (!lifeline_db_set_meta (db, "sync-cursor", job->next, &error) ||
      !lifeline_db_set_meta (db, "sync-server", job->url, &error) ||
      !lifeline_db_commit (db, &error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  lifeline_db_rollback (db);
  g_task_return_error (task, error);
}

static void
feedback_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  LifelineSyncEngine *self = source_object;
  LifelineDb *db = self->pull_db;
  PullJob *job = task_data;
  g_autoptr(JsonObject) root = NULL;
  GError *error = NULL;
  JsonNode *list;
  gsize len = 0;
  const char *data = g_bytes_get_data (job->body, &len);

  root = lifeline_wire_parse_object (data, len, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  list = json_object_get_member (root, "feedback");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!lifeline_db_begin (db, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (list), i);

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          !store_feedback (db, json_node_get_object (item), &job->n_feedback, &error))
        {
          lifeline_db_rollback (db);
          g_task_return_error (task, error);
          return;
        }
    }

  if (!lifeline_db_commit (db, &error))
    {
      lifeline_db_rollback (db);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
on_pull_timeout (gpointer user_data)
{
  LifelineSyncEngine *self = user_data;

  self->pull_timeout_id = 0;
  /* Other connections (follow-ups) may have queued something meanwhile. */
  lifeline_sync_engine_queue_changed (self);
  pull_step (self);
  return G_SOURCE_REMOVE;
}

static void
pull_finish (LifelineSyncEngine *self)
{
  self->pull_busy = FALSE;
  g_clear_handle_id (&self->pull_timeout_id, g_source_remove);

  if (self->pull_again)
    {
      self->pull_again = FALSE;
      pull_step (self);
      return;
    }

  if (configured (self) && !self->unauthorized && self->pull_interval_ms > 0)
    self->pull_timeout_id = g_timeout_add (self->pull_interval_ms, on_pull_timeout, self);
  update_state (self);
}

/* Returns TRUE when the response was handled as a failure. */
static gboolean
pull_failed (LifelineSyncEngine *self,
             SoupMessage        *msg,
             GBytes             *body,
             GError             *error)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  guint status;

  if (error != NULL)
    {
      g_debug ("pulling: %s", error->message);
      self->offline = TRUE;
      set_last_error (self, error->message);
      return TRUE;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_OK)
    {
      self->offline = FALSE;
      return FALSE;
    }

  parse_error_body (msg, body, &code, &message);
  set_last_error (self, message);
  self->offline = status >= 500;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    self->unauthorized = TRUE;
  else
    g_message ("Pulling changes: %u %s", status, message);
  return TRUE;
}

static void
feedback_applied (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LifelineSyncEngine *self = LIFELINE_SYNC_ENGINE (object);
  PullJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (self->disposed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not store coaching: %s", error->message);
  else if (job->n_feedback > 0)
    g_signal_emit (self, signals[FEEDBACK_RECEIVED], 0, job->n_feedback);

  pull_finish (self);
}

/* A pull answer that no longer matters: the engine is going away, or the
 * server changed (a newer generation) or the pull was cancelled; then the job
 * is freed and, unless disposed, the next pull step runs. */
static gboolean
pull_job_dropped (LifelineSyncEngine *self,
                  PullJob            *job,
                  const GError       *error)
{
  if (self->disposed)
    {
      pull_job_free (job);
      return TRUE;
    }
  if (job->generation != self->generation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      pull_job_free (job);
      self->pull_busy = FALSE;
      pull_step (self);
      return TRUE;
    }
  return FALSE;
}

static void
receipts_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PullJob *job = user_data;
  g_autoptr(LifelineSyncEngine) self = g_steal_pointer (&job->engine);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&job->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) task = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (pull_job_dropped (self, job, error))
    return;
  if (pull_failed (self, msg, body, error))
    {
      pull_job_free (job);
      pull_finish (self);
      return;
    }

  g_clear_pointer (&job->body, g_bytes_unref);
  job->body = g_bytes_ref (body);
  task = g_task_new (self, NULL, feedback_applied, NULL);
  g_task_set_source_tag (task, receipts_done);
  g_task_set_task_data (task, job, (GDestroyNotify)pull_job_free);
  g_task_run_in_thread (task, feedback_thread);
}

/* Coaching on confidential reports comes only through their receipts. */
static void
pull_receipts (LifelineSyncEngine *self)
{
  g_auto(GStrv) receipts = lifeline_reports_list_receipts (self->db, MAX_RECEIPTS, NULL);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;
  SoupMessage *msg;
  PullJob *job;

  if (receipts == NULL || receipts[0] == NULL)
    {
      pull_finish (self);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  lifeline_wire_add_strv (builder, "receipts", (const char * const *)receipts);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  body = lifeline_wire_to_string (node, FALSE);

  url = g_strdup_printf ("%s/api/v1/receipts/feedback", self->url);
  msg = new_message (self, SOUP_METHOD_POST, url, self->token, body);
  if (msg == NULL)
    {
      pull_finish (self);
      return;
    }

  job = g_new0 (PullJob, 1);
  job->generation = self->generation;
  job->msg = msg;
  job->engine = g_object_ref (self);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_LOW, self->cancellable,
                                    receipts_done, job);
}

static void
page_applied (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LifelineSyncEngine *self = LIFELINE_SYNC_ENGINE (object);
  PullJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (self->disposed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not apply the server's changes: %s", error->message);
      set_last_error (self, error->message);
      pull_finish (self);
      return;
    }

  g_debug ("pulled up to %s (%u knowledge-base changes, %u feedback, more: %d)",
           job->next, job->n_kb, job->n_feedback, job->more);
  if (job->n_kb > 0)
    g_signal_emit (self, signals[CHANGES_APPLIED], 0, job->n_kb);
  if (job->n_feedback > 0)
    g_signal_emit (self, signals[FEEDBACK_RECEIVED], 0, job->n_feedback);

  if (job->generation != self->generation)
    {
      self->pull_busy = FALSE;
      pull_step (self);
      return;
    }

  if (job->more)
    {
      self->pull_busy = FALSE;
      pull_step (self);
      return;
    }

  pull_receipts (self);
}

static void
reset_cursor (LifelineSyncEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (!lifeline_db_set_meta (self->db, "sync-cursor", "0", &error))
    g_warning ("Could not reset the changes cursor: %s", error->message);
}

static void
changes_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PullJob *job = user_data;
  g_autoptr(LifelineSyncEngine) self = g_steal_pointer (&job->engine);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&job->msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) task = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (pull_job_dropped (self, job, error))
    return;

  if (error == NULL && soup_message_get_status (msg) == SOUP_STATUS_GONE)
    {
      /* cursor_expired: the server's database was replaced; upserts overwrite. */
      g_message ("The server no longer knows this client's place in its changes; pulling from the start");
      reset_cursor (self);
      pull_job_free (job);
      self->pull_busy = FALSE;
      pull_step (self);
      return;
    }

  if (pull_failed (self, msg, body, error))
    {
      pull_job_free (job);
      pull_finish (self);
      update_state (self);
      if (self->unauthorized)
        push_step (self);
      return;
    }

  job->body = g_bytes_ref (body);
  task = g_task_new (self, NULL, page_applied, NULL);
  g_task_set_source_tag (task, changes_done);
  g_task_set_task_data (task, job, (GDestroyNotify)pull_job_free);
  g_task_run_in_thread (task, apply_thread);
}

static void
pull_step (LifelineSyncEngine *self)
{
  g_autofree char *server = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *url = NULL;
  SoupMessage *msg;
  PullJob *job;

  if (!configured (self) || self->unauthorized)
    {
      update_state (self);
      return;
    }
  if (self->pull_busy)
    {
      self->pull_again = TRUE;
      return;
    }

  g_clear_handle_id (&self->pull_timeout_id, g_source_remove);

  /* A cursor belongs to the server that gave it. */
  server = lifeline_db_get_meta (self->db, "sync-server");
  if (g_strcmp0 (server, self->url) == 0)
    cursor = lifeline_db_get_meta (self->db, "sync-cursor");
  if (cursor == NULL || *cursor == '\0')
    {
      g_free (cursor);
      cursor = g_strdup ("0");
    }

  {
    g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
    url = g_strdup_printf ("%s/api/v1/changes?since=%s&limit=%d", self->url, escaped, CHANGES_PAGE_SIZE);
  }

  msg = new_message (self, SOUP_METHOD_GET, url, self->token, NULL);
  if (msg == NULL)
    {
      set_last_error (self, _("The server address is not a valid URL."));
      return;
    }

  self->pull_busy = TRUE;
  job = g_new0 (PullJob, 1);
  job->generation = self->generation;
  job->url = g_strdup (self->url);
  job->msg = msg;
  job->engine = g_object_ref (self);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_LOW, self->cancellable,
                                    changes_done, job);
  update_state (self);
}

/* Public API */

static void
recount (LifelineSyncEngine *self)
{
  set_counts (self, lifeline_outbox_count (self->db), lifeline_outbox_count_rejected (self->db));
}

void
lifeline_sync_engine_queue_changed (LifelineSyncEngine *self)
{
  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (self));

  recount (self);
  push_step (self);
  update_state (self);
}

void
lifeline_sync_engine_sync_now (LifelineSyncEngine *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (self));

  if (!lifeline_outbox_retry_now (self->db, now_ms (), &error))
    g_warning ("Could not reschedule the outbox: %s", error->message);

  self->unauthorized = FALSE;
  recount (self);
  push_step (self);
  pull_step (self);
  update_state (self);
}

void
lifeline_sync_engine_set_server (LifelineSyncEngine *self,
                                 const char         *url,
                                 const char         *token)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (self));

  if (url != NULL && *url != '\0')
    {
      g_autoptr(GError) error = NULL;

      normalized = lifeline_sync_normalize_url (url, &error);
      if (normalized == NULL)
        g_warning ("Working standalone: %s", error->message);
    }

  if (g_strcmp0 (normalized, self->url) == 0 &&
      g_strcmp0 ((token && *token) ? token : NULL, self->token) == 0)
    {
      /* The same token saved again: worth one more try. */
      if (self->unauthorized)
        lifeline_sync_engine_sync_now (self);
      return;
    }

  /* Whatever is in flight belongs to the old settings. */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->push_timeout_id, g_source_remove);
  g_clear_handle_id (&self->pull_timeout_id, g_source_remove);

  g_free (self->url);
  self->url = g_steal_pointer (&normalized);
  g_free (self->token);
  self->token = (token && *token) ? g_strdup (token) : NULL;
  self->unauthorized = FALSE;
  self->offline = FALSE;
  self->pull_again = FALSE;
  set_last_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);

  recount (self);
  if (self->url != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* New settings, a fresh start for everything waiting. */
      if (!lifeline_outbox_retry_now (self->db, now_ms (), &error))
        g_warning ("Could not reschedule the outbox: %s", error->message);
      push_step (self);
      pull_step (self);
    }
  update_state (self);
}

const char *
lifeline_sync_engine_get_server_url (LifelineSyncEngine *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (self), NULL);
  return self->url;
}

LifelineDb *
lifeline_sync_engine_get_db (LifelineSyncEngine *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (self), NULL);
  return self->db;
}

LifelineSyncState
lifeline_sync_engine_get_state (LifelineSyncEngine *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (self), LIFELINE_SYNC_STANDALONE);
  return self->state;
}

guint
lifeline_sync_engine_get_pending (LifelineSyncEngine *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

guint
lifeline_sync_engine_get_rejected (LifelineSyncEngine *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (self), 0);
  return self->rejected;
}

const char *
lifeline_sync_engine_get_last_error (LifelineSyncEngine *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

gboolean
lifeline_sync_engine_get_busy (LifelineSyncEngine *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (self), FALSE);
  return self->push_busy || self->pull_busy;
}

void
lifeline_sync_engine_set_backoff (LifelineSyncEngine *self,
                                  gint64              base_ms,
                                  gint64              cap_ms)
{
  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (self));
  g_return_if_fail (base_ms > 0 && cap_ms >= base_ms);

  self->backoff.base_ms = base_ms;
  self->backoff.cap_ms = cap_ms;
}

void
lifeline_sync_engine_set_pull_interval (LifelineSyncEngine *self,
                                        guint               interval_ms)
{
  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (self));

  self->pull_interval_ms = interval_ms;
  if (self->pull_timeout_id != 0)
    {
      g_clear_handle_id (&self->pull_timeout_id, g_source_remove);
      if (interval_ms > 0)
        self->pull_timeout_id = g_timeout_add (interval_ms, on_pull_timeout, self);
    }
}

void
lifeline_sync_engine_get_counts (LifelineSyncEngine *self,
                                 guint              *created,
                                 guint              *repeated)
{
  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (self));

  if (created != NULL)
    *created = self->created;
  if (repeated != NULL)
    *repeated = self->repeated;
}

char *
lifeline_sync_normalize_url (const char  *url,
                             GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (url ? url : ""));
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize len;

  if (*text == '\0')
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("Enter the address of your team’s Lifeline server."));
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("“%s” is not a server address. It should look like https://lifeline.example.com"),
                   text);
      return NULL;
    }

  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';
  return g_steal_pointer (&text);
}

/* Test connection */

typedef struct
{
  char *name;
  char *role;
} Me;

static void
me_free (Me *me)
{
  g_free (me->name);
  g_free (me->role);
  g_free (me);
}

static void
me_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) root = NULL;
  guint status;
  Me *me;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                               _("Could not reach the server: %s"), error->message);
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                               _("The server did not accept this token. Paste a new one from your team lead."));
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;

      parse_error_body (msg, body, &code, &message);
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_INVALID, "%s", message);
      return;
    }

  root = lifeline_wire_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  me = g_new0 (Me, 1);
  if (root == NULL ||
      !lifeline_wire_get_string (root, "name", TRUE, &me->name, NULL) ||
      !lifeline_wire_get_string (root, "role", TRUE, &me->role, NULL))
    {
      me_free (me);
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                               _("This address answers, but not like a Lifeline server."));
      return;
    }

  g_task_return_pointer (task, me, (GDestroyNotify)me_free);
}

void
lifeline_sync_engine_test_connection_async (LifelineSyncEngine  *self,
                                            const char          *url,
                                            const char          *token,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *me_url = NULL;
  SoupMessage *msg;

  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lifeline_sync_engine_test_connection_async);

  base = lifeline_sync_normalize_url (url, &error);
  if (base == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (token == NULL || *token == '\0')
    {
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                               _("Paste the token your team lead gave you."));
      return;
    }

  me_url = g_strdup_printf ("%s/api/v1/me", base);
  msg = new_message (self, SOUP_METHOD_GET, me_url, token, NULL);
  if (msg == NULL)
    {
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                               _("The server address is not a valid URL."));
      return;
    }

  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    me_done, g_object_ref (task));
}

gboolean
lifeline_sync_engine_test_connection_finish (LifelineSyncEngine  *self,
                                             GAsyncResult        *result,
                                             char               **name,
                                             char               **role,
                                             GError             **error)
{
  Me *me;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  me = g_task_propagate_pointer (G_TASK (result), error);
  if (me == NULL)
    return FALSE;

  if (name != NULL)
    *name = g_steal_pointer (&me->name);
  if (role != NULL)
    *role = g_steal_pointer (&me->role);
  me_free (me);
  return TRUE;
}

/* GObject */

static void
on_network_changed (GNetworkMonitor    *monitor,
                    gboolean            available,
                    LifelineSyncEngine *self)
{
  if (available && configured (self) && (self->offline || self->pending > 0))
    {
      g_debug ("the network is back: retrying now");
      lifeline_sync_engine_sync_now (self);
    }
}

static void
lifeline_sync_engine_dispose (GObject *object)
{
  LifelineSyncEngine *self = (LifelineSyncEngine *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->push_timeout_id, g_source_remove);
  g_clear_handle_id (&self->pull_timeout_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, on_network_changed, self);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (lifeline_sync_engine_parent_class)->dispose (object);
}

static void
lifeline_sync_engine_finalize (GObject *object)
{
  LifelineSyncEngine *self = (LifelineSyncEngine *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_clear_object (&self->push_db);
  g_clear_object (&self->pull_db);
  g_free (self->url);
  g_free (self->token);
  g_free (self->last_error);

  G_OBJECT_CLASS (lifeline_sync_engine_parent_class)->finalize (object);
}

static void
lifeline_sync_engine_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LifelineSyncEngine *self = LIFELINE_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;

    case PROP_REJECTED:
      g_value_set_uint (value, self->rejected);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, lifeline_sync_engine_get_busy (self));
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_SERVER_URL:
      g_value_set_string (value, self->url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lifeline_sync_engine_class_init (LifelineSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lifeline_sync_engine_dispose;
  object_class->finalize = lifeline_sync_engine_finalize;
  object_class->get_property = lifeline_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LIFELINE_TYPE_SYNC_STATE, LIFELINE_SYNC_STANDALONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REJECTED] =
    g_param_spec_uint ("rejected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A report was acknowledged (its receipt) or refused. */
  signals[REPORT_UPDATED] =
    g_signal_new ("report-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Articles or scripts came from the server. */
  signals[CHANGES_APPLIED] =
    g_signal_new ("changes-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* New coaching on the agent's reports. */
  signals[FEEDBACK_RECEIVED] =
    g_signal_new ("feedback-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
lifeline_sync_engine_init (LifelineSyncEngine *self)
{
  self->state = LIFELINE_SYNC_STANDALONE;
  self->pull_interval_ms = DEFAULT_PULL_INTERVAL_MS;
  self->cancellable = g_cancellable_new ();
  lifeline_backoff_init (&self->backoff);
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Lifeline/" PACKAGE_VERSION " ",
                                                 NULL);
}

LifelineSyncEngine *
lifeline_sync_engine_new (const char  *db_path,
                          GError     **error)
{
  g_autoptr(LifelineSyncEngine) self = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (LIFELINE_TYPE_SYNC_ENGINE, NULL);

  self->db = lifeline_db_open (db_path, lifeline_client_schema (), LIFELINE_DB_DURABLE, error);
  if (self->db == NULL)
    return NULL;
  self->push_db = lifeline_db_open (db_path, lifeline_client_schema (), LIFELINE_DB_DURABLE, error);
  if (self->push_db == NULL)
    return NULL;
  self->pull_db = lifeline_db_open (db_path, lifeline_client_schema (), LIFELINE_DB_DURABLE, error);
  if (self->pull_db == NULL)
    return NULL;

  /* A report held for its details by an earlier run goes out now. */
  {
    g_autoptr(GError) local_error = NULL;

    if (!lifeline_outbox_release_holds (self->db, &local_error))
      g_warning ("%s", local_error->message);
  }

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (on_network_changed), self);

  recount (self);
  update_state (self);
  return g_steal_pointer (&self);
}
