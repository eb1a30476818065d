/* lifeline-dashboard.c — the team lead's "Trends" page
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures (reports, near-miss share, time to feedback, follow-ups kept on
 * time) and three charts, each with its text table behind "Show as table"
 * for screen readers and for copying. The numbers come from the server's
 * GET /api/v1/stats/reports or, in standalone mode, from the same
 * computation on the client database (lifeline_stats_compute_local()): a
 * hidden cell (null) reads "fewer than 5" everywhere.
 */

#define G_LOG_DOMAIN "lifeline-dashboard"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lifeline-bar-chart.h"
#include "lifeline-core.h"
#include "lifeline-dashboard.h"
#include "lifeline-widget-util.h"
#include "lifeline-lead-page.h"
#include "lifeline-stats-csv.h"
#include "lifeline-stats.h"

#define DAY  (24 * 60 * 60)
#define WEEK (7 * DAY)

typedef struct
{
  GtkWidget        *box;
  GtkToggleButton  *toggle;
  GtkStack         *stack;
  LifelineBarChart *chart;
  GtkGrid          *table;
  GString          *tsv;     /* the table as tab-separated text, for Copy */
} Section;

struct _LifelineDashboard
{
  GtkWidget               parent_instance;

  char                   *db_path;
  LifelineApiClient      *client;
  GCancellable           *cancellable;
  JsonObject             *stats;
  LifelineDashboardRange  range;
  GtkFileChooserNative   *chooser;

  Section                 weekly;
  Section                 causes;
  Section                 articles;

  GtkLabel               *total_value;
  GtkLabel               *total_caption;
  GtkLabel               *near_miss_value;
  GtkLabel               *near_miss_caption;
  GtkLabel               *feedback_value;
  GtkLabel               *feedback_caption;
  GtkLabel               *followups_value;
  GtkLabel               *followups_caption;

  /* template */
  GtkWidget              *scrolled;
  GtkDropDown            *range_dropdown;
  GtkWidget              *custom_box;
  GtkEntry               *from_entry;
  GtkEntry               *to_entry;
  GtkSpinner             *spinner;
  GtkLabel               *status_label;
  GtkFlowBox             *figures;
  GtkBox                 *sections;
};

G_DEFINE_FINAL_TYPE (LifelineDashboard, lifeline_dashboard, GTK_TYPE_WIDGET)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
fewer_than_5 (void)
{
  /* Translators: shown instead of a number built from too few reports
   * (the anonymity threshold is 5), so that no one stands out */
  return _("fewer than 5");
}

/* Cells: a number, or hidden (null → LIFELINE_BAR_CHART_HIDDEN). */
static double
cell_value (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return LIFELINE_BAR_CHART_HIDDEN;
  return json_node_get_double (node);
}

static char *
cell_text (JsonObject *object,
           const char *member)
{
  double value = cell_value (object, member);

  if (value < 0)
    return g_strdup (fewer_than_5 ());
  return g_strdup_printf ("%.0f", value);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The category series in chart order: the named ones, then "none". */
static LifelineCategory
category_at (guint i)
{
  return (i + 1) % LIFELINE_N_CATEGORIES;
}

static const char *
category_label (LifelineCategory category)
{
  return category == LIFELINE_CATEGORY_NONE ? _("No category") : lifeline_category_get_label (category);
}

static const char *
category_key (LifelineCategory category)
{
  const char *wire = lifeline_category_to_string (category);

  return wire ? wire : "none";
}

static const char *
root_cause_label (LifelineRootCause cause)
{
  return cause == LIFELINE_ROOT_CAUSE_NONE ? _("No root cause") : lifeline_root_cause_get_label (cause);
}

static char *
week_label (const char *start)
{
  gint64 t;
  g_autoptr(GDateTime) dt = NULL;

  if (!lifeline_stats_parse_date (start, &t))
    return g_strdup (start);
  dt = g_date_time_new_from_unix_utc (t);
  /* Translators: a week's first day under a chart's column, see g_date_time_format() */
  return g_date_time_format (dt, _("%-d %b"));
}

/* Tables */

static void
table_clear (Section *section)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (section->table))) != NULL)
    gtk_grid_remove (section->table, child);
  g_string_truncate (section->tsv, 0);
}

static void
table_cell (Section    *section,
            int         column,
            int         row,
            const char *text,
            gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
  gtk_label_set_wrap (GTK_LABEL (label), heading || column == 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), column == 0 ? 40 : 14);
  if (heading)
    gtk_label_set_justify (GTK_LABEL (label), column == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
  gtk_widget_set_focusable (label, FALSE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (section->table, label, column, row, 1, 1);

  if (column > 0)
    g_string_append_c (section->tsv, '\t');
  g_string_append (section->tsv, text);
}

static void
table_end_row (Section *section)
{
  g_string_append_c (section->tsv, '\n');
}

static void
copy_table (GtkButton *button,
            Section   *section)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), section->tsv->str);
}

static void
on_table_toggled (GtkToggleButton *toggle,
                  Section         *section)
{
  gtk_stack_set_visible_child_name (section->stack,
                                    gtk_toggle_button_get_active (toggle) ? "table" : "chart");
}

static void
section_init (LifelineDashboard *self,
              Section           *section,
              const char        *title,
              GtkOrientation     orientation)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *table_box;

  section->tsv = g_string_new (NULL);
  section->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (header), heading);

  section->toggle = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("Show as _table")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (section->toggle), _("Show the numbers as a text table, for reading aloud or copying"));
  g_signal_connect (section->toggle, "toggled", G_CALLBACK (on_table_toggled), section);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (section->toggle));

  gtk_widget_set_tooltip_text (copy, _("Copy the table"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the table"), -1);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_table), section);
  g_object_bind_property (section->toggle, "active", copy, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (header), copy);
  gtk_box_append (GTK_BOX (section->box), header);

  section->chart = LIFELINE_BAR_CHART (lifeline_bar_chart_new (orientation));
  gtk_widget_set_margin_top (GTK_WIDGET (section->chart), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (section->chart), 6);

  section->table = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (section->table, 18);
  gtk_grid_set_row_spacing (section->table, 6);
  table_box = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (table_box), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (table_box), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (table_box), GTK_WIDGET (section->table));
  gtk_widget_set_margin_start (GTK_WIDGET (section->table), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (section->table), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (section->table), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (section->table), 12);

  section->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (section->stack, FALSE);
  gtk_stack_add_named (section->stack, GTK_WIDGET (section->chart), "chart");
  gtk_stack_add_named (section->stack, table_box, "table");

  gtk_widget_add_css_class (frame, "card");
  gtk_box_append (GTK_BOX (frame), GTK_WIDGET (section->stack));
  gtk_box_append (GTK_BOX (section->box), frame);
  gtk_box_append (self->sections, section->box);
}

static void
section_clear (Section *section)
{
  if (section->tsv != NULL)
    g_string_free (section->tsv, TRUE);
  section->tsv = NULL;
}

/* Figures */

static GtkFlowBoxChild *
figure_new (LifelineDashboard *self,
            GtkLabel         **value,
            GtkLabel         **caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *child = gtk_flow_box_child_new ();

  *value = GTK_LABEL (gtk_label_new ("–"));
  *caption = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (*value, TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (*value), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (*value), "title-2");
  gtk_label_set_xalign (*value, 0);
  gtk_label_set_wrap (*caption, TRUE);
  gtk_label_set_xalign (*caption, 0);
  gtk_widget_add_css_class (GTK_WIDGET (*caption), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*value));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*caption));
  gtk_widget_set_margin_start (box, 16);
  gtk_widget_set_margin_end (box, 16);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_add_css_class (child, "card");
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  gtk_flow_box_append (self->figures, child);
  return GTK_FLOW_BOX_CHILD (child);
}

static char *
share_text (double share)
{
  return g_strdup_printf ("%.0f %%", round (share * 100));
}

static void
fill_figures (LifelineDashboard *self)
{
  JsonObject *stats = self->stats;
  JsonObject *feedback = get_object (stats, "time_to_feedback");
  JsonObject *followups = get_object (stats, "followups");
  g_autofree char *total = cell_text (stats, "total");
  double share = cell_value (stats, "near_miss_share");
  double median = cell_value (feedback, "median_hours");
  double kept_share = cell_value (followups, "kept_share");
  g_autofree char *range = g_strdup_printf ("%s – %s",
                                            json_object_get_string_member_with_default (stats, "from", ""),
                                            json_object_get_string_member_with_default (stats, "to", ""));

  gtk_label_set_text (self->total_value, total);
  /* Translators: %s is a date range such as "2026-01-05 – 2026-03-29" */
  {
    g_autofree char *caption = g_strdup_printf (_("Reports, %s"), range);

    gtk_label_set_text (self->total_caption, caption);
  }

  if (share >= 0)
    {
      g_autofree char *text = share_text (share);
      g_autofree char *count = cell_text (stats, "near_miss");
      /* Translators: %s is a number of reports */
      g_autofree char *caption = g_strdup_printf (_("Near misses: caught before they reached the customer (%s)"), count);

      gtk_label_set_text (self->near_miss_value, text);
      gtk_label_set_text (self->near_miss_caption, caption);
    }
  else
    {
      gtk_label_set_text (self->near_miss_value, fewer_than_5 ());
      gtk_label_set_text (self->near_miss_caption, _("Near misses: caught before they reached the customer"));
    }

  if (median >= 0)
    {
      /* Translators: a median time in hours, such as "20.5 h" */
      g_autofree char *text = g_strdup_printf (_("%.1f h"), median);

      gtk_label_set_text (self->feedback_value, text);
    }
  else
    gtk_label_set_text (self->feedback_value, fewer_than_5 ());
  {
    g_autofree char *with = cell_text (feedback, "with_feedback");
    /* Translators: %s is how many reports had feedback (or "fewer than 5") */
    g_autofree char *caption = g_strdup_printf (_("Median time from report to feedback (%s answered)"), with);

    gtk_label_set_text (self->feedback_caption, caption);
  }

  if (kept_share >= 0)
    {
      g_autofree char *text = share_text (kept_share);

      gtk_label_set_text (self->followups_value, text);
    }
  else
    gtk_label_set_text (self->followups_value, fewer_than_5 ());
  {
    g_autofree char *kept = cell_text (followups, "kept");
    g_autofree char *due = cell_text (followups, "due");
    g_autofree char *caption = NULL;

    if (cell_value (followups, "due") < 0)
      caption = g_strdup (_("Follow-ups kept on time (fewer than 5 were due)"));
    else
      /* Translators: "kept" of "due" follow-ups; the first may read "fewer than 5" */
      caption = g_strdup_printf (_("Follow-ups kept on time (%s of %s due)"), kept, due);

    gtk_label_set_text (self->followups_caption, caption);
  }
}

/* Reports per week by category: stacked columns, and the table of weeks. */
static void
fill_weekly (LifelineDashboard *self)
{
  Section *section = &self->weekly;
  JsonArray *weeks = get_array (self->stats, "weeks");
  guint n_weeks = weeks ? json_array_get_length (weeks) : 0;
  const char *series[LIFELINE_N_CATEGORIES + 1] = { NULL };
  g_autofree char *description = NULL;
  g_autofree char *total = cell_text (self->stats, "total");
  guint hidden = 0;

  for (guint i = 0; i < LIFELINE_N_CATEGORIES; i++)
    series[i] = category_label (category_at (i));
  lifeline_bar_chart_set_series (section->chart, series);

  table_clear (section);
  table_cell (section, 0, 0, _("Week starting"), TRUE);
  for (guint i = 0; i < LIFELINE_N_CATEGORIES; i++)
    table_cell (section, i + 1, 0, series[i], TRUE);
  table_cell (section, LIFELINE_N_CATEGORIES + 1, 0, _("Near misses"), TRUE);
  table_cell (section, LIFELINE_N_CATEGORIES + 2, 0, _("All reports"), TRUE);
  table_end_row (section);

  for (guint w = 0; w < n_weeks; w++)
    {
      JsonObject *week = json_array_get_object_element (weeks, w);
      JsonObject *by_category = get_object (week, "by_category");
      double values[LIFELINE_N_CATEGORIES];
      g_autofree char *label = week_label (json_object_get_string_member_with_default (week, "start", ""));
      g_autofree char *near = cell_text (week, "near_miss");
      g_autofree char *week_total = cell_text (week, "total");

      table_cell (section, 0, w + 1, json_object_get_string_member_with_default (week, "start", ""), FALSE);
      for (guint i = 0; i < LIFELINE_N_CATEGORIES; i++)
        {
          g_autofree char *text = cell_text (by_category, category_key (category_at (i)));

          values[i] = cell_value (by_category, category_key (category_at (i)));
          hidden += values[i] < 0;
          table_cell (section, i + 1, w + 1, text, FALSE);
        }
      table_cell (section, LIFELINE_N_CATEGORIES + 1, w + 1, near, FALSE);
      table_cell (section, LIFELINE_N_CATEGORIES + 2, w + 1, week_total, FALSE);
      table_end_row (section);
      lifeline_bar_chart_add_row (section->chart, label, values, cell_value (week, "total"));
    }

  /* Translators: the accessible description of a chart; %u weeks, %s reports */
  description = g_strdup_printf (_("Stacked bar chart of reports per week by category: %u weeks, %s reports in all. "
                                   "Hatched parts are categories with fewer than 5 reports. "
                                   "Use “Show as table” for the numbers."),
                                 n_weeks, total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (section->chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

typedef struct
{
  const char *label;
  double      value;
} Bar;

static int
compare_bars (gconstpointer a,
              gconstpointer b)
{
  const Bar *x = a;
  const Bar *y = b;

  /* Biggest first; the hidden ones after every shown one, in their order. */
  if ((x->value < 0) != (y->value < 0))
    return x->value < 0 ? 1 : -1;
  return x->value < y->value ? 1 : x->value > y->value ? -1 : 0;
}

static void
fill_bars (Section    *section,
           const char *item_heading,
           GArray     *bars)
{
  const char *series[] = { _("Reports"), NULL };

  g_array_sort (bars, compare_bars);
  lifeline_bar_chart_set_series (section->chart, series);
  table_clear (section);
  table_cell (section, 0, 0, item_heading, TRUE);
  table_cell (section, 1, 0, _("Reports"), TRUE);
  table_end_row (section);

  for (guint i = 0; i < bars->len; i++)
    {
      Bar *bar = &g_array_index (bars, Bar, i);
      g_autofree char *text = bar->value < 0 ? g_strdup (fewer_than_5 ()) : g_strdup_printf ("%.0f", bar->value);

      lifeline_bar_chart_add_row (section->chart, bar->label, &bar->value, bar->value);
      table_cell (section, 0, i + 1, bar->label, FALSE);
      table_cell (section, 1, i + 1, text, FALSE);
      table_end_row (section);
    }
}

static void
fill_causes (LifelineDashboard *self)
{
  JsonObject *by_cause = get_object (self->stats, "by_root_cause");
  g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  g_autoptr(GString) description = g_string_new (_("Bar chart of reports by root cause, biggest first: "));

  for (guint i = 1; i <= LIFELINE_N_ROOT_CAUSES; i++)
    {
      LifelineRootCause cause = i % LIFELINE_N_ROOT_CAUSES;
      const char *wire = lifeline_root_cause_to_string (cause);
      Bar bar = { root_cause_label (cause), cell_value (by_cause, wire ? wire : "none") };

      g_array_append_val (bars, bar);
    }
  fill_bars (&self->causes, _("Root cause"), bars);

  for (guint i = 0; i < bars->len; i++)
    {
      Bar *bar = &g_array_index (bars, Bar, i);
      g_autofree char *value = bar->value < 0 ? g_strdup (fewer_than_5 ()) : g_strdup_printf ("%.0f", bar->value);

      g_string_append_printf (description, "%s%s %s", i ? ", " : "", bar->label, value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->causes.chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description->str, -1);
}

static void
fill_articles (LifelineDashboard *self)
{
  JsonArray *top = get_array (self->stats, "top_articles");
  g_autoptr(GArray) bars = g_array_new (FALSE, FALSE, sizeof (Bar));
  g_autoptr(GString) description = g_string_new (NULL);

  for (guint i = 0; top != NULL && i < json_array_get_length (top); i++)
    {
      JsonObject *entry = json_array_get_object_element (top, i);
      const char *title = json_object_get_string_member_with_default (entry, "title", NULL);
      Bar bar = { title ? title : json_object_get_string_member_with_default (entry, "article_id", ""),
                  cell_value (entry, "count") };

      g_array_append_val (bars, bar);
    }
  fill_bars (&self->articles, _("Article"), bars);

  if (bars->len == 0)
    g_string_append (description, _("No article was named in 5 or more “incorrect information” reports in this range."));
  else
    g_string_append (description, _("Bar chart of the articles most often named in “incorrect information” reports: "));
  for (guint i = 0; i < bars->len; i++)
    {
      Bar *bar = &g_array_index (bars, Bar, i);

      g_string_append_printf (description, "%s%s %.0f", i ? ", " : "", bar->label, bar->value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->articles.chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description->str, -1);
}

static void
fill (LifelineDashboard *self)
{
  fill_figures (self);
  fill_weekly (self);
  fill_causes (self);
  fill_articles (self);
}

/* Loading */

static gboolean
get_range (LifelineDashboard  *self,
           gint64             *from,
           gint64             *to,
           GError            **error)
{
  gint64 now = lifeline_time_now ();
  gint64 today = now - (now % DAY);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (today);
  gint64 monday = today - (gint64)(g_date_time_get_day_of_week (dt) - 1) * DAY;

  *to = today;
  switch (self->range)
    {
    case LIFELINE_DASHBOARD_RANGE_4_WEEKS:
      *from = monday - 3 * WEEK;
      return TRUE;
    case LIFELINE_DASHBOARD_RANGE_12_WEEKS:
      *from = monday - 11 * WEEK;
      return TRUE;
    case LIFELINE_DASHBOARD_RANGE_6_MONTHS:
      *from = monday - 25 * WEEK;
      return TRUE;
    case LIFELINE_DASHBOARD_RANGE_CUSTOM:
      if (!lifeline_stats_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), from) ||
          !lifeline_stats_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), to))
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Type both days as year-month-day, such as 2026-01-05"));
          return FALSE;
        }
      if (*from > *to)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("The first day must not be after the last day"));
          return FALSE;
        }
      if ((*to - *from) / DAY >= 3 * 366)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Pick a range of at most 3 years"));
          return FALSE;
        }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static void
set_loading (LifelineDashboard *self,
             gboolean           loading)
{
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", !loading && self->stats != NULL);
}

static void
show_result (LifelineDashboard *self,
             JsonObject        *stats,
             const GError      *error)
{
  g_clear_pointer (&self->stats, json_object_unref);

  if (stats != NULL)
    {
      self->stats = json_object_ref (stats);
      fill (self);
      gtk_label_set_text (self->status_label,
                          self->client ? _("From the team’s server.")
                                       : _("From the reports on this computer (no server configured)."));
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Could not load the trends: %s"), error->message);

      gtk_label_set_text (self->status_label, text);
    }

  set_loading (self, FALSE);
  g_signal_emit (self, signals[UPDATED], 0);
}

typedef struct
{
  char   *db_path;
  gint64  from;
  gint64  to;
} LocalJob;

static void
local_job_free (LocalJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
local_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LocalJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = lifeline_db_open (job->db_path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  JsonNode *node;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  node = lifeline_stats_compute_local (db, job->from, job->to, lifeline_time_now (), &error);
  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, node, (GDestroyNotify)json_node_unref);
}

static void
local_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LifelineDashboard *self = LIFELINE_DASHBOARD (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_result (self, node ? json_node_get_object (node) : NULL, error);
}

static void
server_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LifelineDashboard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineApiResponse) response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (object), result, &error);
  JsonObject *stats = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response != NULL && lifeline_api_response_check (response, &error))
    {
      stats = lifeline_api_response_get_object (response);
      if (stats == NULL)
        g_set_error (&error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                     _("The server answered without statistics; is it a lifeline-server?"));
    }
  show_result (self, stats, error);
}

void
lifeline_dashboard_reload (LifelineDashboard *self)
{
  g_autoptr(GError) error = NULL;
  gint64 from, to;

  g_return_if_fail (LIFELINE_IS_DASHBOARD (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->db_path == NULL && self->client == NULL)
    return;

  if (!get_range (self, &from, &to, &error))
    {
      gtk_label_set_text (self->status_label, error->message);
      g_signal_emit (self, signals[UPDATED], 0);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);

  if (self->client != NULL)
    {
      g_autofree char *from_str = lifeline_stats_format_date (from);
      g_autofree char *to_str = lifeline_stats_format_date (to);
      g_autofree char *path = g_strdup_printf ("/api/v1/stats/reports?from=%s&to=%s&bucket=week", from_str, to_str);

      lifeline_api_client_request_async (self->client, "GET", path, NULL, NULL, self->cancellable,
                                         server_done, g_object_ref (self));
    }
  else
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, local_done, NULL);
      LocalJob *job = g_new0 (LocalJob, 1);

      job->db_path = g_strdup (self->db_path);
      job->from = from;
      job->to = to;
      g_task_set_source_tag (task, lifeline_dashboard_reload);
      g_task_set_task_data (task, job, (GDestroyNotify)local_job_free);
      g_task_run_in_thread (task, local_thread);
    }
}

/* Export */

static void
export_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
lifeline_dashboard_export_async (LifelineDashboard   *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *csv;

  g_return_if_fail (LIFELINE_IS_DASHBOARD (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lifeline_dashboard_export_async);

  if (self->stats == NULL)
    {
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                               _("There are no figures to export yet; wait until they are shown"));
      return;
    }
  csv = lifeline_stats_to_csv (self->stats, &error);
  if (csv == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  bytes = g_bytes_new_take (csv, strlen (csv));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, export_written, g_steal_pointer (&task));
}

gboolean
lifeline_dashboard_export_finish (LifelineDashboard  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LifelineDashboard *self = LIFELINE_DASHBOARD (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  if (lifeline_dashboard_export_finish (self, result, &error))
    /* Translators: %s is a file name */
    text = g_strdup_printf (_("Saved the figures to %s."), name);
  else
    /* Translators: %s is a file name, then the reason */
    text = g_strdup_printf (_("Could not save %s: %s"), name, error->message);
  gtk_label_set_text (self->status_label, text);
}

static void
on_chooser_response (GtkNativeDialog   *dialog,
                     int                response,
                     LifelineDashboard *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        lifeline_dashboard_export_async (self, file, NULL, export_done, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LifelineDashboard *self = LIFELINE_DASHBOARD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->stats == NULL || self->chooser != NULL)
    return;

  name = g_strdup_printf ("lifeline-trends-%s-%s.csv",
                          json_object_get_string_member_with_default (self->stats, "from", ""),
                          json_object_get_string_member_with_default (self->stats, "to", ""));
  self->chooser = gtk_file_chooser_native_new (_("Export Trends as CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  lifeline_dashboard_reload (LIFELINE_DASHBOARD (widget));
}

static void
on_range_selected (LifelineDashboard *self)
{
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);

  if (selected > LIFELINE_DASHBOARD_RANGE_CUSTOM)
    return;
  self->range = selected;
  gtk_widget_set_visible (self->custom_box, self->range == LIFELINE_DASHBOARD_RANGE_CUSTOM);
  if (self->range == LIFELINE_DASHBOARD_RANGE_CUSTOM)
    {
      /* Start from what is shown, so the lead only changes what they need. */
      if (self->stats != NULL && gtk_editable_get_text (GTK_EDITABLE (self->from_entry))[0] == '\0')
        {
          gtk_editable_set_text (GTK_EDITABLE (self->from_entry),
                                 json_object_get_string_member_with_default (self->stats, "from", ""));
          gtk_editable_set_text (GTK_EDITABLE (self->to_entry),
                                 json_object_get_string_member_with_default (self->stats, "to", ""));
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
      return;
    }
  lifeline_dashboard_reload (self);
}

/* Inside the lead's workspace, follow what it works on (its server as a
 * lead, or the local database), checked each time the page is shown. */
static void
lifeline_dashboard_map (GtkWidget *widget)
{
  LifelineDashboard *self = LIFELINE_DASHBOARD (widget);
  GtkWidget *page = gtk_widget_get_ancestor (widget, LIFELINE_TYPE_LEAD_PAGE);

  GTK_WIDGET_CLASS (lifeline_dashboard_parent_class)->map (widget);

  if (page != NULL)
    {
      LifelineLeadService *service = lifeline_lead_page_get_service (LIFELINE_LEAD_PAGE (page));
      LifelineApiClient *client = lifeline_lead_page_get_api_client (LIFELINE_LEAD_PAGE (page));
      const char *db_path = service ? lifeline_lead_service_get_db_path (service) : NULL;

      if (g_strcmp0 (db_path, self->db_path) != 0 || client != self->client)
        lifeline_dashboard_set_source (self, db_path, client);
    }
}

static void
lifeline_dashboard_dispose (GObject *object)
{
  LifelineDashboard *self = LIFELINE_DASHBOARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_dashboard_parent_class)->dispose (object);
}

static void
lifeline_dashboard_finalize (GObject *object)
{
  LifelineDashboard *self = LIFELINE_DASHBOARD (object);

  g_free (self->db_path);
  g_clear_object (&self->client);
  g_clear_pointer (&self->stats, json_object_unref);
  section_clear (&self->weekly);
  section_clear (&self->causes);
  section_clear (&self->articles);

  G_OBJECT_CLASS (lifeline_dashboard_parent_class)->finalize (object);
}

static void
lifeline_dashboard_class_init (LifelineDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_dashboard_dispose;
  object_class->finalize = lifeline_dashboard_finalize;
  widget_class->map = lifeline_dashboard_map;

  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, scrolled);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, custom_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, from_entry);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, to_entry);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, spinner);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, status_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, figures);
  gtk_widget_class_bind_template_child (widget_class, LifelineDashboard, sections);

  gtk_widget_class_install_action (widget_class, "dashboard.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "dashboard.export", NULL, export_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboard");
}

static void
lifeline_dashboard_init (LifelineDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->range = LIFELINE_DASHBOARD_RANGE_12_WEEKS;
  gtk_drop_down_set_selected (self->range_dropdown, self->range);
  g_signal_connect_swapped (self->range_dropdown, "notify::selected", G_CALLBACK (on_range_selected), self);
  g_signal_connect_swapped (self->from_entry, "activate", G_CALLBACK (lifeline_dashboard_reload), self);
  g_signal_connect_swapped (self->to_entry, "activate", G_CALLBACK (lifeline_dashboard_reload), self);

  figure_new (self, &self->total_value, &self->total_caption);
  figure_new (self, &self->near_miss_value, &self->near_miss_caption);
  figure_new (self, &self->feedback_value, &self->feedback_caption);
  figure_new (self, &self->followups_value, &self->followups_caption);

  section_init (self, &self->weekly, _("Reports per week by category"), GTK_ORIENTATION_VERTICAL);
  section_init (self, &self->causes, _("Root causes"), GTK_ORIENTATION_HORIZONTAL);
  section_init (self, &self->articles, _("Articles most often named in “incorrect information” reports"),
                GTK_ORIENTATION_HORIZONTAL);
  lifeline_bar_chart_set_empty_text (self->articles.chart,
                                     _("No article was named in 5 or more “incorrect information” reports in this range"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", FALSE);
}

GtkWidget *
lifeline_dashboard_new (void)
{
  return g_object_new (LIFELINE_TYPE_DASHBOARD, NULL);
}

void
lifeline_dashboard_set_source (LifelineDashboard *self,
                               const char        *db_path,
                               LifelineApiClient *client)
{
  g_return_if_fail (LIFELINE_IS_DASHBOARD (self));
  g_return_if_fail (client == NULL || LIFELINE_IS_API_CLIENT (client));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_set_object (&self->client, client);
  lifeline_dashboard_reload (self);
}

void
lifeline_dashboard_set_range (LifelineDashboard      *self,
                              LifelineDashboardRange  range,
                              const char             *from,
                              const char             *to)
{
  g_return_if_fail (LIFELINE_IS_DASHBOARD (self));
  g_return_if_fail (range <= LIFELINE_DASHBOARD_RANGE_CUSTOM);

  if (range == LIFELINE_DASHBOARD_RANGE_CUSTOM)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from ? from : "");
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to ? to : "");
    }
  g_signal_handlers_block_by_func (self->range_dropdown, on_range_selected, self);
  gtk_drop_down_set_selected (self->range_dropdown, range);
  g_signal_handlers_unblock_by_func (self->range_dropdown, on_range_selected, self);
  self->range = range;
  gtk_widget_set_visible (self->custom_box, range == LIFELINE_DASHBOARD_RANGE_CUSTOM);
  lifeline_dashboard_reload (self);
}

JsonObject *
lifeline_dashboard_get_stats (LifelineDashboard *self)
{
  g_return_val_if_fail (LIFELINE_IS_DASHBOARD (self), NULL);

  return self->stats;
}
