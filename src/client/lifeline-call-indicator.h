/* lifeline-call-indicator.h — the call timer in the header bar
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIFELINE_TYPE_CALL_INDICATOR (lifeline_call_indicator_get_type ())

G_DECLARE_FINAL_TYPE (LifelineCallIndicator, lifeline_call_indicator, LIFELINE, CALL_INDICATOR, GtkWidget)

/* "Call 04:12" while the softphone reports a call (app.call-start), hidden
 * between calls. It follows the LifelineApplication of the window it is in. */
const char *lifeline_call_indicator_get_text (LifelineCallIndicator *self);

G_END_DECLS
