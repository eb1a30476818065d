/* lifeline-call-hint.h — the gentle "ask a lead" hint during a long call
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIFELINE_TYPE_CALL_HINT (lifeline_call_hint_get_type ())

G_DECLARE_FINAL_TYPE (LifelineCallHint, lifeline_call_hint, LIFELINE, CALL_HINT, GtkWidget)

/* Slides in once a call has lasted the GSettings key call-hint-minutes
 * (0: never), suggests asking a lead, and stays away for the rest of that
 * call once dismissed (action call-hint.dismiss). It follows the
 * LifelineApplication of the window it is in. */
gboolean    lifeline_call_hint_get_shown (LifelineCallHint *self);
const char *lifeline_call_hint_get_text  (LifelineCallHint *self);

G_END_DECLS
