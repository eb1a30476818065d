/* test-window.c — the real window, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lifeline-application.h"
#include "lifeline-test-ui.h"
#include "lifeline-window.h"

static void
test_search_has_focus (void)
{
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  GtkWidget *window;
  GtkWidget *focus;

  window = lifeline_test_start_window (G_APPLICATION (app));
  g_assert_nonnull (window);
  g_assert_true (LIFELINE_IS_WINDOW (window));
  lifeline_test_wait_for_frame (window);

  /* The agent can type at once: the search entry (its text widget) has focus. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_SEARCH_ENTRY (focus) ||
                 GTK_IS_SEARCH_ENTRY (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY)));

  /* The narrow agent window by default. */
  g_assert_cmpint (gtk_widget_get_width (window), <=, 480);

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/search-has-focus", test_search_has_focus);

  return g_test_run ();
}
