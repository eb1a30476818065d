/* lifeline-bar-chart.h — stacked columns and horizontal bars, drawn natively
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A value the anonymity threshold hides: drawn hatched (stacked) or as a
 * hatched stub (bars), never as a length that tells a number. */
#define LIFELINE_BAR_CHART_HIDDEN (-1.0)

#define LIFELINE_TYPE_BAR_CHART (lifeline_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (LifelineBarChart, lifeline_bar_chart, LIFELINE, BAR_CHART, GtkWidget)

/* GTK_ORIENTATION_VERTICAL: one column per row (a week), its series stacked
 * with a legend. GTK_ORIENTATION_HORIZONTAL: one bar per row, labelled at
 * the left, its value at the right. */
GtkWidget *lifeline_bar_chart_new             (GtkOrientation    orientation);
void       lifeline_bar_chart_set_orientation (LifelineBarChart *self,
                                               GtkOrientation    orientation);

/* The series (stacked parts) and their names for the legend; clears the rows. */
void       lifeline_bar_chart_set_series      (LifelineBarChart   *self,
                                               const char * const *names);
void       lifeline_bar_chart_clear           (LifelineBarChart   *self);
/* A row with one value per series (LIFELINE_BAR_CHART_HIDDEN for a hidden
 * one) and its @total (LIFELINE_BAR_CHART_HIDDEN when hidden too). The
 * hidden parts of a row are drawn together, hatched, as what the shown
 * total leaves after the shown parts. */
void       lifeline_bar_chart_add_row         (LifelineBarChart   *self,
                                               const char         *label,
                                               const double       *values,
                                               double              total);
guint      lifeline_bar_chart_get_n_rows      (LifelineBarChart   *self);
/* The text under the chart when nothing is there to draw. */
void       lifeline_bar_chart_set_empty_text  (LifelineBarChart   *self,
                                               const char         *text);

G_END_DECLS
