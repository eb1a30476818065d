/* test-report-ui.c — the one click in the real window, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The button's action writes the report before it returns (checked with a
 * separate SQLite connection, before the main loop runs again); the panel
 * opens; the details the agent sets are on disk when they press Done.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "lifeline-application.h"
#include "lifeline-core.h"
#include "lifeline-report-panel.h"
#include "lifeline-sync-status.h"
#include "lifeline-test-ui.h"
#include "lifeline-window.h"

/* Reads the client database with a connection of its own, as another
 * process would after a crash. */
static char *
query (const char *sql)
{
  g_autofree char *path = lifeline_get_client_db_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

static gpointer
child (GtkWidget  *panel,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (panel, LIFELINE_TYPE_REPORT_PANEL, name);

  g_assert_nonnull (object);
  return object;
}

static void
test_one_click (void)
{
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  GtkWidget *window;
  GtkWidget *panel;
  GtkWidget *status;
  g_autofree char *count = NULL;
  g_autofree char *queued = NULL;
  g_autofree char *id = NULL;
  g_autofree char *details = NULL;
  g_autofree char *note = NULL;
  g_autofree char *revision = NULL;
  g_autofree char *removed_text = NULL;
  GtkLabel *scrub_label;

  window = lifeline_test_start_window (G_APPLICATION (app));
  g_assert_nonnull (window);
  lifeline_test_wait_for_frame (window);

  panel = lifeline_test_find_widget (window, LIFELINE_TYPE_REPORT_PANEL);
  g_assert_nonnull (panel);
  g_assert_false (lifeline_report_panel_get_revealed (LIFELINE_REPORT_PANEL (panel)));

  /* No server: standalone, and the header says nothing about syncing. */
  status = lifeline_test_find_widget (window, LIFELINE_TYPE_SYNC_STATUS);
  g_assert_nonnull (status);
  g_assert_false (gtk_widget_get_visible (status));

  /* The click. Before the main loop runs again, the report is on disk and queued. */
  g_assert_true (gtk_widget_activate_action (window, "win.report-mistake", NULL));
  count = query ("SELECT count(*) FROM reports");
  g_assert_cmpstr (count, ==, "1");
  queued = query ("SELECT count(*) FROM outbox WHERE kind = 'report'");
  g_assert_cmpstr (queued, ==, "1");
  id = query ("SELECT id FROM reports");
  g_assert_true (lifeline_uuid_is_valid (id));

  /* The panel shows that report. */
  g_assert_true (lifeline_report_panel_get_revealed (LIFELINE_REPORT_PANEL (panel)));
  g_assert_cmpstr (lifeline_report_panel_get_report_id (LIFELINE_REPORT_PANEL (panel)), ==, id);
  lifeline_test_wait_for_frame (panel);

  /* The agent picks the details and types a note with a phone number. */
  adw_combo_row_set_selected (child (panel, "category_row"), LIFELINE_CATEGORY_MISCOMMUNICATION);
  adw_combo_row_set_selected (child (panel, "root_cause_row"), LIFELINE_ROOT_CAUSE_STRESS);
  gtk_switch_set_active (child (panel, "confidential_switch"), TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (panel, "note_view")),
                            "Promised a callback on 555-123-4567 without checking.", -1);

  /* What will not leave the machine is shown before it is sent. */
  scrub_label = child (panel, "scrub_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (scrub_label)));
  removed_text = g_strdup (gtk_label_get_text (scrub_label));
  g_assert_nonnull (strstr (removed_text, "555-123-4567"));

  /* Done: saved at once (same revision: nothing went out), the panel closes. */
  g_assert_true (gtk_widget_activate_action (panel, "report.done", NULL));
  details = query ("SELECT category || '|' || root_cause || '|' || confidential || '|' || near_miss FROM reports");
  g_assert_cmpstr (details, ==, "miscommunication|stress|1|0");
  note = query ("SELECT note FROM reports");
  g_assert_cmpstr (note, ==, "Promised a callback on [phone number] without checking.");
  revision = query ("SELECT group_concat(revision) FROM outbox WHERE kind = 'report'");
  g_assert_cmpstr (revision, ==, "1");
  g_assert_false (lifeline_report_panel_get_revealed (LIFELINE_REPORT_PANEL (panel)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/report-ui/one-click", test_one_click);

  return g_test_run ();
}
