/* lifeline-sync-banner.h — says what to do when the server refuses the token
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_SYNC_BANNER (lifeline_sync_banner_get_type ())

G_DECLARE_FINAL_TYPE (LifelineSyncBanner, lifeline_sync_banner, LIFELINE, SYNC_BANNER, AdwBin)

void     lifeline_sync_banner_set_engine   (LifelineSyncBanner *self,
                                            LifelineSyncEngine *engine);
gboolean lifeline_sync_banner_get_revealed (LifelineSyncBanner *self);

G_END_DECLS
