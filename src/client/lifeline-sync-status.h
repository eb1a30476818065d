/* lifeline-sync-status.h — the header's word on what is waiting for the server
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_SYNC_STATUS (lifeline_sync_status_get_type ())

G_DECLARE_FINAL_TYPE (LifelineSyncStatus, lifeline_sync_status, LIFELINE, SYNC_STATUS, AdwBin)

void        lifeline_sync_status_set_engine (LifelineSyncStatus *self,
                                             LifelineSyncEngine *engine);
/* In a narrow window the header has no room for the words: they go under
 * @title's title (its subtitle) while the title shows, and the button keeps
 * only its icon. */
void        lifeline_sync_status_set_title  (LifelineSyncStatus   *self,
                                             AdwViewSwitcherTitle *title);
/* "Synced", "Sending 2…", "Offline — 3 waiting", "Rejected — see details"… */
const char *lifeline_sync_status_get_text   (LifelineSyncStatus *self);
/* Opens the details (and the rejected list). */
void        lifeline_sync_status_popup      (LifelineSyncStatus *self);

G_END_DECLS
