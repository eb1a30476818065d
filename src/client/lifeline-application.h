/* lifeline-application.h
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-db.h"
#include "lifeline-search-worker.h"

#include "lifeline-recovery-store.h"
#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_APPLICATION (lifeline_application_get_type ())

G_DECLARE_FINAL_TYPE (LifelineApplication, lifeline_application, LIFELINE, APPLICATION, AdwApplication)

LifelineApplication *lifeline_application_new          (void);
GSettings           *lifeline_application_get_settings (LifelineApplication *self);
const char          *lifeline_application_get_db_path  (LifelineApplication *self);
/* The client database (main-loop connection, synchronous=FULL), or NULL when
 * it could not be opened; and the thread that searches it. */
LifelineDb          *lifeline_application_get_db       (LifelineApplication *self);
LifelineSearchWorker *lifeline_application_get_search_worker (LifelineApplication *self);
LifelineRecoveryStore *lifeline_application_get_recovery_store (LifelineApplication *self);
LifelineSyncEngine    *lifeline_application_get_sync_engine    (LifelineApplication *self);

/* Opening things from outside the window (the Shell's search, call hooks). */
void                 lifeline_application_open_article     (LifelineApplication *self,
                                                            const char          *article_id,
                                                            guint32              timestamp);
void                 lifeline_application_search           (LifelineApplication *self,
                                                            const char          *text,
                                                            guint32              timestamp);

/* The softphone's call in progress (app.call-start / app.call-end). The
 * "call-id" property notifies when a call starts or ends; between calls the
 * getters return NULL and 0. */
void                 lifeline_application_start_call       (LifelineApplication *self,
                                                            const char          *id,
                                                            const char          *caller,
                                                            const char          *reason,
                                                            gint64               started);
void                 lifeline_application_end_call         (LifelineApplication *self);
const char          *lifeline_application_get_call_id      (LifelineApplication *self);
const char          *lifeline_application_get_call_caller  (LifelineApplication *self);
const char          *lifeline_application_get_call_reason  (LifelineApplication *self);
gint64               lifeline_application_get_call_started (LifelineApplication *self);

G_END_DECLS
