/* test-recovery.c — placeholders, recovery sessions, follow-ups and their reminder schedule
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "lifeline-core.h"

static char *
temp_db (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lifeline-recovery-XXXXXX", NULL);

  return g_build_filename (dir, "lifeline.db", NULL);
}

static LifelineDb *
open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  LifelineDb *db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static LifelineScript *
parse_script (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, &error);
  LifelineScript *script;

  g_assert_no_error (error);
  script = lifeline_script_new_from_json (object, &error);
  g_assert_no_error (error);
  return script;
}

static const char script_json[] =
  "{\"kind\":\"script\",\"id\":\"wrong-info\",\"title\":\"Wrong information\","
  "\"categories\":[\"incorrect_information\"],\"steps\":["
  "{\"do\":\"Stop and correct\",\"say\":\"{customer_name}, I told you {wrong_info}.\",\"ask\":null},"
  "{\"do\":\"Correct it\",\"say\":\"The right answer is {correct_info}, {customer_name}.\",\"ask\":null},"
  "{\"do\":\"Ask\",\"say\":\"What would you like to see happen?\",\"ask\":\"What outcome does the customer want?\"},"
  "{\"do\":\"Agree\",\"say\":\"I'll call you back by {promised_date}.\",\"ask\":\"What did you agree?\"}]}";

/* Every phrase of a script filled from what the agent typed once; a
 * placeholder left empty says which detail is missing, never "{…}". */
static void
test_fill_placeholders (void)
{
  g_autoptr(LifelineScript) script = parse_script (script_json);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) names = lifeline_script_list_placeholders (script);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *last = NULL;
  g_autofree char *fallback = NULL;

  /* Asked once each, in the order the phrases use them. */
  g_assert_cmpuint (g_strv_length (names), ==, 4);
  g_assert_cmpstr (names[0], ==, "customer_name");
  g_assert_cmpstr (names[1], ==, "wrong_info");
  g_assert_cmpstr (names[2], ==, "correct_info");
  g_assert_cmpstr (names[3], ==, "promised_date");

  g_hash_table_insert (values, g_strdup ("customer_name"), g_strdup ("Mrs Okafor"));
  g_hash_table_insert (values, g_strdup ("wrong_info"), g_strdup ("the refund takes 3 days"));
  g_hash_table_insert (values, g_strdup ("correct_info"), g_strdup (""));   /* the agent left it empty */

  first = lifeline_script_fill (((LifelineScriptStep *)g_ptr_array_index (script->steps, 0))->say,
                                values, "[%s]");
  g_assert_cmpstr (first, ==, "Mrs Okafor, I told you the refund takes 3 days.");

  second = lifeline_script_fill (((LifelineScriptStep *)g_ptr_array_index (script->steps, 1))->say,
                                 values, "[%s]");
  g_assert_cmpstr (second, ==, "The right answer is [correct info], Mrs Okafor.");
  g_assert_null (strchr (second, '{'));

  last = lifeline_script_fill (((LifelineScriptStep *)g_ptr_array_index (script->steps, 3))->say,
                               values, "[%s]");
  g_assert_cmpstr (last, ==, "I'll call you back by [promised date].");

  /* A translated format is used as given. */
  fallback = lifeline_script_fill ("Hello {customer_name}", NULL, "«%s»");
  g_assert_cmpstr (fallback, ==, "Hello «customer name»");

  g_assert_cmpint (lifeline_script_find_wish_step (script), ==, 2);
}

static LifelineFollowup *
followup_at (const char *promise,
             gint64      created_at,
             gint64      due_at)
{
  LifelineFollowup *followup = lifeline_followup_new (promise, due_at);

  followup->created_at = created_at;
  return followup;
}

/* A follow-up is on disk when add returns and survives the app closing;
 * so do "done" and "already reminded". */
static void
test_followups_survive_restart (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineFollowup) followup = NULL;
  g_autoptr(LifelineFollowup) other = NULL;
  g_autoptr(LifelineFollowup) again = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GPtrArray) done = NULL;
  g_autofree char *id = NULL;
  gint64 now = 1800000000;

  db = open_db (path);
  g_assert_cmpint (lifeline_db_get_version (db), >=, 3);

  followup = followup_at ("Call back with the corrected refund amount", now - 600, now + 3600);
  followup->report_id = g_strdup ("3f2b6c1e-9a0d-4c7e-8b1a-2d3e4f5a6b7c");
  g_free (followup->customer_ref);
  followup->customer_ref = g_strdup ("Case 48213");
  g_free (followup->wish);
  followup->wish = g_strdup ("A refund by Friday");
  g_assert_true (lifeline_followups_add (db, followup, &error));
  g_assert_no_error (error);
  id = g_strdup (followup->id);
  g_assert_true (lifeline_uuid_is_valid (id));

  other = followup_at ("Send the letter", now - 7200, now - 60);
  g_assert_true (lifeline_followups_add (db, other, &error));
  g_assert_no_error (error);
  g_assert_true (lifeline_followups_set_notified (db, id, LIFELINE_NOTICE_REMINDER, &error));
  g_assert_no_error (error);

  /* The app closes; it starts again. */
  g_clear_object (&db);
  db = open_db (path);

  again = lifeline_followups_get (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->promise, ==, "Call back with the corrected refund amount");
  g_assert_cmpstr (again->customer_ref, ==, "Case 48213");
  g_assert_cmpstr (again->wish, ==, "A refund by Friday");
  g_assert_cmpstr (again->report_id, ==, "3f2b6c1e-9a0d-4c7e-8b1a-2d3e4f5a6b7c");
  g_assert_cmpint (again->due_at, ==, now + 3600);
  g_assert_cmpint (again->done_at, ==, 0);
  g_assert_cmpint (again->notified, ==, LIFELINE_NOTICE_REMINDER);

  overdue = lifeline_followups_list (db, LIFELINE_FOLLOWUPS_OVERDUE, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 1);
  g_assert_cmpstr (((LifelineFollowup *)g_ptr_array_index (overdue, 0))->promise, ==, "Send the letter");

  /* Marked done, then the app closes again. */
  g_assert_true (lifeline_followups_set_done (db, id, now, &error));
  g_assert_no_error (error);
  g_clear_object (&db);
  g_clear_object (&again);
  db = open_db (path);

  again = lifeline_followups_get (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->done_at, ==, now);
  g_assert_cmpint (again->revision, ==, 2);
  g_assert_cmpint (lifeline_followup_get_state (again, now, 600), ==, LIFELINE_FOLLOWUP_DONE);

  open = lifeline_followups_list (db, LIFELINE_FOLLOWUPS_OPEN, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((LifelineFollowup *)g_ptr_array_index (open, 0))->id, ==, other->id);

  done = lifeline_followups_list (db, LIFELINE_FOLLOWUPS_DONE, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->len, ==, 1);
  g_assert_cmpstr (((LifelineFollowup *)g_ptr_array_index (done, 0))->id, ==, id);

  /* Each state change waits in the outbox for the server, in order. */
  g_assert_cmpuint (lifeline_outbox_count (db), ==, 3);

  /* Unknown ids are a clear error, not a silent success. */
  g_assert_false (lifeline_followups_set_done (db, "00000000-0000-4000-8000-000000000000", now, &error));
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND);
}

/* Fires the schedule as the reminders module does, with a fake clock:
 * returns the notices shown up to @until, as "kind:promise@time" lines. */
static char *
replay (GPtrArray *followups,
        gint64     from,
        gint64     until,
        gint64     lead)
{
  GString *log = g_string_new (NULL);
  gint64 now = from;

  for (;;)
    {
      LifelineFollowup *followup = NULL;
      gint64 at = 0;
      LifelineNoticeKind kind = lifeline_followups_next_notice (followups, now, lead, &followup, &at);

      if (kind == LIFELINE_NOTICE_NONE || at > until)
        break;

      /* The timer jumps to the notice (or it shows at once if already late). */
      now = MAX (now, at);
      g_string_append_printf (log, "%s:%s@%" G_GINT64_FORMAT "\n",
                              kind == LIFELINE_NOTICE_REMINDER ? "reminder" : "due",
                              followup->promise, now);
      followup->notified = kind;
    }

  return g_string_free (log, FALSE);
}

static void
test_schedule (void)
{
  g_autoptr(GPtrArray) followups = g_ptr_array_new_with_free_func (g_object_unref);
  LifelineFollowup *next = NULL;
  LifelineFollowup *call, *letter, *early, *finished;
  g_autofree char *log = NULL;
  g_autofree char *log_no_lead = NULL;
  gint64 at = 0;
  gint64 t0 = 1800000000;

  call = followup_at ("call", t0, t0 + 3600);
  letter = followup_at ("letter", t0, t0 + 1800);
  early = followup_at ("soon", t0, t0 + 300);          /* made 5 minutes before its deadline */
  finished = followup_at ("finished", t0, t0 + 900);
  finished->done_at = t0 + 60;
  g_ptr_array_add (followups, call);
  g_ptr_array_add (followups, letter);
  g_ptr_array_add (followups, early);
  g_ptr_array_add (followups, finished);

  /* At t0 with a 10-minute lead: the first thing is "soon"'s deadline (its
   * reminder moment had passed when it was made), then the letter's reminder. */
  g_assert_cmpint (lifeline_followups_next_notice (followups, t0, 600, &next, &at), ==, LIFELINE_NOTICE_DUE);
  g_assert_true (next == early);
  g_assert_cmpint (at, ==, t0 + 300);

  log = replay (followups, t0, t0 + 86400, 600);
  g_assert_cmpstr (log, ==,
                   "due:soon@1800000300\n"
                   "reminder:letter@1800001200\n"
                   "due:letter@1800001800\n"
                   "reminder:call@1800003000\n"
                   "due:call@1800003600\n");

  /* Everything shown: nothing is left, so no timer is needed. */
  g_assert_cmpint (lifeline_followups_next_notice (followups, t0 + 86400, 600, &next, &at), ==, LIFELINE_NOTICE_NONE);
  g_assert_null (next);

  /* Lead 0: only deadlines. */
  for (guint i = 0; i < followups->len; i++)
    ((LifelineFollowup *)g_ptr_array_index (followups, i))->notified = LIFELINE_NOTICE_NONE;
  log_no_lead = replay (followups, t0, t0 + 86400, 0);
  g_assert_cmpstr (log_no_lead, ==,
                   "due:soon@1800000300\n"
                   "due:letter@1800001800\n"
                   "due:call@1800003600\n");

  /* The app was closed from t0 until after every deadline: at start-up each
   * missed follow-up is due now, once, and no stale reminder is shown. */
  for (guint i = 0; i < followups->len; i++)
    ((LifelineFollowup *)g_ptr_array_index (followups, i))->notified = LIFELINE_NOTICE_NONE;
  g_assert_cmpint (lifeline_followups_next_notice (followups, t0 + 7200, 600, &next, &at), ==, LIFELINE_NOTICE_DUE);
  g_assert_true (next == early);
  g_assert_cmpint (at, <=, t0 + 7200);
  g_clear_pointer (&log, g_free);
  log = replay (followups, t0 + 7200, t0 + 7200, 600);
  g_assert_cmpstr (log, ==,
                   "due:soon@1800007200\n"
                   "due:letter@1800007200\n"
                   "due:call@1800007200\n");

  /* Marking done before the deadline cancels what was left. */
  call->notified = LIFELINE_NOTICE_NONE;
  call->done_at = t0 + 10;
  g_assert_cmpint (lifeline_followups_next_notice (followups, t0 + 20, 600, &next, &at), ==, LIFELINE_NOTICE_NONE);
}

static void
test_deadline_presets (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) morning = g_date_time_new (utc, 2026, 3, 31, 10, 15, 0);
  g_autoptr(GDateTime) evening = g_date_time_new (utc, 2026, 3, 31, 18, 30, 0);
  g_autoptr(GDateTime) hour = NULL;
  g_autoptr(GDateTime) shift = NULL;
  g_autoptr(GDateTime) shift_late = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) fallback = NULL;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *s5 = NULL;
  int h, m;

  hour = lifeline_followups_deadline (LIFELINE_DEADLINE_IN_ONE_HOUR, morning, NULL);
  shift = lifeline_followups_deadline (LIFELINE_DEADLINE_END_OF_SHIFT, morning, "17:00");
  shift_late = lifeline_followups_deadline (LIFELINE_DEADLINE_END_OF_SHIFT, evening, "17:00");
  tomorrow = lifeline_followups_deadline (LIFELINE_DEADLINE_TOMORROW_MORNING, morning, "09:00");
  fallback = lifeline_followups_deadline (LIFELINE_DEADLINE_TOMORROW_MORNING, evening, "nine");

  s1 = g_date_time_format_iso8601 (hour);
  s2 = g_date_time_format_iso8601 (shift);
  s3 = g_date_time_format_iso8601 (shift_late);
  s4 = g_date_time_format_iso8601 (tomorrow);
  s5 = g_date_time_format_iso8601 (fallback);
  g_assert_cmpstr (s1, ==, "2026-03-31T11:15:00Z");
  g_assert_cmpstr (s2, ==, "2026-03-31T17:00:00Z");
  g_assert_cmpstr (s3, ==, "2026-04-01T17:00:00Z");   /* the shift is over: tomorrow's */
  g_assert_cmpstr (s4, ==, "2026-04-01T09:00:00Z");   /* across a month end */
  g_assert_cmpstr (s5, ==, "2026-04-01T09:00:00Z");   /* a bad setting falls back to 09:00 */

  g_assert_true (lifeline_followups_parse_hhmm ("7:05", &h, &m));
  g_assert_cmpint (h, ==, 7);
  g_assert_cmpint (m, ==, 5);
  g_assert_false (lifeline_followups_parse_hhmm ("24:00", &h, &m));
  g_assert_false (lifeline_followups_parse_hhmm ("17:00pm", &h, &m));
  g_assert_false (lifeline_followups_parse_hhmm ("", &h, &m));
}

/* What the agent types while walking a script is on disk and comes back,
 * and travels with the report it repairs. */
static void
test_session_persists (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineRecoverySession) session = NULL;
  g_autoptr(LifelineRecoverySession) stale = NULL;
  g_autoptr(LifelineRecoverySession) found = NULL;
  g_autoptr(LifelineRecoverySession) none = NULL;
  g_autoptr(LifelineReport) report = lifeline_report_new ();
  g_autoptr(LifelineReport) other_report = lifeline_report_new ();

  db = open_db (path);
  session = lifeline_recovery_session_new ("wrong-info", report->id);
  lifeline_recovery_session_set_value (session, "customer_name", "Mrs Okafor");
  lifeline_recovery_session_set_answer (session, 2, "A refund by Friday");
  lifeline_recovery_session_set_answer (session, 0, "She already cancelled the order");
  session->step = 2;
  g_assert_true (lifeline_recovery_session_save (db, session, &error));
  g_assert_no_error (error);

  /* An older snapshot arriving late never overwrites the newer one. */
  stale = lifeline_recovery_session_copy (session);
  stale->seq -= 1;
  lifeline_recovery_session_set_answer (session, 2, "A refund by Friday, and an apology letter");
  g_assert_true (lifeline_recovery_session_save (db, session, &error));
  g_assert_true (lifeline_recovery_session_save (db, stale, &error));
  g_assert_no_error (error);

  g_clear_object (&db);
  db = open_db (path);

  found = lifeline_recovery_session_find_open (db, "wrong-info", report->id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->id, ==, session->id);
  g_assert_cmpuint (found->step, ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (found->values, "customer_name"), ==, "Mrs Okafor");
  g_assert_cmpstr (lifeline_recovery_session_get_answer (found, 2), ==, "A refund by Friday, and an apology letter");
  g_assert_cmpstr (lifeline_recovery_session_get_answer (found, 0), ==, "She already cancelled the order");

  /* Not the session of another call. */
  none = lifeline_recovery_session_find_open (db, "wrong-info", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* Finished: the notes go with the report (step numbers from 1, as on the wire). */
  found->finished_at = lifeline_time_now ();
  found->seq++;
  g_assert_true (lifeline_recovery_session_save (db, found, &error));
  g_assert_true (lifeline_recovery_attach_to_report (db, report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->recovery_script_id, ==, "wrong-info");
  g_assert_cmpstr (g_hash_table_lookup (report->recovery_answers, "3"), ==, "A refund by Friday, and an apology letter");
  g_assert_cmpstr (g_hash_table_lookup (report->recovery_answers, "1"), ==, "She already cancelled the order");
  g_assert_cmpuint (g_hash_table_size (report->recovery_answers), ==, 2);

  /* A report with no script walked stays as it was. */
  g_assert_true (lifeline_recovery_attach_to_report (db, other_report, &error));
  g_assert_null (other_report->recovery_script_id);

  /* And a finished session is not resumed. */
  g_clear_object (&none);
  none = lifeline_recovery_session_find_open (db, "wrong-info", report->id, 0, &error);
  g_assert_null (none);
}

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
on_changed (LifelineRecoveryStore *store,
            gpointer               user_data)
{
  (*(guint *)user_data)++;
}

/* The store does its work off the calling thread and tells the pages. */
static void
test_store (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(LifelineRecoveryStore) store = lifeline_recovery_store_new (path);
  g_autoptr(LifelineFollowup) followup = followup_at ("Ring back", lifeline_time_now (), lifeline_time_now () + 3600);
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (store, "followups-changed", G_CALLBACK (on_changed), &changed);

  lifeline_recovery_store_add_followup_async (store, followup, NULL, on_ready, &added);
  g_assert_true (lifeline_recovery_store_add_followup_finish (store, wait_for (&added), &error));
  g_assert_no_error (error);
  lifeline_recovery_store_set_done_async (store, followup->id, TRUE, NULL, on_ready, &done);
  g_assert_true (lifeline_recovery_store_set_done_finish (store, wait_for (&done), &error));
  g_assert_no_error (error);
  lifeline_recovery_store_list_followups_async (store, LIFELINE_FOLLOWUPS_DONE, NULL, on_ready, &listed);
  list = lifeline_recovery_store_list_followups_finish (store, wait_for (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((LifelineFollowup *)g_ptr_array_index (list, 0))->promise, ==, "Ring back");

  while (changed < 2)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recovery/fill-placeholders", test_fill_placeholders);
  g_test_add_func ("/recovery/session-persists", test_session_persists);
  g_test_add_func ("/followups/survive-restart", test_followups_survive_restart);
  g_test_add_func ("/followups/schedule", test_schedule);
  g_test_add_func ("/followups/deadline-presets", test_deadline_presets);
  g_test_add_func ("/followups/store", test_store);

  return g_test_run ();
}
