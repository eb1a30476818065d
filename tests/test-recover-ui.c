/* test-recover-ui.c — walking a bundled recovery script in the real window, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With LIFELINE_SCREENSHOT_DIR set, also saves the guided view as PNGs there
 * (run it once with ADW_DEBUG_COLOR_SCHEME=prefer-dark for the dark ones).
 */

#include "config.h"

#include <string.h>

#include "lifeline-application.h"
#include "lifeline-core.h"
#include "lifeline-followup-dialog.h"
#include "lifeline-followups-page.h"
#include "lifeline-kb-store.h"
#include "lifeline-recover-page.h"
#include "lifeline-script-view.h"
#include "lifeline-test-ui.h"
#include "lifeline-window.h"

/* The report the agent recorded with the one click (see record_report). */
static char *report_id;
#define REPORT_ID report_id

static gboolean
view_loaded (gpointer data)
{
  return lifeline_script_view_get_n_steps (data) > 0;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  if (*out == NULL)
    *out = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_text_read, &text);
  g_assert_true (lifeline_test_wait_until (is_set, &text));
  return text;
}

static void
load_starter_kb (void)
{
  g_autofree char *path = lifeline_get_client_db_path ();
  g_autofree char *dir = lifeline_get_starter_kb_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);

  g_assert_no_error (error);
  g_assert_true (lifeline_kb_load_starter (db, dir, &error));
  g_assert_no_error (error);
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

static gboolean
session_finished_on_disk (gpointer data)
{
  g_autoptr(LifelineDb) db = open_db ();
  g_autoptr(LifelineRecoverySession) session = lifeline_recovery_session_find_for_report (db, REPORT_ID, NULL);

  return session != NULL && session->finished_at != 0;
}

/* The application put the finished script's notes on the report itself. */
static gboolean
report_carries_recovery (gpointer data)
{
  g_autoptr(LifelineDb) db = open_db ();
  g_autoptr(LifelineReport) report = lifeline_reports_get (db, REPORT_ID, NULL, NULL);

  return report != NULL && report->recovery_script_id != NULL;
}

static void
record_report (void)
{
  g_autoptr(LifelineDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = lifeline_reports_record (db, NULL, NULL, &error);

  g_assert_no_error (error);
  report_id = g_strdup (report->id);
}

static gboolean
page_lists_followup (gpointer data)
{
  GPtrArray *followups = lifeline_followups_page_get_followups (data);

  return followups->len == 1;
}

static gboolean
page_followup_done (gpointer data)
{
  GPtrArray *followups = lifeline_followups_page_get_followups (data);

  return followups->len == 1 && ((LifelineFollowup *)g_ptr_array_index (followups, 0))->done_at != 0;
}

static LifelineFollowupDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (LIFELINE_IS_FOLLOWUP_DIALOG (item))
        return LIFELINE_FOLLOWUP_DIALOG (item);
    }
  return NULL;
}

/* An agent records an "incorrect information" mistake; the matching bundled
 * script opens; they fill the customer's name once, walk every step, copy a
 * phrase, note the customer's wish and set a follow-up. */
static void
test_walk_script (void)
{
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autofree char *first_phrase = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *expected_copy = NULL;
  GtkWidget *window = NULL;
  LifelineRecoverPage *page;
  LifelineFollowupsPage *followups_page;
  LifelineScriptView *view;
  LifelineFollowupDialog *dialog;
  AdwViewStack *stack;
  LifelineScript *first;
  GPtrArray *listed;
  LifelineFollowup *followup;
  guint n_steps, n_asked = 0;
  int wish_step = -1;

  load_starter_kb ();
  record_report ();

  window = lifeline_test_start_window (G_APPLICATION (app));
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (window);

  page = LIFELINE_RECOVER_PAGE (lifeline_test_find_widget (window, LIFELINE_TYPE_RECOVER_PAGE));
  followups_page = LIFELINE_FOLLOWUPS_PAGE (lifeline_test_find_widget (window, LIFELINE_TYPE_FOLLOWUPS_PAGE));
  stack = ADW_VIEW_STACK (lifeline_test_find_widget (window, ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (page);
  g_assert_nonnull (followups_page);
  view = lifeline_recover_page_get_script_view (page);

  /* What the self-report does once a report is on disk. */
  g_assert_true (gtk_widget_activate_action (window, "win.open-recovery-for-report", "(ss)",
                                             "incorrect_information", REPORT_ID));
  g_assert_true (lifeline_test_wait_until (view_loaded, view));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "recover");

  /* The matching script, and it is listed first. */
  listed = lifeline_recover_page_get_scripts (page);
  g_assert_nonnull (listed);
  g_assert_cmpuint (listed->len, >=, 6);
  first = g_ptr_array_index (listed, 0);
  g_assert_true (lifeline_script_serves (first, "incorrect_information"));
  g_assert_cmpstr (lifeline_script_view_get_script_id (view), ==, first->id);
  n_steps = lifeline_script_view_get_n_steps (view);
  g_assert_cmpuint (n_steps, >=, 4);
  g_assert_cmpuint (lifeline_script_view_get_step (view), ==, 0);
  wish_step = lifeline_script_find_wish_step (first);
  g_assert_cmpint (wish_step, >, 0);

  /* The customer's name, typed once, is in the phrase; nothing shows braces. */
  g_assert_true (lifeline_script_view_set_value (view, "customer_name", "Mrs Okafor"));
  first_phrase = lifeline_script_view_get_phrase (view);
  g_assert_nonnull (strstr (first_phrase, "Mrs Okafor"));
  g_assert_null (strchr (first_phrase, '{'));
  lifeline_test_screenshot (window, "recover-step-1.png");

  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *phrase = lifeline_script_view_get_phrase (view);
      LifelineScriptStep *step = g_ptr_array_index (first->steps, i);

      g_assert_cmpuint (lifeline_script_view_get_step (view), ==, i);
      g_assert_null (strchr (phrase, '{'));
      /* A detail left empty says which one is missing. */
      if (strstr (step->say, "{correct_info}") != NULL)
        g_assert_nonnull (strstr (phrase, "[correct info]"));

      if ((int)i == wish_step)
        {
          g_assert_true (lifeline_script_view_set_answer (view, "A refund of the delivery fee"));
          n_asked++;

          /* Copy, as Ctrl+Shift+C or the Copy button does. */
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "script.copy-phrase", NULL));
          copied = read_clipboard (GTK_WIDGET (view));
          expected_copy = g_strdup (phrase);
          g_assert_cmpstr (copied, ==, "What would you like to see happen?");
          lifeline_test_screenshot (window, "recover-wish-step.png");
        }
      else if (step->ask != NULL)
        {
          g_autofree char *note = g_strdup_printf ("Note for step %u", i + 1);

          g_assert_true (lifeline_script_view_set_answer (view, note));
          n_asked++;
        }

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "script.next", NULL));
    }

  g_assert_cmpstr (copied, ==, expected_copy);
  g_assert_true (lifeline_script_view_is_finished (view));
  lifeline_test_screenshot (window, "recover-finished.png");

  /* The notes are on disk, and travel with the report. */
  g_assert_true (lifeline_test_wait_until (session_finished_on_disk, NULL));
  g_assert_true (lifeline_test_wait_until (report_carries_recovery, NULL));
  db = open_db ();
  report = lifeline_report_new ();
  g_free (report->id);
  report->id = g_strdup (REPORT_ID);
  g_assert_true (lifeline_recovery_attach_to_report (db, report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->recovery_script_id, ==, first->id);
  g_assert_cmpuint (g_hash_table_size (report->recovery_answers), ==, n_asked);
  {
    g_autofree char *key = g_strdup_printf ("%d", wish_step + 1);
    g_assert_cmpstr (g_hash_table_lookup (report->recovery_answers, key), ==, "A refund of the delivery fee");
  }

  /* Set a follow-up: the promise comes from the notes, the wish with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "script.set-followup", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  lifeline_test_screenshot (GTK_WIDGET (dialog), "followup-dialog.png");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "followup.save", NULL));
  g_assert_true (lifeline_test_wait_until (is_null, &dialog));

  /* On disk, and on the Follow-ups page. */
  open = lifeline_followups_list (db, LIFELINE_FOLLOWUPS_OPEN, lifeline_time_now (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  followup = g_ptr_array_index (open, 0);
  g_assert_cmpstr (followup->wish, ==, "A refund of the delivery fee");
  g_assert_cmpstr (followup->report_id, ==, REPORT_ID);
  g_assert_cmpstr (followup->promise, !=, "");
  g_assert_cmpint (followup->due_at, >, lifeline_time_now ());

  g_assert_true (gtk_widget_activate_action (window, "win.open-followup", "s", followup->id));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "followups");
  g_assert_true (lifeline_test_wait_until (page_lists_followup, followups_page));
  lifeline_test_screenshot (window, "followups-page.png");

  /* One click marks it done; the page shows it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (followups_page), "followups.done", "s", followup->id));
  g_assert_true (lifeline_test_wait_until (page_followup_done, followups_page));

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/recover/walk-script", test_walk_script);

  return g_test_run ();
}
