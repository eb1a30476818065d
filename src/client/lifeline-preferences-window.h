/* lifeline-preferences-window.h — the team server: address, token, test
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_PREFERENCES_WINDOW (lifeline_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LifelinePreferencesWindow, lifeline_preferences_window, LIFELINE, PREFERENCES_WINDOW, AdwPreferencesWindow)

LifelinePreferencesWindow *lifeline_preferences_window_new (GtkWindow          *parent,
                                                            GSettings          *settings,
                                                            LifelineSyncEngine *engine);

G_END_DECLS
