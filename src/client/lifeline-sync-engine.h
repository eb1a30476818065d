/* lifeline-sync-engine.h — sends the outbox to lifeline-server and pulls its changes
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-core.h"

G_BEGIN_DECLS

/**
 * LifelineSyncState:
 * @LIFELINE_SYNC_STANDALONE: no server configured: everything stays local
 * @LIFELINE_SYNC_SYNCED: nothing waiting, nothing refused
 * @LIFELINE_SYNC_SENDING: items are waiting and going out
 * @LIFELINE_SYNC_OFFLINE: the server cannot be reached (or is failing); items wait
 * @LIFELINE_SYNC_REJECTED: the server refused items for good; they are in the rejected list
 * @LIFELINE_SYNC_UNAUTHORIZED: the server did not accept the token; everything stays queued
 */
typedef enum
{
  LIFELINE_SYNC_STANDALONE,
  LIFELINE_SYNC_SYNCED,
  LIFELINE_SYNC_SENDING,
  LIFELINE_SYNC_OFFLINE,
  LIFELINE_SYNC_REJECTED,
  LIFELINE_SYNC_UNAUTHORIZED,
} LifelineSyncState;

GType lifeline_sync_state_get_type (void);
#define LIFELINE_TYPE_SYNC_STATE (lifeline_sync_state_get_type ())

#define LIFELINE_TYPE_SYNC_ENGINE (lifeline_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (LifelineSyncEngine, lifeline_sync_engine, LIFELINE, SYNC_ENGINE, GObject)

/* Opens the client database at @db_path (migrating it) with three durable
 * connections: one for the main thread (lifeline_sync_engine_get_db(), where
 * the one click writes) and one each for sending and pulling, which run in
 * worker threads. Needs no window: tests and tools run it headless. */
LifelineSyncEngine *lifeline_sync_engine_new              (const char          *db_path,
                                                           GError             **error);
LifelineDb         *lifeline_sync_engine_get_db           (LifelineSyncEngine  *self);

/* @url NULL or "" is standalone mode. Changing either cancels what is in
 * flight and starts again: sending the outbox, pulling changes on start,
 * every pull interval and on demand. */
void                lifeline_sync_engine_set_server       (LifelineSyncEngine  *self,
                                                           const char          *url,
                                                           const char          *token);
const char         *lifeline_sync_engine_get_server_url   (LifelineSyncEngine  *self);

/* The agent asked (app.sync-now), or the network is back: everything waiting
 * is due at once, and a pull starts. Also clears the unauthorized state, for
 * one more try. */
void                lifeline_sync_engine_sync_now         (LifelineSyncEngine  *self);
/* Something was written to the outbox on the main connection: recount and send. */
void                lifeline_sync_engine_queue_changed    (LifelineSyncEngine  *self);

LifelineSyncState   lifeline_sync_engine_get_state        (LifelineSyncEngine  *self);
guint               lifeline_sync_engine_get_pending      (LifelineSyncEngine  *self);
guint               lifeline_sync_engine_get_rejected     (LifelineSyncEngine  *self);
/* What went wrong last (for a tooltip), or NULL. */
const char         *lifeline_sync_engine_get_last_error   (LifelineSyncEngine  *self);
/* Sending or pulling right now. */
gboolean            lifeline_sync_engine_get_busy         (LifelineSyncEngine  *self);

/* Tuning, for tests: backoff (LifelineBackoff's base and cap) and the pull
 * interval in milliseconds (0: only on start and on demand). */
void                lifeline_sync_engine_set_backoff      (LifelineSyncEngine  *self,
                                                           gint64               base_ms,
                                                           gint64               cap_ms);
void                lifeline_sync_engine_set_pull_interval(LifelineSyncEngine  *self,
                                                           guint                interval_ms);
/* How many items the server took as new (201) and as harmless repeats (200). */
void                lifeline_sync_engine_get_counts       (LifelineSyncEngine  *self,
                                                           guint               *created,
                                                           guint               *repeated);

/* GET /api/v1/me with @url and @token (not necessarily the configured ones):
 * who the server thinks you are. */
void                lifeline_sync_engine_test_connection_async  (LifelineSyncEngine   *self,
                                                                 const char           *url,
                                                                 const char           *token,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            lifeline_sync_engine_test_connection_finish (LifelineSyncEngine   *self,
                                                                 GAsyncResult         *result,
                                                                 char                **name,
                                                                 char                **role,
                                                                 GError              **error);

/* A server URL as typed, made canonical (scheme checked, no trailing slash),
 * or NULL with an error a person can act on. */
char               *lifeline_sync_normalize_url           (const char          *url,
                                                           GError             **error);

G_END_DECLS
