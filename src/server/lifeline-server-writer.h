/* lifeline-server-writer.h — one writer thread that commits requests in groups
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-server-store.h"

G_BEGIN_DECLS

/* Runs in the writer thread, inside a transaction and its own savepoint:
 * returning FALSE rolls back this job's writes only. */
typedef gboolean (*LifelineWriteFunc) (LifelineServerStore  *store,
                                       gpointer              job,
                                       GError              **error);

#define LIFELINE_TYPE_SERVER_WRITER (lifeline_server_writer_get_type ())

G_DECLARE_FINAL_TYPE (LifelineServerWriter, lifeline_server_writer, LIFELINE, SERVER_WRITER, GObject)

/* Takes over @store: only the writer thread uses it from now on. */
LifelineServerWriter *lifeline_server_writer_new        (LifelineServerStore   *store);
/* Queues @func; the callback runs on the caller's main context once the
 * transaction holding it is durably committed (or failed). Jobs queued while
 * one commit is running share the next commit: one fsync for many requests. */
void                  lifeline_server_writer_run_async  (LifelineServerWriter  *self,
                                                         LifelineWriteFunc      func,
                                                         gpointer               job,
                                                         GAsyncReadyCallback    callback,
                                                         gpointer               user_data);
gboolean              lifeline_server_writer_run_finish (LifelineServerWriter  *self,
                                                         GAsyncResult          *result,
                                                         GError               **error);
/* Finishes the queued jobs and joins the thread. */
void                  lifeline_server_writer_stop       (LifelineServerWriter  *self);

G_END_DECLS
