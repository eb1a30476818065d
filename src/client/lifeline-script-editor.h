/* lifeline-script-editor.h — a lead edits a recovery script, with a preview of the guided view
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-lead-service.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_SCRIPT_EDITOR (lifeline_script_editor_get_type ())

G_DECLARE_FINAL_TYPE (LifelineScriptEditor, lifeline_script_editor, LIFELINE, SCRIPT_EDITOR, GtkWidget)

void            lifeline_script_editor_set_service     (LifelineScriptEditor *self,
                                                        LifelineLeadService  *service);
/* Opens the published script @id, or starts a new one (@id NULL). */
void            lifeline_script_editor_edit            (LifelineScriptEditor *self,
                                                        const char           *id);

/* For tests. */
gboolean        lifeline_script_editor_is_idle         (LifelineScriptEditor *self);
guint           lifeline_script_editor_get_n_published (LifelineScriptEditor *self);
guint           lifeline_script_editor_get_n_steps     (LifelineScriptEditor *self);
/* The script as typed now, or NULL with the reason it is not valid. */
LifelineScript *lifeline_script_editor_build           (LifelineScriptEditor *self,
                                                        GError              **error);
/* The History panel's revisions (LifelineArticleRevision, oldest first),
 * NULL until listed; the revision shown read-only in the preview, or 0. */
GPtrArray      *lifeline_script_editor_get_revisions   (LifelineScriptEditor *self);
gint64          lifeline_script_editor_get_viewing_revision (LifelineScriptEditor *self);
/* Types @text into step @index's "do", "say" or "ask" entry. */
gboolean        lifeline_script_editor_set_step_text   (LifelineScriptEditor *self,
                                                        guint                 index,
                                                        const char           *field,
                                                        const char           *text);

G_END_DECLS
