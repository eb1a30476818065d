/* lifeline-sync-settings.h — points the sync engine at the server the agent set up
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

/* Configures @engine from @settings' "server-url" and the keyring's token for
 * it, now and whenever the address changes (an empty address: standalone). */
void lifeline_sync_settings_bind   (LifelineSyncEngine *engine,
                                    GSettings          *settings);
/* Reads the address and token again (after Preferences stored a new token). */
void lifeline_sync_settings_reload (LifelineSyncEngine *engine);

G_END_DECLS
