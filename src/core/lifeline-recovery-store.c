/* lifeline-recovery-store.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One worker thread (a GThreadPool of one) runs the jobs in the order they
 * were made, so a note saved as the agent types is never overtaken by an
 * older one; the connection is guarded by a mutex as well, for the one
 * synchronous save a closing window needs.
 */

#define G_LOG_DOMAIN "lifeline-recovery"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-client-schema.h"
#include "lifeline-error.h"
#include "lifeline-kb-store.h"
#include "lifeline-recovery-store.h"
#include "lifeline-wire.h"

/* An unfinished session older than this is not resumed: it was another call. */
#define RESUME_SECONDS (2 * 60 * 60)

struct _LifelineRecoveryStore
{
  GObject       parent_instance;

  char         *db_path;
  LifelineDb   *db;            /* guarded by mutex */
  GMutex        mutex;
  GThreadPool  *pool;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (LifelineRecoveryStore, lifeline_recovery_store, G_TYPE_OBJECT)

enum {
  FOLLOWUPS_CHANGED,
  SESSION_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef void (*JobFunc) (LifelineRecoveryStore *self,
                         LifelineDb            *db,
                         GTask                 *task);

typedef struct
{
  JobFunc                  func;
  char                    *id;
  char                    *report_id;
  int                      number;
  LifelineRecoverySession *session;
  LifelineFollowup        *followup;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->id);
  g_free (job->report_id);
  g_clear_object (&job->session);
  g_clear_object (&job->followup);
  g_free (job);
}

static LifelineDb *
ensure_db (LifelineRecoveryStore  *self,
           GError                **error)
{
  if (self->db == NULL)
    self->db = lifeline_db_open (self->db_path, lifeline_client_schema (),
                                 LIFELINE_DB_DURABLE, error);
  return self->db;
}

static void
worker (gpointer data,
        gpointer user_data)
{
  GTask *task = data;
  LifelineRecoveryStore *self = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  LifelineDb *db;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_mutex_lock (&self->mutex);
  db = ensure_db (self, &error);
  if (db != NULL)
    job->func (self, db, task);
  else
    g_task_return_error (task, error);
  g_mutex_unlock (&self->mutex);

  g_object_unref (task);
}

static GTask *
job_new (LifelineRecoveryStore *self,
         JobFunc                func,
         gpointer               source_tag,
         GCancellable          *cancellable,
         GAsyncReadyCallback    callback,
         gpointer               user_data,
         Job                  **out_job)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->func = func;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, job_free);
  *out_job = job;
  return task;
}

static void
job_push (LifelineRecoveryStore *self,
          GTask                 *task)
{
  g_thread_pool_push (self->pool, task, NULL);
}

static gboolean
emit_followups_changed (gpointer data)
{
  g_signal_emit (data, signals[FOLLOWUPS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  LifelineRecoveryStore *self;
  char                  *session_id;
  char                  *report_id;
} Finished;

static gboolean
emit_session_finished (gpointer data)
{
  Finished *finished = data;

  g_signal_emit (finished->self, signals[SESSION_FINISHED], 0,
                 finished->session_id, finished->report_id);
  return G_SOURCE_REMOVE;
}

static void
finished_free (gpointer data)
{
  Finished *finished = data;

  g_object_unref (finished->self);
  g_free (finished->session_id);
  g_free (finished->report_id);
  g_free (finished);
}

static void
lifeline_recovery_store_finalize (GObject *object)
{
  LifelineRecoveryStore *self = (LifelineRecoveryStore *)object;

  /* Every task holds a reference, so no job is waiting; the last reference
   * may be dropped on the worker itself, so do not wait for it. */
  g_thread_pool_free (self->pool, FALSE, FALSE);
  g_clear_object (&self->db);
  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->db_path);

  G_OBJECT_CLASS (lifeline_recovery_store_parent_class)->finalize (object);
}

static void
lifeline_recovery_store_class_init (LifelineRecoveryStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lifeline_recovery_store_finalize;

  signals[FOLLOWUPS_CHANGED] =
    g_signal_new ("followups-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SESSION_FINISHED] =
    g_signal_new ("session-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
lifeline_recovery_store_init (LifelineRecoveryStore *self)
{
  g_mutex_init (&self->mutex);
  self->pool = g_thread_pool_new (worker, self, 1, FALSE, NULL);
  self->context = g_main_context_ref_thread_default ();
}

LifelineRecoveryStore *
lifeline_recovery_store_new (const char *db_path)
{
  LifelineRecoveryStore *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (LIFELINE_TYPE_RECOVERY_STORE, NULL);
  self->db_path = g_strdup (db_path);
  return self;
}

const char *
lifeline_recovery_store_get_db_path (LifelineRecoveryStore *self)
{
  g_return_val_if_fail (LIFELINE_IS_RECOVERY_STORE (self), NULL);
  return self->db_path;
}

static void
notify_followups_changed (LifelineRecoveryStore *self)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_followups_changed,
                              g_object_ref (self), g_object_unref);
}

/* Scripts */

static void
list_scripts_job (LifelineRecoveryStore *self,
                  LifelineDb            *db,
                  GTask                 *task)
{
  GError *error = NULL;
  GPtrArray *scripts = lifeline_kb_list_scripts (db, &error);

  if (scripts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, scripts, (GDestroyNotify)g_ptr_array_unref);
}

void
lifeline_recovery_store_list_scripts_async (LifelineRecoveryStore *self,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (LIFELINE_IS_RECOVERY_STORE (self));

  task = job_new (self, list_scripts_job, lifeline_recovery_store_list_scripts_async,
                  cancellable, callback, user_data, &job);
  job_push (self, task);
}

GPtrArray *
lifeline_recovery_store_list_scripts_finish (LifelineRecoveryStore  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sessions */

typedef struct
{
  LifelineScript          *script;
  LifelineRecoverySession *session;
} Begun;

static void
begun_free (gpointer data)
{
  Begun *begun = data;

  g_clear_object (&begun->script);
  g_clear_object (&begun->session);
  g_free (begun);
}

static void
begin_job (LifelineRecoveryStore *self,
           LifelineDb            *db,
           GTask                 *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(LifelineScript) script = NULL;
  g_autoptr(LifelineRecoverySession) session = NULL;
  GError *error = NULL;
  Begun *begun;

  script = lifeline_kb_get_script (db, job->id, &error);
  if (script == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  session = lifeline_recovery_session_find_open (db, job->id, job->report_id,
                                                 lifeline_time_now () - RESUME_SECONDS, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (session == NULL)
    {
      session = lifeline_recovery_session_new (job->id, job->report_id);
      if (!lifeline_recovery_session_save (db, session, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  session->step = MIN (session->step, script->steps->len - 1);

  begun = g_new0 (Begun, 1);
  begun->script = g_steal_pointer (&script);
  begun->session = g_steal_pointer (&session);
  g_task_return_pointer (task, begun, begun_free);
}

void
lifeline_recovery_store_begin_async (LifelineRecoveryStore *self,
                                     const char            *script_id,
                                     const char            *report_id,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (LIFELINE_IS_RECOVERY_STORE (self));
  g_return_if_fail (script_id != NULL);

  task = job_new (self, begin_job, lifeline_recovery_store_begin_async,
                  cancellable, callback, user_data, &job);
  job->id = g_strdup (script_id);
  job->report_id = (report_id && *report_id) ? g_strdup (report_id) : NULL;
  job_push (self, task);
}

LifelineRecoverySession *
lifeline_recovery_store_begin_finish (LifelineRecoveryStore  *self,
                                      GAsyncResult           *result,
                                      LifelineScript        **script,
                                      GError                **error)
{
  Begun *begun;
  LifelineRecoverySession *session;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  begun = g_task_propagate_pointer (G_TASK (result), error);
  if (begun == NULL)
    return NULL;

  if (script != NULL)
    *script = g_steal_pointer (&begun->script);
  session = g_steal_pointer (&begun->session);
  begun_free (begun);
  return session;
}

static void
after_save (LifelineRecoveryStore   *self,
            LifelineRecoverySession *session)
{
  Finished *finished;

  if (session->finished_at == 0)
    return;

  finished = g_new0 (Finished, 1);
  finished->self = g_object_ref (self);
  finished->session_id = g_strdup (session->id);
  finished->report_id = g_strdup (session->report_id);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_session_finished,
                              finished, finished_free);
}

static void
save_session_job (LifelineRecoveryStore *self,
                  LifelineDb            *db,
                  GTask                 *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!lifeline_recovery_session_save (db, job->session, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  after_save (self, job->session);
  g_task_return_boolean (task, TRUE);
}

void
lifeline_recovery_store_save_session_async (LifelineRecoveryStore   *self,
                                            LifelineRecoverySession *session,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (LIFELINE_IS_RECOVERY_STORE (self));
  g_return_if_fail (LIFELINE_IS_RECOVERY_SESSION (session));

  task = job_new (self, save_session_job, lifeline_recovery_store_save_session_async,
                  cancellable, callback, user_data, &job);
  job->session = lifeline_recovery_session_copy (session);
  job_push (self, task);
}

gboolean
lifeline_recovery_store_save_session_finish (LifelineRecoveryStore  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
lifeline_recovery_store_save_session_sync (LifelineRecoveryStore    *self,
                                           LifelineRecoverySession  *session,
                                           GError                  **error)
{
  LifelineDb *db;
  gboolean ret = FALSE;

  g_return_val_if_fail (LIFELINE_IS_RECOVERY_STORE (self), FALSE);
  g_return_val_if_fail (LIFELINE_IS_RECOVERY_SESSION (session), FALSE);

  g_mutex_lock (&self->mutex);
  db = ensure_db (self, error);
  if (db != NULL)
    ret = lifeline_recovery_session_save (db, session, error);
  g_mutex_unlock (&self->mutex);

  if (ret)
    after_save (self, session);
  return ret;
}

/* Follow-ups */

static void
list_followups_job (LifelineRecoveryStore *self,
                    LifelineDb            *db,
                    GTask                 *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *followups;

  followups = lifeline_followups_list (db, job->number, lifeline_time_now (), &error);
  if (followups == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, followups, (GDestroyNotify)g_ptr_array_unref);
}

void
lifeline_recovery_store_list_followups_async (LifelineRecoveryStore   *self,
                                              LifelineFollowupsFilter  filter,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (LIFELINE_IS_RECOVERY_STORE (self));

  task = job_new (self, list_followups_job, lifeline_recovery_store_list_followups_async,
                  cancellable, callback, user_data, &job);
  job->number = filter;
  job_push (self, task);
}

GPtrArray *
lifeline_recovery_store_list_followups_finish (LifelineRecoveryStore  *self,
                                               GAsyncResult           *result,
                                               GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_followup_job (LifelineRecoveryStore *self,
                  LifelineDb            *db,
                  GTask                 *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!lifeline_followups_add (db, job->followup, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  notify_followups_changed (self);
  g_task_return_boolean (task, TRUE);
}

void
lifeline_recovery_store_add_followup_async (LifelineRecoveryStore *self,
                                            LifelineFollowup      *followup,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (LIFELINE_IS_RECOVERY_STORE (self));
  g_return_if_fail (LIFELINE_IS_FOLLOWUP (followup));

  /* The id and times are set here, on the caller's object, before the
   * worker sees it; afterwards the worker only reads it. */
  if (followup->id == NULL)
    followup->id = g_uuid_string_random ();
  if (followup->created_at == 0)
    followup->created_at = lifeline_time_now ();

  task = job_new (self, add_followup_job, lifeline_recovery_store_add_followup_async,
                  cancellable, callback, user_data, &job);
  job->followup = g_object_ref (followup);
  job_push (self, task);
}

gboolean
lifeline_recovery_store_add_followup_finish (LifelineRecoveryStore  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
set_done_job (LifelineRecoveryStore *self,
              LifelineDb            *db,
              GTask                 *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!lifeline_followups_set_done (db, job->id, job->number ? lifeline_time_now () : 0, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  notify_followups_changed (self);
  g_task_return_boolean (task, TRUE);
}

void
lifeline_recovery_store_set_done_async (LifelineRecoveryStore *self,
                                        const char            *followup_id,
                                        gboolean               done,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (LIFELINE_IS_RECOVERY_STORE (self));
  g_return_if_fail (followup_id != NULL);

  task = job_new (self, set_done_job, lifeline_recovery_store_set_done_async,
                  cancellable, callback, user_data, &job);
  job->id = g_strdup (followup_id);
  job->number = !!done;
  job_push (self, task);
}

gboolean
lifeline_recovery_store_set_done_finish (LifelineRecoveryStore  *self,
                                         GAsyncResult           *result,
                                         GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
set_notified_job (LifelineRecoveryStore *self,
                  LifelineDb            *db,
                  GTask                 *task)
{
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!lifeline_followups_set_notified (db, job->id, job->number, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
lifeline_recovery_store_set_notified_async (LifelineRecoveryStore *self,
                                            const char            *followup_id,
                                            LifelineNoticeKind     kind,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  Job *job;
  GTask *task;

  g_return_if_fail (LIFELINE_IS_RECOVERY_STORE (self));
  g_return_if_fail (followup_id != NULL);

  task = job_new (self, set_notified_job, lifeline_recovery_store_set_notified_async,
                  cancellable, callback, user_data, &job);
  job->id = g_strdup (followup_id);
  job->number = kind;
  job_push (self, task);
}

gboolean
lifeline_recovery_store_set_notified_finish (LifelineRecoveryStore  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
