/* test-search-ui.c — searching and reading as an agent does, in the real
 * window under Xvfb, on the starter knowledge base loaded at start-up
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lifeline-application.h"
#include "lifeline-article-page.h"
#include "lifeline-client-schema.h"
#include "lifeline-result-row.h"
#include "lifeline-search-page.h"
#include "lifeline-test-ui.h"
#include "lifeline-window.h"

typedef struct
{
  LifelineApplication *app;
  GtkWidget           *window;
  LifelineSearchPage  *page;
  GtkEditable         *entry;
} Fixture;

static GtkWidget *
find_with_class (GtkWidget  *widget,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The list shows the results of what the entry says (not of an earlier
 * keystroke's query). */
static gboolean
results_are_current (Fixture *f)
{
  return g_strcmp0 (lifeline_search_page_get_shown_query (f->page), gtk_editable_get_text (f->entry)) == 0;
}

/* The visible result rows of the results list, in order. */
static GPtrArray *
visible_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *list;

  if (g_strcmp0 (lifeline_search_page_get_view (f->page), "results") != 0 || !results_are_current (f))
    return rows;

  /* The list of the page's visible view (the start view has lists too). */
  list = lifeline_test_find_widget (gtk_stack_get_visible_child (GTK_STACK (lifeline_test_find_widget (GTK_WIDGET (f->page),
                                                                                  GTK_TYPE_STACK))),
                          GTK_TYPE_LIST_BOX);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (LIFELINE_IS_RESULT_ROW (row) && gtk_widget_get_visible (row))
      g_ptr_array_add (rows, row);

  return rows;
}

static gboolean
shows_start_view (gpointer data)
{
  Fixture *f = data;
  return g_strcmp0 (lifeline_search_page_get_view (f->page), "home") == 0 && results_are_current (f);
}

static gboolean
shows_article (gpointer data)
{
  Fixture *f = data;
  return g_strcmp0 (lifeline_search_page_get_view (f->page), "article") == 0;
}

static gboolean
shows_results (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) rows = visible_rows (f);

  return rows->len > 0;
}

static gboolean
shows_no_results (gpointer data)
{
  Fixture *f = data;
  return g_strcmp0 (lifeline_search_page_get_view (f->page), "no-results") == 0 && results_are_current (f);
}

/* The current results' top row is expected_top. */
static const char *expected_top;

static gboolean
top_row_is_expected (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) rows = visible_rows (f);

  return rows->len > 0 &&
         g_strcmp0 (lifeline_result_row_get_id (g_ptr_array_index (rows, 0)), expected_top) == 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint n_apps;
  g_autofree char *app_id = g_strdup_printf ("%s.SearchUiTest%u", APP_ID, ++n_apps);

  f->app = lifeline_application_new ();
  /* An id of its own: the previous test's application may still be exported
   * on the bus until its last reference goes. */
  g_application_set_application_id (G_APPLICATION (f->app), app_id);
  f->window = lifeline_test_start_window (G_APPLICATION (f->app));
  g_assert_true (LIFELINE_IS_WINDOW (f->window));

  f->page = LIFELINE_SEARCH_PAGE (lifeline_test_find_widget (f->window, LIFELINE_TYPE_SEARCH_PAGE));
  g_assert_nonnull (f->page);
  f->entry = GTK_EDITABLE (lifeline_search_page_get_search_entry (f->page));

  /* The starter knowledge base loads in a thread; the start view shows
   * Lifeline's own help articles once it is in. */
  g_assert_true (lifeline_test_wait_until (shows_start_view, f));
  gtk_test_widget_wait_for_draw (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_application_quit (G_APPLICATION (f->app));
  g_clear_object (&f->app);
}

static void
test_type_open_and_go_back (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  LifelineArticlePage *article_page;
  LifelineArticle *article;
  gboolean policy_near_top = FALSE;

  /* Every keystroke searches: the first letters already show rows. */
  gtk_editable_set_text (f->entry, "re");
  g_assert_true (lifeline_test_wait_until (shows_results, f));
  gtk_editable_set_text (f->entry, "refund");
  g_assert_true (lifeline_test_wait_until (shows_results, f));

  /* Articles about refunds, with the refund policy among the first three. */
  rows = visible_rows (f);
  g_assert_cmpuint (rows->len, >=, 3);
  for (guint i = 0; i < 3; i++)
    policy_near_top |= g_strcmp0 (lifeline_result_row_get_id (g_ptr_array_index (rows, i)), "refund-policy") == 0;
  g_assert_true (policy_near_top);
  g_clear_pointer (&rows, g_ptr_array_unref);

  gtk_editable_set_text (f->entry, "refund policy");
  expected_top = "refund-policy";
  g_assert_true (lifeline_test_wait_until (top_row_is_expected, f));
  gtk_test_widget_wait_for_draw (f->window);

  /* Enter opens the first result. */
  g_assert_null (lifeline_search_page_get_article_id (f->page));
  g_signal_emit_by_name (f->entry, "activate");
  g_assert_true (lifeline_test_wait_until (shows_article, f));
  g_assert_cmpstr (lifeline_search_page_get_article_id (f->page), ==, "refund-policy");

  article_page = LIFELINE_ARTICLE_PAGE (lifeline_test_find_widget (GTK_WIDGET (f->page), LIFELINE_TYPE_ARTICLE_PAGE));
  article = lifeline_article_page_get_article (article_page);
  g_assert_nonnull (article);
  g_assert_cmpstr (article->title, ==, "Refund policy for cancelled services");
  {
    /* The title on screen is the article's. */
    GtkWidget *title = find_with_class (GTK_WIDGET (article_page), "lifeline-article-title");

    g_assert_nonnull (title);
    g_assert_true (gtk_widget_is_drawable (title));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==, "Refund policy for cancelled services");
  }

  /* The agent can keep typing: focus stayed in the entry. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (f->entry)));
  gtk_test_widget_wait_for_draw (f->window);

  /* Escape goes back to the same results, the text kept… */
  g_signal_emit_by_name (f->entry, "stop-search");
  g_assert_cmpstr (lifeline_search_page_get_view (f->page), ==, "results");
  g_assert_null (lifeline_search_page_get_article_id (f->page));
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "refund policy");
  g_assert_true (top_row_is_expected (f));

  /* …and then clears the entry, back to the start view. */
  g_signal_emit_by_name (f->entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "");
  g_assert_true (lifeline_test_wait_until (shows_start_view, f));

  /* What was opened is there to open again. */
  {
    GtkWidget *row = lifeline_test_find_widget (GTK_WIDGET (f->page), LIFELINE_TYPE_RESULT_ROW);

    g_assert_nonnull (row);
    g_assert_cmpstr (lifeline_result_row_get_id (LIFELINE_RESULT_ROW (row)), ==, "refund-policy");
  }
}

static void
test_arrows_pick_a_result (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *third = NULL;

  gtk_editable_set_text (f->entry, "refund");
  g_assert_true (lifeline_test_wait_until (shows_results, f));
  rows = visible_rows (f);
  g_assert_cmpuint (rows->len, >=, 3);
  third = g_strdup (lifeline_result_row_get_id (g_ptr_array_index (rows, 2)));

  /* The best match is picked; Down twice picks the third, Enter opens it. */
  g_assert_true (gtk_list_box_row_is_selected (g_ptr_array_index (rows, 0)));
  g_signal_emit_by_name (f->entry, "next-match");
  g_signal_emit_by_name (f->entry, "next-match");
  g_assert_false (gtk_list_box_row_is_selected (g_ptr_array_index (rows, 0)));
  g_assert_true (gtk_list_box_row_is_selected (g_ptr_array_index (rows, 2)));
  g_signal_emit_by_name (f->entry, "activate");
  g_assert_true (lifeline_test_wait_until (shows_article, f));
  g_assert_cmpstr (lifeline_search_page_get_article_id (f->page), ==, third);

  /* Ctrl+K (win.focus-search) brings the focus back from anywhere. */
  gtk_widget_grab_focus (lifeline_test_find_widget (lifeline_test_find_widget (GTK_WIDGET (f->page), LIFELINE_TYPE_ARTICLE_PAGE),
                                          GTK_TYPE_BUTTON));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (f->entry)));
  g_assert_true (gtk_widget_activate_action (f->window, "win.focus-search", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (f->entry)));

  /* Typing again, while the article is open, searches anew. */
  gtk_editable_set_text (f->entry, "zqxjkvw qqqzzz");
  g_assert_true (lifeline_test_wait_until (shows_no_results, f));
  g_assert_null (lifeline_search_page_get_article_id (f->page));
}

static gboolean
flag_is_stored (gpointer data)
{
  Fixture *f = data;
  g_autoptr(LifelineDb) db = lifeline_db_open (lifeline_application_get_db_path (f->app), NULL,
                                               LIFELINE_DB_READ_ONLY, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (db == NULL)
    return FALSE;
  stmt = lifeline_db_prepare (db, "SELECT reason FROM flags WHERE article_id = 'refund-timelines'", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
         g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "Out of date: now 10 working days") == 0;
}

static void
test_flag_an_article (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *dialog = NULL;
  GtkWidget *note;
  GListModel *toplevels;

  gtk_widget_activate_action (f->window, "win.open-article", "s", "refund-timelines");
  g_assert_true (lifeline_test_wait_until (shows_article, f));
  g_assert_cmpstr (lifeline_search_page_get_article_id (f->page), ==, "refund-timelines");

  /* "Flag as wrong or outdated" asks what is wrong… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (lifeline_test_find_widget (GTK_WIDGET (f->page),
                                                                         LIFELINE_TYPE_ARTICLE_PAGE)),
                                             "article.flag", NULL));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        dialog = window;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));

  note = lifeline_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (note);
  gtk_editable_set_text (GTK_EDITABLE (note), "now 10 working days");

  /* …and keeps it on disk for the sync engine to send. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "flag");
  g_assert_true (lifeline_test_wait_until (flag_is_stored, f));
}

int
main (int    argc,
      char **argv)
{
  /* Nothing here reads the accessibility tree: no AT-SPI registry (it would
   * write to standard output, which is TAP). */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/search-ui/type-open-and-go-back", Fixture, NULL,
              fixture_set_up, test_type_open_and_go_back, fixture_tear_down);
  g_test_add ("/search-ui/arrows-pick-a-result", Fixture, NULL,
              fixture_set_up, test_arrows_pick_a_result, fixture_tear_down);
  g_test_add ("/search-ui/flag-an-article", Fixture, NULL,
              fixture_set_up, test_flag_an_article, fixture_tear_down);

  return g_test_run ();
}
