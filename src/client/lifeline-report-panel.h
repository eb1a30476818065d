/* lifeline-report-panel.h — the details of a mistake report, under the page the agent is on
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_REPORT_PANEL (lifeline_report_panel_get_type ())

G_DECLARE_FINAL_TYPE (LifelineReportPanel, lifeline_report_panel, LIFELINE, REPORT_PANEL, AdwBin)

void            lifeline_report_panel_set_engine     (LifelineReportPanel  *self,
                                                      LifelineSyncEngine   *engine);

/* The one click: writes a new report to disk (synchronously, durably) and
 * opens it here. Returns the report as recorded, or NULL with @error set;
 * nothing is shown as saved unless it was. */
LifelineReport *lifeline_report_panel_record         (LifelineReportPanel  *self,
                                                      const char           *article_id,
                                                      const char           *call_id,
                                                      GError              **error);
/* Opens a report recorded earlier (the rejected list's "Edit"). */
gboolean        lifeline_report_panel_open           (LifelineReportPanel  *self,
                                                      const char           *report_id,
                                                      GError              **error);
/* Saves what the agent changed (scrubbing the note); TRUE when saved or
 * nothing changed. */
gboolean        lifeline_report_panel_save           (LifelineReportPanel  *self,
                                                      GError              **error);
/* Saves and hides the panel. */
void            lifeline_report_panel_close          (LifelineReportPanel  *self);
const char     *lifeline_report_panel_get_report_id  (LifelineReportPanel  *self);
gboolean        lifeline_report_panel_get_revealed   (LifelineReportPanel  *self);

/* The article the agent has open in @root (a widget with an "article-id"
 * property that is on screen), or NULL. */
char           *lifeline_report_panel_find_open_article (GtkWidget         *root);
/* The call in progress: @window's or its application's "call-id"
 * property, whichever exists and is set; or NULL. */
char           *lifeline_report_panel_find_call_id   (GtkWindow           *window);

G_END_DECLS
