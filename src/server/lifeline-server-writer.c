/* lifeline-server-writer.c — group commit on a writer thread
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server-writer"

#include "config.h"

#include "lifeline-server-writer.h"

/* How many queued jobs one transaction takes at most. */
#define MAX_BATCH 256

struct _LifelineServerWriter
{
  GObject              parent_instance;
  LifelineServerStore *store;
  GAsyncQueue         *queue;    /* of GTask; the writer itself is the stop marker */
  GThread             *thread;
};

G_DEFINE_FINAL_TYPE (LifelineServerWriter, lifeline_server_writer, G_TYPE_OBJECT)

typedef struct
{
  LifelineWriteFunc func;
  gpointer          job;
} Work;

static void
run_batch (LifelineServerWriter *self,
           GPtrArray            *tasks)
{
  g_autoptr(GError) commit_error = NULL;
  g_autofree GError **errors = g_new0 (GError *, tasks->len);

  if (lifeline_server_store_begin (self->store, &commit_error))
    {
      for (guint i = 0; i < tasks->len; i++)
        {
          Work *work = g_task_get_task_data (tasks->pdata[i]);
          gboolean ok;

          if (!lifeline_server_store_savepoint (self->store, &errors[i]))
            continue;
          ok = work->func (self->store, work->job, &errors[i]);
          lifeline_server_store_release (self->store, ok);
          if (!ok && errors[i] == NULL)
            g_set_error_literal (&errors[i], G_IO_ERROR, G_IO_ERROR_FAILED, "write failed");
        }

      if (!lifeline_server_store_commit (self->store, &commit_error))
        lifeline_server_store_rollback (self->store);
    }

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = tasks->pdata[i];

      if (commit_error != NULL)
        {
          g_clear_error (&errors[i]);
          g_task_return_error (task, g_error_copy (commit_error));
        }
      else if (errors[i] != NULL)
        g_task_return_error (task, g_steal_pointer (&errors[i]));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static gpointer
writer_thread (gpointer data)
{
  LifelineServerWriter *self = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
      gpointer item = g_async_queue_pop (self->queue);

      for (;;)
        {
          if (item == (gpointer)self)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (tasks, item);
          if (tasks->len >= MAX_BATCH)
            break;
          item = g_async_queue_try_pop (self->queue);
          if (item == NULL)
            break;
        }

      if (tasks->len > 0)
        run_batch (self, tasks);
    }

  return NULL;
}

void
lifeline_server_writer_stop (LifelineServerWriter *self)
{
  g_return_if_fail (LIFELINE_IS_SERVER_WRITER (self));

  if (self->thread == NULL)
    return;
  g_async_queue_push (self->queue, self);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
lifeline_server_writer_dispose (GObject *object)
{
  LifelineServerWriter *self = (LifelineServerWriter *)object;

  lifeline_server_writer_stop (self);

  G_OBJECT_CLASS (lifeline_server_writer_parent_class)->dispose (object);
}

static void
lifeline_server_writer_finalize (GObject *object)
{
  LifelineServerWriter *self = (LifelineServerWriter *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->queue, g_async_queue_unref);

  G_OBJECT_CLASS (lifeline_server_writer_parent_class)->finalize (object);
}

static void
lifeline_server_writer_class_init (LifelineServerWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lifeline_server_writer_dispose;
  object_class->finalize = lifeline_server_writer_finalize;
}

static void
lifeline_server_writer_init (LifelineServerWriter *self)
{
  self->queue = g_async_queue_new ();
}

LifelineServerWriter *
lifeline_server_writer_new (LifelineServerStore *store)
{
  LifelineServerWriter *self;

  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (store), NULL);

  self = g_object_new (LIFELINE_TYPE_SERVER_WRITER, NULL);
  self->store = g_object_ref (store);
  self->thread = g_thread_new ("lifeline-writer", writer_thread, self);
  return self;
}

void
lifeline_server_writer_run_async (LifelineServerWriter *self,
                                  LifelineWriteFunc     func,
                                  gpointer              job,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  GTask *task;
  Work *work;

  g_return_if_fail (LIFELINE_IS_SERVER_WRITER (self));
  g_return_if_fail (self->thread != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, lifeline_server_writer_run_async);
  work = g_new0 (Work, 1);
  work->func = func;
  work->job = job;
  g_task_set_task_data (task, work, g_free);
  g_async_queue_push (self->queue, task);
}

gboolean
lifeline_server_writer_run_finish (LifelineServerWriter  *self,
                                   GAsyncResult          *result,
                                   GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
