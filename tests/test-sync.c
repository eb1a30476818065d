/* test-sync.c — the client's sync engine against the real lifeline-server on loopback
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No window and no mocks: the engine the app runs, a client database in a
 * temporary folder, and lifeline-server started from $LIFELINE_SERVER on
 * 127.0.0.1 with a port it picks. What the server stored is read back
 * through its API as a lead.
 *
 * `test-sync --record-and-hang DB` is the helper for the "killed right after
 * the click" test: it records a report as the click does, says so, and waits
 * to be killed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lifeline-core.h"
#include "lifeline-kb-store.h"
#include "lifeline-sync-engine.h"
#include "lifeline-test-server.h"

typedef LifelineTestSync Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  lifeline_test_sync_set_up (f, "sync");
  g_assert_cmpuint (strlen (f->agent_token), >=, 20);

  /* The outage test sends 500 reports as fast as they go: no rate limit there. */
  lifeline_test_server_start (f->server, data ? "--rate-limit" : NULL, "0", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  lifeline_test_sync_tear_down (f);
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Runs the main loop until @cond holds; fails after @timeout_s seconds. */
static void
wait_until (Fixture       *f,
            Condition      cond,
            gconstpointer  data,
            guint          timeout_s,
            const char    *what)
{
  lifeline_test_wait_for_engine (f->engine, (LifelineTestCheck)cond, f, data, timeout_s, what);
}

static gboolean
all_sent (Fixture       *f,
          gconstpointer  data)
{
  return lifeline_sync_engine_get_pending (f->engine) == 0 &&
         !lifeline_sync_engine_get_busy (f->engine);
}

static gboolean
idle (Fixture       *f,
      gconstpointer  data)
{
  return !lifeline_sync_engine_get_busy (f->engine);
}

static gboolean
in_state (Fixture       *f,
          gconstpointer  data)
{
  return lifeline_sync_engine_get_state (f->engine) == GPOINTER_TO_INT (data) &&
         !lifeline_sync_engine_get_busy (f->engine);
}

static void
connect_engine (Fixture    *f,
                const char *token)
{
  lifeline_sync_engine_set_server (f->engine, f->server->url, token);
}

/* An HTTP request as the lead; returns the status and the parsed body. */
static guint
lead_request (Fixture      *f,
              const char   *method,
              const char   *path,
              const char   *body,
              JsonObject  **out)
{
  return lifeline_test_server_request (f->server, f->session, f->lead_token, method, path, body, out);
}

/* The reports the server holds, id → revision. */
static GHashTable *
server_reports (Fixture *f)
{
  GHashTable *reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *before = NULL;

  for (;;)
    {
      g_autoptr(JsonObject) root = NULL;
      g_autofree char *path = before ? g_strdup_printf ("/api/v1/reports?limit=500&before=%s", before)
                                     : g_strdup ("/api/v1/reports?limit=500");
      JsonArray *list;

      g_assert_cmpuint (lead_request (f, "GET", path, NULL, &root), ==, 200);
      list = json_object_get_array_member (root, "reports");
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *report = json_array_get_object_element (list, i);
          const char *id = json_object_get_string_member (report, "id");

          /* Each report once in the list. */
          g_assert_false (g_hash_table_contains (reports, id));
          g_hash_table_insert (reports, g_strdup (id),
                               GINT_TO_POINTER (json_object_get_int_member (report, "revision")));
        }

      if (!json_object_get_boolean_member_with_default (root, "more", FALSE))
        break;
      g_free (before);
      before = g_strdup (json_object_get_string_member (root, "next"));
    }

  return reports;
}

static LifelineReport *
record (Fixture    *f,
        const char *article_id)
{
  g_autoptr(GError) error = NULL;
  LifelineReport *report;

  report = lifeline_reports_record (lifeline_sync_engine_get_db (f->engine), article_id, NULL, &error);
  g_assert_no_error (error);
  /* …and the details panel closed, so it does not wait for details. */
  g_assert_true (lifeline_reports_release (lifeline_sync_engine_get_db (f->engine), report->id, &error));
  g_assert_no_error (error);
  lifeline_sync_engine_queue_changed (f->engine);
  return report;
}

static void
test_report_once_with_receipt (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autoptr(GHashTable) reports = NULL;
  g_autofree char *payload = NULL;
  LifelineDb *db = lifeline_sync_engine_get_db (f->engine);
  guint created, repeated;
  gint64 receipt;

  report = record (f, NULL);
  g_assert_cmpuint (lifeline_sync_engine_get_pending (f->engine), ==, 1);
  /* No server yet: standalone, the report waits on disk. */
  g_assert_cmpint (lifeline_sync_engine_get_state (f->engine), ==, LIFELINE_SYNC_STANDALONE);

  connect_engine (f, f->agent_token);
  wait_until (f, all_sent, NULL, 20, "the report is sent");
  g_assert_cmpint (lifeline_sync_engine_get_state (f->engine), ==, LIFELINE_SYNC_SYNCED);

  /* The receipt is the server's. */
  stored = lifeline_reports_get (db, report->id, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status->sent_revision, ==, 1);
  g_assert_cmpint (status->received_at, >, 0);
  g_assert_cmpint (ABS (status->received_at - lifeline_time_now ()), <, 60);
  receipt = status->received_at;

  /* The answer was lost on the way back: the same revision goes again. */
  payload = lifeline_report_to_canonical (stored);
  g_assert_true (lifeline_outbox_enqueue (db, LIFELINE_OUTBOX_REPORT, report->id, 1, payload, &error));
  lifeline_sync_engine_queue_changed (f->engine);
  wait_until (f, all_sent, NULL, 20, "the repeat is sent");

  lifeline_sync_engine_get_counts (f->engine, &created, &repeated);
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (repeated, ==, 1);
  reports = server_reports (f);
  g_assert_cmpuint (g_hash_table_size (reports), ==, 1);
  g_assert_true (g_hash_table_contains (reports, report->id));

  /* Details after it was sent: revision 2 of the same report, still one. */
  report->category = LIFELINE_CATEGORY_PROCESS;
  report->root_cause = LIFELINE_ROOT_CAUSE_UNCLEAR_PROCESS;
  g_assert_true (lifeline_reports_save (db, report, NULL, NULL, &error));
  g_assert_cmpint (report->revision, ==, 2);
  lifeline_sync_engine_queue_changed (f->engine);
  wait_until (f, all_sent, NULL, 20, "revision 2 is sent");

  g_clear_pointer (&reports, g_hash_table_unref);
  reports = server_reports (f);
  g_assert_cmpuint (g_hash_table_size (reports), ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (reports, report->id)), ==, 2);

  /* The receipt keeps the first arrival. */
  g_clear_object (&stored);
  g_clear_pointer (&status, lifeline_report_status_free);
  stored = lifeline_reports_get (db, report->id, &status, &error);
  g_assert_cmpint (status->sent_revision, ==, 2);
  g_assert_cmpint (status->received_at, ==, receipt);
}

static gboolean
offline_with_error (Fixture       *f,
                    gconstpointer  data)
{
  return lifeline_sync_engine_get_state (f->engine) == LIFELINE_SYNC_OFFLINE &&
         lifeline_sync_engine_get_last_error (f->engine) != NULL;
}

static void
test_outage_500 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) reports = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint created, repeated;
  gint64 start;

  /* The server goes away; the agent keeps working. */
  lifeline_test_server_stop (f->server);
  connect_engine (f, f->agent_token);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(LifelineReport) report = record (f, NULL);

      g_ptr_array_add (ids, g_strdup (report->id));
    }
  g_test_message ("500 durable clicks took %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  wait_until (f, offline_with_error, NULL, 20, "the engine finds the server gone");
  g_assert_cmpuint (lifeline_sync_engine_get_pending (f->engine), ==, 500);

  /* Back on the same address (the same database): everything arrives, once each. */
  lifeline_test_server_start (f->server, "--rate-limit", "0", NULL);
  start = g_get_monotonic_time ();
  wait_until (f, all_sent, NULL, 120, "the queue drains");
  g_test_message ("500 reports sent in %.0f ms after the server came back",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (lifeline_sync_engine_get_state (f->engine), ==, LIFELINE_SYNC_SYNCED);

  lifeline_sync_engine_get_counts (f->engine, &created, &repeated);
  g_assert_cmpuint (created, ==, 500);
  g_assert_cmpuint (repeated, ==, 0);

  reports = server_reports (f);
  g_assert_cmpuint (g_hash_table_size (reports), ==, 500);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_contains (reports, g_ptr_array_index (ids, i)));
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) reports = NULL;
  guint created, repeated;
  gint64 start;

  /* A server that allows 2 requests a second, 2 at once: most sends get
   * 429 with Retry-After, are retried no sooner, and all arrive once. */
  lifeline_test_server_stop (f->server);
  lifeline_test_server_start (f->server, "--rate-limit", "2", "--rate-burst", "2", NULL);

  for (guint i = 0; i < 6; i++)
    g_object_unref (record (f, NULL));

  start = g_get_monotonic_time ();
  connect_engine (f, f->agent_token);
  wait_until (f, all_sent, NULL, 60, "the queue drains under the rate limit");

  lifeline_sync_engine_get_counts (f->engine, &created, &repeated);
  g_assert_cmpuint (created, ==, 6);
  g_assert_cmpuint (repeated, ==, 0);
  /* The pull and the sends share 2 a second: Retry-After made it wait. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);

  lifeline_test_server_stop (f->server);
  lifeline_test_server_start (f->server, "--rate-limit", "0", NULL);
  reports = server_reports (f);
  g_assert_cmpuint (g_hash_table_size (reports), ==, 6);
}

static void
test_unauthorized_keeps_queue (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autoptr(GHashTable) reports = NULL;
  g_autoptr(GError) error = NULL;

  report = record (f, NULL);
  connect_engine (f, "not-the-token-you-are-looking-for");
  wait_until (f, in_state, GINT_TO_POINTER (LIFELINE_SYNC_UNAUTHORIZED), 20, "the server refuses the token");

  /* Nothing dropped, nothing rejected: it waits for a good token. */
  g_assert_cmpuint (lifeline_sync_engine_get_pending (f->engine), ==, 1);
  g_assert_cmpuint (lifeline_sync_engine_get_rejected (f->engine), ==, 0);
  stored = lifeline_reports_get (lifeline_sync_engine_get_db (f->engine), report->id, &status, &error);
  g_assert_true (status->queued);
  g_assert_cmpint (status->rejected_at, ==, 0);
  g_assert_cmpuint (g_hash_table_size ((reports = server_reports (f))), ==, 0);

  /* A new token from the lead: it goes. */
  connect_engine (f, f->agent_token);
  wait_until (f, all_sent, NULL, 20, "the report is sent with the good token");
  g_clear_pointer (&reports, g_hash_table_unref);
  reports = server_reports (f);
  g_assert_true (g_hash_table_contains (reports, report->id));

  /* A token revoked while running: 401 again, and the queue keeps the next one. */
  g_free (lifeline_test_server_admin (f->server, "user", "revoke", "ana", NULL));
  g_object_unref (record (f, NULL));
  wait_until (f, in_state, GINT_TO_POINTER (LIFELINE_SYNC_UNAUTHORIZED), 20, "the revoked token is refused");
  g_assert_cmpuint (lifeline_sync_engine_get_pending (f->engine), ==, 1);
}

static void
test_rejected_and_resent (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GHashTable) reports = NULL;
  g_autofree char *payload = NULL;
  LifelineDb *db = lifeline_sync_engine_get_db (f->engine);
  LifelineOutboxItem *item;

  report = record (f, NULL);
  connect_engine (f, f->agent_token);
  wait_until (f, all_sent, NULL, 20, "revision 1 is sent");

  /* Revision 1 again with other content (say, a database restored from a
   * backup): the server answers 409, and the item goes to the visible list. */
  g_free (report->note);
  report->note = g_strdup ("Different words");
  payload = lifeline_report_to_canonical (report);
  g_assert_true (lifeline_outbox_enqueue (db, LIFELINE_OUTBOX_REPORT, report->id, 1, payload, &error));
  lifeline_sync_engine_queue_changed (f->engine);
  wait_until (f, in_state, GINT_TO_POINTER (LIFELINE_SYNC_REJECTED), 20, "the conflict is rejected");

  g_assert_cmpuint (lifeline_sync_engine_get_pending (f->engine), ==, 0);
  g_assert_cmpuint (lifeline_sync_engine_get_rejected (f->engine), ==, 1);
  rejected = lifeline_outbox_list_rejected (db, &error);
  item = g_ptr_array_index (rejected, 0);
  g_assert_cmpuint (item->status, ==, 409);
  g_assert_cmpstr (item->code, ==, "conflict");
  g_assert_nonnull (item->message);
  g_assert_cmpuint (strlen (item->message), >, 10);
  g_test_message ("server said: %s", item->message);
  stored = lifeline_reports_get (db, report->id, &status, &error);
  g_assert_cmpint (status->rejected_at, >, 0);
  g_assert_cmpstr (status->rejected_message, ==, item->message);

  /* Send Again: a new revision, accepted; the list is empty again. */
  g_assert_true (lifeline_reports_resend (db, report->id, &error));
  g_assert_no_error (error);
  lifeline_sync_engine_queue_changed (f->engine);
  wait_until (f, in_state, GINT_TO_POINTER (LIFELINE_SYNC_SYNCED), 20, "the resent report is accepted");
  g_assert_cmpuint (lifeline_sync_engine_get_rejected (f->engine), ==, 0);
  reports = server_reports (f);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (reports, report->id)), ==, 2);
}

static gboolean
has_article (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LifelineArticle) article =
    lifeline_kb_get_article (lifeline_sync_engine_get_db (f->engine), data, NULL);

  return article != NULL && !lifeline_sync_engine_get_busy (f->engine);
}

static gboolean
lacks_article (Fixture       *f,
               gconstpointer  data)
{
  return !has_article (f, data) && !lifeline_sync_engine_get_busy (f->engine);
}

static guint
count_feedback (Fixture    *f,
                const char *report_id)
{
  g_autoptr(sqlite3_stmt) stmt =
    lifeline_db_prepare (lifeline_sync_engine_get_db (f->engine),
                         "SELECT count(*) FROM feedback WHERE report_id = ?", NULL);

  lifeline_db_bind_text (stmt, 1, report_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static gboolean
feedback_arrived (Fixture       *f,
                  gconstpointer  data)
{
  return count_feedback (f, data) > 0 && !lifeline_sync_engine_get_busy (f->engine);
}

static void
test_pull_articles_and_feedback (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(LifelineArticle) article = NULL;
  g_autoptr(LifelineReport) open_report = NULL;
  g_autoptr(LifelineReport) secret_report = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *path = NULL;
  LifelineDb *db = lifeline_sync_engine_get_db (f->engine);
  guint status;

  connect_engine (f, f->agent_token);
  wait_until (f, idle, NULL, 20, "the first pull");

  /* A lead publishes; the agent has it after one pull, in the search index too. */
  status = lead_request (f, "PUT", "/api/v1/articles/refund-window",
                         "{\"title\": \"Refund window\", \"summary\": \"Refunds within 30 days\","
                         " \"body\": \"Refunds are possible within **30 days** of delivery.\","
                         " \"tags\": [\"refunds\"], \"owner\": \"lena\", \"verify_interval_days\": 90}",
                         &answer);
  g_assert_cmpuint (status, ==, 201);
  lifeline_sync_engine_sync_now (f->engine);
  wait_until (f, has_article, "refund-window", 20, "the article arrives");
  article = lifeline_kb_get_article (db, "refund-window", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (article->title, ==, "Refund window");
  cursor = lifeline_db_get_meta (db, "sync-cursor");
  g_assert_nonnull (cursor);
  g_assert_cmpstr (cursor, !=, "0");

  /* …and the deletion. */
  g_clear_pointer (&answer, json_object_unref);
  g_assert_cmpuint (lead_request (f, "DELETE", "/api/v1/articles/refund-window", NULL, NULL), ==, 204);
  lifeline_sync_engine_sync_now (f->engine);
  wait_until (f, lacks_article, "refund-window", 20, "the deletion arrives");

  /* Coaching on an ordinary report comes through the changes feed… */
  open_report = record (f, NULL);
  secret_report = record (f, NULL);
  secret_report->confidential = TRUE;
  g_assert_true (lifeline_reports_save (db, secret_report, NULL, NULL, &error));
  lifeline_sync_engine_queue_changed (f->engine);
  wait_until (f, all_sent, NULL, 20, "both reports are sent");

  path = g_strdup_printf ("/api/v1/reports/%s/feedback", open_report->id);
  g_assert_cmpuint (lead_request (f, "POST", path, "{\"message\": \"Thanks for flagging this; see the new checklist.\"}",
                                  NULL), ==, 201);
  lifeline_sync_engine_sync_now (f->engine);
  wait_until (f, feedback_arrived, open_report->id, 20, "coaching on the report arrives");

  /* …and on a confidential one only through its receipt. */
  g_free (path);
  path = g_strdup_printf ("/api/v1/reports/%s/feedback", secret_report->id);
  g_assert_cmpuint (lead_request (f, "POST", path, "{\"message\": \"Happens to all of us.\"}", NULL), ==, 201);
  lifeline_sync_engine_sync_now (f->engine);
  wait_until (f, feedback_arrived, secret_report->id, 20, "coaching on the confidential report arrives");
  g_assert_cmpuint (count_feedback (f, open_report->id), ==, 1);
  g_assert_cmpuint (count_feedback (f, secret_report->id), ==, 1);
}

static void
test_incorrect_information_flags_once (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(JsonObject) flags = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LifelineDb *db = lifeline_sync_engine_get_db (f->engine);
  JsonArray *list;
  guint mine = 0;

  report = record (f, "starter-refunds");
  report->category = LIFELINE_CATEGORY_INCORRECT_INFORMATION;
  g_free (report->note);
  report->note = g_strdup ("The article says 14 days; billing says 30.");
  g_assert_true (lifeline_reports_save (db, report, NULL, NULL, &error));
  g_assert_no_error (error);

  connect_engine (f, f->agent_token);
  wait_until (f, all_sent, NULL, 20, "the report and its flag are sent");
  g_assert_cmpuint (lifeline_sync_engine_get_rejected (f->engine), ==, 0);

  /* The lead's queue has the article flagged once for this report. */
  g_assert_cmpuint (lead_request (f, "GET", "/api/v1/flags?status=all", NULL, &flags), ==, 200);
  list = json_object_get_array_member (flags, "flags");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *flag = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (flag, "article_id"), "starter-refunds") == 0)
        mine++;
    }
  g_assert_cmpuint (mine, ==, 1);

  /* And the client knows it went. */
  stmt = lifeline_db_prepare (db, "SELECT count(*) FROM flags WHERE sent_at IS NOT NULL", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
}

static void
test_killed_after_click (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(GHashTable) reports = NULL;
  g_autofree char *path = g_build_filename (f->dir, "killed", "lifeline.db", NULL);
  g_autofree char *line = NULL;
  const char *id;
  const char *argv[] = { g_test_get_filename (G_TEST_BUILT, "test-sync", NULL),
                         "--record-and-hang", path, NULL };

  /* A client process records a report and is killed the next instant. */
  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "recorded "));
  id = line + strlen ("recorded ");
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_false (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The next start finds it on disk and queued… */
  db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  g_assert_no_error (error);
  stored = lifeline_reports_get (db, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lifeline_outbox_count (db), ==, 1);
  g_clear_object (&db);

  /* …and sends it. */
  g_clear_object (&f->engine);
  f->engine = lifeline_sync_engine_new (path, &error);
  g_assert_no_error (error);
  lifeline_sync_engine_set_pull_interval (f->engine, 0);
  connect_engine (f, f->agent_token);
  wait_until (f, all_sent, NULL, 20, "the report recorded before the kill is sent");
  reports = server_reports (f);
  g_assert_true (g_hash_table_contains (reports, id));
}

/* The helper process: the click, then nothing until SIGKILL. */
static int
record_and_hang (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineReport) report = NULL;

  db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  if (db != NULL)
    report = lifeline_reports_record (db, "starter-refunds", "call-7", &error);
  if (report == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  printf ("recorded %s\n", report->id);
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");

  if (argc == 3 && g_strcmp0 (argv[1], "--record-and-hang") == 0)
    return record_and_hang (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/report-once-with-receipt", test_report_once_with_receipt, NULL);
  ADD ("/sync/outage-500-arrive-once", test_outage_500, "no-rate-limit");
  ADD ("/sync/rate-limited-retry-after", test_rate_limited, NULL);
  ADD ("/sync/unauthorized-keeps-queue", test_unauthorized_keeps_queue, NULL);
  ADD ("/sync/rejected-and-resent", test_rejected_and_resent, NULL);
  ADD ("/sync/pull-articles-and-feedback", test_pull_articles_and_feedback, NULL);
  ADD ("/sync/incorrect-information-flags-once", test_incorrect_information_flags_once, NULL);
  ADD ("/sync/killed-after-click", test_killed_after_click, NULL);
#undef ADD

  return g_test_run ();
}
