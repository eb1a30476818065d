/* lifeline-script-view.h — walks the agent through a recovery script, one step at a time
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-recovery-store.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_SCRIPT_VIEW (lifeline_script_view_get_type ())

G_DECLARE_FINAL_TYPE (LifelineScriptView, lifeline_script_view, LIFELINE, SCRIPT_VIEW, GtkWidget)

void                     lifeline_script_view_set_store     (LifelineScriptView    *self,
                                                             LifelineRecoveryStore *store);
/* Loads the script and resumes the agent's unfinished session for it (and
 * @report_id, or NULL), or starts one; emits "loaded" when it is on screen.
 * What was typed in the previous script is saved first. */
void                     lifeline_script_view_load          (LifelineScriptView    *self,
                                                             const char            *script_id,
                                                             const char            *report_id);
/* Writes what the agent typed now, without waiting for the debounce. */
void                     lifeline_script_view_flush         (LifelineScriptView    *self);

const char              *lifeline_script_view_get_script_id (LifelineScriptView    *self);
guint                    lifeline_script_view_get_step      (LifelineScriptView    *self);
guint                    lifeline_script_view_get_n_steps   (LifelineScriptView    *self);
gboolean                 lifeline_script_view_is_finished   (LifelineScriptView    *self);
/* The current step's phrase with the placeholders filled, as Copy copies it. */
char                    *lifeline_script_view_get_phrase    (LifelineScriptView    *self);
LifelineRecoverySession *lifeline_script_view_get_session   (LifelineScriptView    *self);
/* Type into the Details entry of a placeholder, or into the current step's
 * note, as the agent would (FALSE if there is no such field). */
gboolean                 lifeline_script_view_set_value     (LifelineScriptView    *self,
                                                             const char            *name,
                                                             const char            *value);
gboolean                 lifeline_script_view_set_answer    (LifelineScriptView    *self,
                                                             const char            *text);

G_END_DECLS
