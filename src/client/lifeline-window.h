/* lifeline-window.h
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-application.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_WINDOW (lifeline_window_get_type ())

G_DECLARE_FINAL_TYPE (LifelineWindow, lifeline_window, LIFELINE, WINDOW, AdwApplicationWindow)

LifelineWindow *lifeline_window_new (LifelineApplication *application);

G_END_DECLS
