/* test-call.c — the softphone's call in the real window, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lifeline-application.h"
#include "lifeline-call-hint.h"
#include "lifeline-call-indicator.h"
#include "lifeline-test-ui.h"
#include "lifeline-window.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct
{
  LifelineApplication   *app;
  GtkWidget             *window;
  LifelineCallIndicator *indicator;
  LifelineCallHint      *hint;
} Fixture;

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @text is the indicator's, or 5 s have passed. */
static void
wait_for_indicator_text (Fixture    *fixture,
                         const char *text)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, on_timeout, &timed_out);

  while (!timed_out && g_strcmp0 (lifeline_call_indicator_get_text (fixture->indicator), text) != 0)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpstr (lifeline_call_indicator_get_text (fixture->indicator), ==, text);
}

static void
wait_for_hint (Fixture *fixture)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, on_timeout, &timed_out);

  while (!timed_out && !lifeline_call_hint_get_shown (fixture->hint))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_true (lifeline_call_hint_get_shown (fixture->hint));
}

static const char *
current_call_state (Fixture *fixture)
{
  static char *last;
  GVariant *state = g_action_group_get_action_state (G_ACTION_GROUP (fixture->app), "current-call");

  g_assert_nonnull (state);
  g_free (last);
  last = g_variant_dup_string (state, NULL);
  g_variant_unref (state);
  return last;
}

/* One application and window for all the tests (GtkApplication keeps its
 * D-Bus objects until the process ends); each test starts between calls. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static Fixture shared;

  if (shared.app == NULL)
    {
      shared.app = lifeline_application_new ();
      shared.window = lifeline_test_start_window (G_APPLICATION (shared.app));
      g_assert_true (LIFELINE_IS_WINDOW (shared.window));
      shared.indicator = LIFELINE_CALL_INDICATOR (lifeline_test_find_widget (shared.window, LIFELINE_TYPE_CALL_INDICATOR));
      shared.hint = LIFELINE_CALL_HINT (lifeline_test_find_widget (shared.window, LIFELINE_TYPE_CALL_HINT));
      g_assert_nonnull (shared.indicator);
      g_assert_nonnull (shared.hint);
    }

  *fixture = shared;
  g_assert_null (lifeline_application_get_call_id (fixture->app));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  lifeline_application_end_call (fixture->app);
  g_settings_reset (lifeline_application_get_settings (fixture->app), "call-hint-minutes");
}

/* Between calls nothing shows; a call shows its timer in the header, ticking
 * every second; the end of the call hides it again. */
static void
test_timer (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->indicator)));
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));
  g_assert_null (lifeline_application_get_call_id (fixture->app));
  g_assert_cmpstr (current_call_state (fixture), ==, "");

  /* A call that started 4 min 12 s ago. */
  lifeline_application_start_call (fixture->app, "C-42", "Ana Ruiz", "",
                                   g_get_monotonic_time () - 4 * MINUTE - 12 * G_USEC_PER_SEC - 200000);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->indicator)));
  g_assert_cmpstr (lifeline_call_indicator_get_text (fixture->indicator), ==, "Call 04:12");
  g_assert_cmpstr (lifeline_application_get_call_id (fixture->app), ==, "C-42");
  g_assert_cmpstr (lifeline_application_get_call_caller (fixture->app), ==, "Ana Ruiz");
  g_assert_cmpstr (current_call_state (fixture), ==, "C-42");
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));

  /* It ticks. */
  wait_for_indicator_text (fixture, "Call 04:13");

  lifeline_application_end_call (fixture->app);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->indicator)));
  g_assert_null (lifeline_application_get_call_id (fixture->app));
  g_assert_cmpstr (current_call_state (fixture), ==, "");

  /* An hour-long call keeps the hours. */
  lifeline_application_start_call (fixture->app, "C-43", "", "",
                                   g_get_monotonic_time () - 64 * MINUTE - 12 * G_USEC_PER_SEC);
  g_assert_cmpstr (lifeline_call_indicator_get_text (fixture->indicator), ==, "Call 1:04:12");
  lifeline_application_end_call (fixture->app);
}

/* The hint comes after call-hint-minutes (default 8), once per call, and
 * stays away once dismissed. */
static void
test_hint (Fixture       *fixture,
           gconstpointer  data)
{
  GSettings *settings = lifeline_application_get_settings (fixture->app);

  g_assert_cmpint (g_settings_get_int (settings, "call-hint-minutes"), ==, 8);

  /* 9 minutes in: the hint is there at once, and says how long. */
  lifeline_application_start_call (fixture->app, "C-42", "Ana", "", g_get_monotonic_time () - 9 * MINUTE);
  g_assert_true (lifeline_call_hint_get_shown (fixture->hint));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->hint)));
  g_assert_nonnull (strstr (lifeline_call_hint_get_text (fixture->hint), "8 minutes"));
  g_assert_nonnull (strstr (lifeline_call_hint_get_text (fixture->hint), "lead"));

  /* Dismissed, it stays away for this call, even if the softphone repeats it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->hint), "call-hint.dismiss", NULL));
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));
  lifeline_application_start_call (fixture->app, "C-42", "Ana", "", g_get_monotonic_time () - 10 * MINUTE);
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));
  lifeline_application_end_call (fixture->app);

  /* A call just under the limit: the hint arrives on time, on its own. */
  lifeline_application_start_call (fixture->app, "C-43", "", "",
                                   g_get_monotonic_time () - 8 * MINUTE + G_USEC_PER_SEC / 2);
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));
  wait_for_hint (fixture);

  /* The call ends: the hint goes with it. */
  lifeline_application_end_call (fixture->app);
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));

  /* A short call: no hint. */
  lifeline_application_start_call (fixture->app, "C-44", "", "", g_get_monotonic_time () - 2 * MINUTE);
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));

  /* The setting is read live: 1 minute makes it due now; 0 turns it off. */
  g_settings_set_int (settings, "call-hint-minutes", 1);
  g_assert_true (lifeline_call_hint_get_shown (fixture->hint));
  g_assert_nonnull (strstr (lifeline_call_hint_get_text (fixture->hint), "1 minute."));
  g_settings_set_int (settings, "call-hint-minutes", 0);
  g_assert_false (lifeline_call_hint_get_shown (fixture->hint));
  lifeline_application_end_call (fixture->app);
  g_settings_reset (settings, "call-hint-minutes");
}

static void
on_call_id_notify (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  guint *n_notifies = user_data;

  (*n_notifies)++;
}

/* app.call-start (sss) and app.call-end: what `lifeline --call-start` and the
 * D-Bus ActivateAction call reach. */
static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  GActionGroup *group = G_ACTION_GROUP (fixture->app);
  guint n_notifies = 0;
  g_autofree char *call_id = NULL;
  gulong handler;

  handler = g_signal_connect (fixture->app, "notify::call-id", G_CALLBACK (on_call_id_notify), &n_notifies);

  g_action_group_activate_action (group, "call-start", g_variant_new ("(sss)", "CALL-123", "Ana Ruiz", ""));
  g_assert_cmpstr (lifeline_application_get_call_id (fixture->app), ==, "CALL-123");
  g_object_get (fixture->app, "call-id", &call_id, NULL);
  g_assert_cmpstr (call_id, ==, "CALL-123");
  g_assert_cmpstr (current_call_state (fixture), ==, "CALL-123");
  g_assert_cmpuint (n_notifies, ==, 1);
  g_assert_cmpstr (lifeline_call_indicator_get_text (fixture->indicator), ==, "Call 00:00");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->indicator)));

  /* The same call again (a softphone that repeats its event) keeps the timer. */
  g_action_group_activate_action (group, "call-start", g_variant_new ("(sss)", "CALL-123", "Ana Ruiz", ""));
  g_assert_cmpuint (n_notifies, ==, 1);

  /* The current call cannot be changed from outside. */
  g_action_group_change_action_state (group, "current-call", g_variant_new_string ("forged"));
  g_assert_cmpstr (current_call_state (fixture), ==, "CALL-123");

  g_action_group_activate_action (group, "call-end", NULL);
  g_assert_null (lifeline_application_get_call_id (fixture->app));
  g_assert_cmpstr (current_call_state (fixture), ==, "");
  g_assert_cmpuint (n_notifies, ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->indicator)));

  /* A call end with no call is harmless. */
  g_action_group_activate_action (group, "call-end", NULL);
  g_assert_cmpuint (n_notifies, ==, 2);

  g_signal_handler_disconnect (fixture->app, handler);
}

/* The reason the softphone gives fills the search, so suggestions are there
 * before the agent types; without one the search is left alone. */
static void
test_reason_fills_search (Fixture       *fixture,
                          gconstpointer  data)
{
  GActionGroup *group = G_ACTION_GROUP (fixture->app);
  GtkEditable *entry = GTK_EDITABLE (lifeline_test_find_widget (fixture->window, GTK_TYPE_SEARCH_ENTRY));

  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, "");

  g_action_group_activate_action (group, "call-start",
                                  g_variant_new ("(sss)", "C-42", "Ana", "broadband outage refund"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "broadband outage refund");
  g_action_group_activate_action (group, "call-end", NULL);

  gtk_editable_set_text (entry, "router");
  g_action_group_activate_action (group, "call-start", g_variant_new ("(sss)", "C-43", "Bo", ""));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "router");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/call/timer", Fixture, NULL, fixture_set_up, test_timer, fixture_tear_down);
  g_test_add ("/call/hint", Fixture, NULL, fixture_set_up, test_hint, fixture_tear_down);
  g_test_add ("/call/actions", Fixture, NULL, fixture_set_up, test_actions, fixture_tear_down);
  g_test_add ("/call/reason-fills-search", Fixture, NULL, fixture_set_up, test_reason_fills_search, fixture_tear_down);

  return g_test_run ();
}
