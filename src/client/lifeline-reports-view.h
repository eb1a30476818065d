/* lifeline-reports-view.h — the team lead's "Reports" page: read, and coach
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lifeline-api-client.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_REPORTS_VIEW (lifeline_reports_view_get_type ())

G_DECLARE_FINAL_TYPE (LifelineReportsView, lifeline_reports_view, LIFELINE, REPORTS_VIEW, GtkWidget)

GtkWidget *lifeline_reports_view_new        (void);

/* GET /api/v1/reports and POST …/feedback through @client or, with @client
 * NULL (standalone mode), the reports and feedback tables of the client
 * database at @db_path, with the same rule for confidential reports: no
 * identity, the day only, and released in groups of 5. Loads at once;
 * "updated" is emitted after each load. */
void       lifeline_reports_view_set_source (LifelineReportsView *self,
                                             const char          *db_path,
                                             LifelineApiClient   *client);
void       lifeline_reports_view_reload     (LifelineReportsView *self);
guint      lifeline_reports_view_get_n_reports (LifelineReportsView *self);

G_END_DECLS
