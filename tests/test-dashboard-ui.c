/* test-dashboard-ui.c — the lead's trends and reports in the real window, standalone, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With LIFELINE_SCREENSHOT_DIR set, also saves the dashboard at 1280×800,
 * light and dark, as PNGs there.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lifeline-application.h"
#include "lifeline-core.h"
#include "lifeline-dashboard.h"
#include "lifeline-lead-page.h"
#include "lifeline-reports-view.h"
#include "lifeline-stats.h"
#include "lifeline-test-ui.h"
#include "lifeline-window.h"

#define DAY (24 * 60 * 60)

/* The first button (or toggle button) under @widget labelled @label. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Light, then dark. */
static void
screenshot (GtkWidget  *window,
            const char *name)
{
  const char *dir = g_getenv ("LIFELINE_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  light = g_strdup_printf ("%s-light.png", name);
  dark = g_strdup_printf ("%s-dark.png", name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  lifeline_test_save_png (window, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  lifeline_test_save_png (window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static LifelineDb *
open_db (void)
{
  g_autofree char *path = lifeline_get_client_db_path ();
  g_autoptr(GError) error = NULL;
  LifelineDb *db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);

  g_assert_no_error (error);
  return db;
}

static void
add_report (LifelineDb *db,
            gint64      created_at,
            const char *category,
            const char *root_cause,
            gboolean    near_miss,
            gboolean    confidential,
            const char *article_id,
            const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db,
      "INSERT INTO reports (id, created_at, updated_at, category, root_cause, near_miss, confidential, "
      "  article_id, note, recovery) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &error);
  g_autofree char *id = g_uuid_string_random ();

  g_assert_no_error (error);
  lifeline_db_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, created_at);
  sqlite3_bind_int64 (stmt, 3, created_at);
  lifeline_db_bind_text (stmt, 4, category);
  lifeline_db_bind_text (stmt, 5, root_cause);
  sqlite3_bind_int (stmt, 6, near_miss);
  sqlite3_bind_int (stmt, 7, confidential);
  lifeline_db_bind_text (stmt, 8, article_id);
  lifeline_db_bind_text (stmt, 9, note ? note : "");
  lifeline_db_bind_text (stmt, 10, note ? "{\"script_id\": \"recover-incorrect-information\", "
                                          "\"answers\": {\"4\": \"A refund by Friday\"}}" : NULL);
  g_assert_true (lifeline_db_step_done (db, stmt, &error));
  g_assert_no_error (error);
}

static gint64
date (const char *text)
{
  gint64 t = 0;

  g_assert_true (lifeline_stats_parse_date (text, &t));
  return t;
}

/* The week of 5 January 2026, for exact numbers: 5 "incorrect information"
 * (a cell of 5 shows 5), 4 "miscommunication" and 3 "process" (cells under
 * 5 read "fewer than 5"). Around now, twelve weeks of a team's reports, so
 * the default range has something to draw. Returns how many reports a lead
 * may see in the list (3 confidential ones wait for 2 more). */
static guint
add_reports (void)
{
  g_autoptr(LifelineDb) db = open_db ();
  gint64 now = lifeline_time_now ();
  const char *categories[] = { "incorrect_information", "miscommunication", "process", "system_error",
                               "professionalism", NULL };
  const char *causes[] = { "knowledge_gap", "outdated_article", "stress", "unclear_process", "tool_fault",
                           "fatigue", NULL };
  guint n = 0;

  for (guint i = 0; i < 12; i++)
    {
      gint64 t = date ("2026-01-05") + (i % 5) * DAY + 3600 * (9 + i);
      const char *category = i < 5 ? "incorrect_information" : i < 9 ? "miscommunication" : "process";

      add_report (db, t, category, i < 5 ? "outdated_article" : "stress", FALSE, FALSE,
                  i < 5 ? "refund-timelines" : NULL, i == 0 ? "The refund window in the article was 30 days; it is 14." : NULL);
      n++;
    }

  for (guint w = 0; w < 12; w++)
    for (guint i = 0; i < 16 + (w * 7) % 13; i++)
      {
        gint64 t = now - (gint64)w * 7 * DAY - (gint64)(i % 5) * DAY - 3600;
        guint k = (w + i * 3) % 11;
        const char *category = k < 4 ? categories[0] : k < 7 ? categories[1] : k < 9 ? categories[2] :
                               k < 10 ? categories[3] : (i % 3 ? NULL : categories[4]);

        add_report (db, t, category, causes[(w + i) % 7 == 6 ? 2 : (w + i) % 7], i % 4 == 0, FALSE,
                    k < 4 ? (i % 3 ? "refund-timelines" : "duplicate-payment") : NULL, NULL);
        n++;
      }

  /* Feedback on some of them, and follow-ups, all done (so no reminder
   * fires), most on time. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *sql = g_strdup_printf (
        "INSERT INTO feedback (id, report_id, body, created_at, received_at) "
        "  SELECT 'fb-' || rowid, id, 'Thanks for owning it.', created_at + 3600 * (2 + rowid %% 30), 0 "
        "  FROM reports WHERE created_at > %" G_GINT64_FORMAT " AND rowid %% 6 = 0;"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) "
        "INSERT INTO followups (id, created_at, due_at, done_at) "
        "  SELECT 'fu-' || i, %" G_GINT64_FORMAT " - i * 86400 * 3, %" G_GINT64_FORMAT " - i * 86400 * 3 + 86400, "
        "    %" G_GINT64_FORMAT " - i * 86400 * 3 + CASE WHEN i %% 4 = 0 THEN 3 * 86400 ELSE 3600 END FROM n;",
        now - 84 * DAY, now, now, now);

    g_assert_true (lifeline_db_exec (db, sql, &error));
    g_assert_no_error (error);
  }

  /* Three confidential ones: fewer than 5, so the lead does not see them yet. */
  for (guint i = 0; i < 3; i++)
    add_report (db, now - 3600 * (i + 1), "professionalism", "fatigue", FALSE, TRUE, NULL, "Snapped at a caller.");

  return n;
}

static gboolean
page_available (gpointer data)
{
  return lifeline_lead_page_get_available (data);
}

typedef struct
{
  LifelineDashboard *dashboard;
  const char        *from;
} StatsWait;

static gboolean
stats_loaded (gpointer data)
{
  StatsWait *wait = data;
  JsonObject *stats = lifeline_dashboard_get_stats (wait->dashboard);

  return stats != NULL &&
         (wait->from == NULL || g_strcmp0 (json_object_get_string_member (stats, "from"), wait->from) == 0);
}

static const char *
grid_text (GtkGrid *grid,
           int      column,
           int      row)
{
  GtkWidget *child = gtk_grid_get_child_at (grid, column, row);

  g_assert_true (GTK_IS_LABEL (child));
  return gtk_label_get_text (GTK_LABEL (child));
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lifeline_dashboard_export_finish (LIFELINE_DASHBOARD (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *)data;
}

typedef struct
{
  LifelineReportsView *view;
  guint                n;
} ReportsWait;

static gboolean
reports_listed (gpointer data)
{
  ReportsWait *wait = data;

  return lifeline_reports_view_get_n_reports (wait->view) == wait->n;
}

/* The feedback the lead wrote in the test (not the demo's). */
static char *
feedback_in_db (char **report_id)
{
  g_autoptr(LifelineDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, "SELECT body, report_id FROM feedback WHERE id NOT LIKE 'fb-%'", &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (report_id != NULL)
    *report_id = lifeline_db_column_dup (stmt, 1);
  return lifeline_db_column_dup (stmt, 0);
}

static gboolean
feedback_stored (gpointer data)
{
  g_autofree char *body = feedback_in_db (NULL);

  return body != NULL;
}

/* Standalone, with local reports: the Trends page computes the same
 * figures as the server would, a small cell reads "fewer than 5" in the
 * table behind "Show as table" and a big one its number, and the CSV says
 * the same; the Reports page lists what a lead may see and stores the
 * feedback written from a template. */
static void
test_dashboard (void)
{
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *feedback = NULL;
  g_autofree char *feedback_report = NULL;
  g_autoptr(GFile) csv_file = NULL;
  GtkWidget *window = NULL;
  LifelineLeadPage *page;
  LifelineDashboard *dashboard;
  LifelineReportsView *view;
  AdwViewStack *stack;
  GtkWidget *toggle, *section, *button;
  GtkGrid *grid;
  GtkListBox *list;
  StatsWait swait = { 0 };
  ReportsWait rwait = { 0 };
  gboolean exported = FALSE;
  guint n_visible;

  n_visible = add_reports ();
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 800);

  window = lifeline_test_start_window (G_APPLICATION (app));
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (window);

  page = LIFELINE_LEAD_PAGE (lifeline_test_find_widget (window, LIFELINE_TYPE_LEAD_PAGE));
  g_assert_nonnull (page);
  g_assert_true (lifeline_test_wait_until (page_available, page));
  stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "lead");
  adw_view_stack_set_visible_child_name (lifeline_lead_page_get_stack (page), "trends");

  /* Shown, it loads the default range (the last 12 weeks) from the local database. */
  dashboard = LIFELINE_DASHBOARD (lifeline_test_find_widget (GTK_WIDGET (page), LIFELINE_TYPE_DASHBOARD));
  g_assert_nonnull (dashboard);
  swait.dashboard = dashboard;
  g_assert_true (lifeline_test_wait_until (stats_loaded, &swait));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (lifeline_dashboard_get_stats (dashboard), "weeks")),
                   >=, 12);
  screenshot (window, "dashboard");
  if (g_getenv ("LIFELINE_SCREENSHOT_DIR") != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
          GTK_SCROLLED_WINDOW (lifeline_test_find_widget (GTK_WIDGET (dashboard), GTK_TYPE_SCROLLED_WINDOW)));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      screenshot (window, "dashboard-lower");
      gtk_adjustment_set_value (adjustment, 0);
    }

  /* The week with known numbers. */
  swait.from = "2026-01-05";
  lifeline_dashboard_set_range (dashboard, LIFELINE_DASHBOARD_RANGE_CUSTOM, "2026-01-05", "2026-01-11");
  g_assert_true (lifeline_test_wait_until (stats_loaded, &swait));

  /* The table behind the weekly chart: week, then the categories. */
  toggle = find_button (GTK_WIDGET (dashboard), "Show as _table");
  g_assert_nonnull (toggle);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (toggle));
  section = gtk_widget_get_parent (gtk_widget_get_parent (toggle));
  grid = GTK_GRID (lifeline_test_find_widget (section, GTK_TYPE_GRID));
  g_assert_nonnull (grid);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (grid)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (grid)));

  g_assert_cmpstr (grid_text (grid, 0, 0), ==, "Week starting");
  g_assert_cmpstr (grid_text (grid, 1, 0), ==, "Incorrect information");
  g_assert_cmpstr (grid_text (grid, 2, 0), ==, "Miscommunication");
  g_assert_cmpstr (grid_text (grid, 3, 0), ==, "Professionalism lapse");
  g_assert_cmpstr (grid_text (grid, 4, 0), ==, "Process not followed");
  g_assert_cmpstr (grid_text (grid, 0, 1), ==, "2026-01-05");
  g_assert_cmpstr (grid_text (grid, 1, 1), ==, "5");
  g_assert_cmpstr (grid_text (grid, 2, 1), ==, "fewer than 5");
  g_assert_cmpstr (grid_text (grid, 4, 1), ==, "fewer than 5");
  g_assert_cmpstr (grid_text (grid, 8, 0), ==, "All reports");
  g_assert_cmpstr (grid_text (grid, 8, 1), ==, "12");
  g_assert_null (gtk_grid_get_child_at (grid, 0, 2));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (gtk_grid_get_child_at (grid, 2, 1))));
  screenshot (window, "dashboard-table");

  /* The CSV export says the same. */
  dir = g_dir_make_tmp ("lifeline-csv-XXXXXX", &error);
  g_assert_no_error (error);
  csv_path = g_build_filename (dir, "trends.csv", NULL);
  csv_file = g_file_new_for_path (csv_path);
  lifeline_dashboard_export_async (dashboard, csv_file, NULL, on_exported, &exported);
  g_assert_true (lifeline_test_wait_until (flag_set, &exported));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (csv, "Section,Item,From,To,Value\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nAll reports,Reports,2026-01-05,2026-01-11,12\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nReports per week by category,Incorrect information,2026-01-05,2026-01-11,5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nReports per week by category,Miscommunication,2026-01-05,2026-01-11,fewer than 5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nRoot causes,Stress or time pressure,2026-01-05,2026-01-11,7\r\n"));
  {
    /* Named by its title when the starter knowledge base is loaded, else by its id. */
    const char *line = strstr (csv, "\r\nArticles named in incorrect-information reports,");
    g_autofree char *rest = NULL;

    g_assert_nonnull (line);
    rest = g_strndup (line + 2, strstr (line + 2, "\r\n") - (line + 2));
    g_assert_nonnull (strstr (rest, "refund-timelines"));
    g_assert_true (g_str_has_suffix (rest, ",2026-01-05,2026-01-11,5"));
  }
  g_unlink (csv_path);
  g_rmdir (dir);

  /* The reports: newest first, the 3 confidential ones held back. */
  adw_view_stack_set_visible_child_name (lifeline_lead_page_get_stack (page), "reports");
  view = LIFELINE_REPORTS_VIEW (lifeline_test_find_widget (GTK_WIDGET (page), LIFELINE_TYPE_REPORTS_VIEW));
  g_assert_nonnull (view);
  rwait.view = view;
  rwait.n = n_visible;
  g_assert_true (lifeline_test_wait_until (reports_listed, &rwait));

  /* Answer the oldest one (the one with a note and recovery notes) from a template. */
  list = GTK_LIST_BOX (lifeline_test_find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_BOX));
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, n_visible - 1));
  gtk_test_widget_wait_for_draw (window);
  button = find_button (GTK_WIDGET (view), "Thank you for owning it");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  screenshot (window, "reports");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "reports.send", NULL));
  g_assert_true (lifeline_test_wait_until (feedback_stored, NULL));
  feedback = feedback_in_db (&feedback_report);
  g_assert_true (g_str_has_prefix (feedback, "Thank you for reporting this"));
  {
    g_autoptr(LifelineDb) db = open_db ();
    g_autoptr(LifelineReport) report = lifeline_reports_get (db, feedback_report, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (report->note, ==, "The refund window in the article was 30 days; it is 14.");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/dashboard/standalone", test_dashboard);

  return g_test_run ();
}
