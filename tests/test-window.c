/* test-window.c — the real window, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lifeline-application.h"
#include "lifeline-window.h"

static void
wait_for_frame (GtkWidget *widget)
{
  /* Spin until the window has been drawn at least once. */
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (widget); i++)
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (widget);
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  GtkWidget **out = user_data;

  *out = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static void
test_search_has_focus (void)
{
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = NULL;
  GtkWidget *focus;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &window);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  g_assert_nonnull (window);
  g_assert_true (LIFELINE_IS_WINDOW (window));
  wait_for_frame (window);

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
