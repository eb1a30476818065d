/* lifeline-dashboard.h — the team lead's "Trends" page
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "lifeline-api-client.h"

G_BEGIN_DECLS

/* The ranges the lead can pick. */
typedef enum
{
  LIFELINE_DASHBOARD_RANGE_4_WEEKS,
  LIFELINE_DASHBOARD_RANGE_12_WEEKS,
  LIFELINE_DASHBOARD_RANGE_6_MONTHS,
  LIFELINE_DASHBOARD_RANGE_CUSTOM,
} LifelineDashboardRange;

#define LIFELINE_TYPE_DASHBOARD (lifeline_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (LifelineDashboard, lifeline_dashboard, LIFELINE, DASHBOARD, GtkWidget)

GtkWidget  *lifeline_dashboard_new          (void);

/* Where the reports are: GET /api/v1/stats/reports through @client, or
 * (@client NULL, standalone mode) the client database at @db_path, with
 * the same threshold. Loads at once. */
void        lifeline_dashboard_set_source   (LifelineDashboard      *self,
                                             const char             *db_path,
                                             LifelineApiClient      *client);
/* Picks a range; for LIFELINE_DASHBOARD_RANGE_CUSTOM, @from and @to are
 * YYYY-MM-DD (ignored otherwise). Loads again. */
void        lifeline_dashboard_set_range    (LifelineDashboard      *self,
                                             LifelineDashboardRange  range,
                                             const char             *from,
                                             const char             *to);
void        lifeline_dashboard_reload       (LifelineDashboard      *self);
/* The statistics shown now, or NULL (before the first load, or after an
 * error). "updated" is emitted after each load, successful or not. */
JsonObject *lifeline_dashboard_get_stats    (LifelineDashboard      *self);

/* Writes the statistics shown as CSV (lifeline_stats_to_csv()) to @file.
 * The "Export CSV…" button asks for the file through the file chooser
 * portal and calls this. */
void        lifeline_dashboard_export_async  (LifelineDashboard     *self,
                                              GFile                 *file,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gboolean    lifeline_dashboard_export_finish (LifelineDashboard     *self,
                                              GAsyncResult          *result,
                                              GError               **error);

G_END_DECLS
