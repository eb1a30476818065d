/* lifeline-recovery-store.h — scripts, recovery sessions and follow-ups, off the main loop
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-db.h"
#include "lifeline-followup.h"
#include "lifeline-followups.h"
#include "lifeline-recovery-session.h"
#include "lifeline-script.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_RECOVERY_STORE (lifeline_recovery_store_get_type ())

G_DECLARE_FINAL_TYPE (LifelineRecoveryStore, lifeline_recovery_store, LIFELINE, RECOVERY_STORE, GObject)

/* Owns one connection to the client database at @db_path, opened on first
 * use. Every call runs on one worker thread, in the order it was made; the
 * results and the signals ("followups-changed", "session-finished (session
 * id, report id or NULL)") arrive in the thread-default main context of the
 * creator. */
LifelineRecoveryStore   *lifeline_recovery_store_new                 (const char               *db_path);
const char              *lifeline_recovery_store_get_db_path         (LifelineRecoveryStore    *self);

void                     lifeline_recovery_store_list_scripts_async  (LifelineRecoveryStore    *self,
                                                                      GCancellable             *cancellable,
                                                                      GAsyncReadyCallback       callback,
                                                                      gpointer                  user_data);
GPtrArray               *lifeline_recovery_store_list_scripts_finish (LifelineRecoveryStore    *self,
                                                                      GAsyncResult             *result,
                                                                      GError                  **error);

/* Loads the script and the session to walk it with: the agent's unfinished
 * one from the last few hours (for the same report), or a new one. */
void                     lifeline_recovery_store_begin_async         (LifelineRecoveryStore    *self,
                                                                      const char               *script_id,
                                                                      const char               *report_id,
                                                                      GCancellable             *cancellable,
                                                                      GAsyncReadyCallback       callback,
                                                                      gpointer                  user_data);
LifelineRecoverySession *lifeline_recovery_store_begin_finish        (LifelineRecoveryStore    *self,
                                                                      GAsyncResult             *result,
                                                                      LifelineScript          **script,
                                                                      GError                  **error);

/* Saves a snapshot of @session (copied at once). A session saved with
 * finished_at set emits "session-finished". */
void                     lifeline_recovery_store_save_session_async  (LifelineRecoveryStore    *self,
                                                                      LifelineRecoverySession  *session,
                                                                      GCancellable             *cancellable,
                                                                      GAsyncReadyCallback       callback,
                                                                      gpointer                  user_data);
gboolean                 lifeline_recovery_store_save_session_finish (LifelineRecoveryStore    *self,
                                                                      GAsyncResult             *result,
                                                                      GError                  **error);
/* For closing windows: waits for the worker, then writes. */
gboolean                 lifeline_recovery_store_save_session_sync   (LifelineRecoveryStore    *self,
                                                                      LifelineRecoverySession  *session,
                                                                      GError                  **error);

void                     lifeline_recovery_store_list_followups_async  (LifelineRecoveryStore   *self,
                                                                        LifelineFollowupsFilter  filter,
                                                                        GCancellable            *cancellable,
                                                                        GAsyncReadyCallback      callback,
                                                                        gpointer                 user_data);
GPtrArray               *lifeline_recovery_store_list_followups_finish (LifelineRecoveryStore   *self,
                                                                        GAsyncResult            *result,
                                                                        GError                 **error);
void                     lifeline_recovery_store_add_followup_async    (LifelineRecoveryStore   *self,
                                                                        LifelineFollowup        *followup,
                                                                        GCancellable            *cancellable,
                                                                        GAsyncReadyCallback      callback,
                                                                        gpointer                 user_data);
gboolean                 lifeline_recovery_store_add_followup_finish   (LifelineRecoveryStore   *self,
                                                                        GAsyncResult            *result,
                                                                        GError                 **error);
/* @done FALSE opens it again. */
void                     lifeline_recovery_store_set_done_async        (LifelineRecoveryStore   *self,
                                                                        const char              *followup_id,
                                                                        gboolean                 done,
                                                                        GCancellable            *cancellable,
                                                                        GAsyncReadyCallback      callback,
                                                                        gpointer                 user_data);
gboolean                 lifeline_recovery_store_set_done_finish       (LifelineRecoveryStore   *self,
                                                                        GAsyncResult            *result,
                                                                        GError                 **error);
/* Records that @kind was shown for the follow-up; no "followups-changed". */
void                     lifeline_recovery_store_set_notified_async    (LifelineRecoveryStore   *self,
                                                                        const char              *followup_id,
                                                                        LifelineNoticeKind       kind,
                                                                        GCancellable            *cancellable,
                                                                        GAsyncReadyCallback      callback,
                                                                        gpointer                 user_data);
gboolean                 lifeline_recovery_store_set_notified_finish   (LifelineRecoveryStore   *self,
                                                                        GAsyncResult            *result,
                                                                        GError                 **error);

G_END_DECLS
