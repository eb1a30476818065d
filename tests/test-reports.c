/* test-reports.c — the one click, details and revisions, scrubbing, the flag
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "lifeline-core.h"

typedef struct
{
  char       *dir;
  char       *path;
  LifelineDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("lifeline-reports-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "client.db", NULL);
  f->db = lifeline_db_open (f->path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->db);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The queued rows of one report: "rev:attempts" joined by spaces. */
static char *
queued_revisions (LifelineDb *db,
                  const char *id)
{
  g_autoptr(GPtrArray) items = lifeline_outbox_list (db, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      LifelineOutboxItem *item = g_ptr_array_index (items, i);

      if (item->kind != LIFELINE_OUTBOX_REPORT || g_strcmp0 (item->item_id, id) != 0)
        continue;
      g_string_append_printf (out, "%s%" G_GINT64_FORMAT ":%u", out->len ? " " : "",
                              item->revision, item->attempts);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What the sync engine does with the head of the outbox on a 2xx. */
static void
send_head (LifelineDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineOutboxItem) item = lifeline_outbox_peek (db, G_MAXINT64, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_true (lifeline_outbox_begin_attempt (db, item->seq, &error));
  g_assert_true (lifeline_db_begin (db, &error));
  g_assert_true (lifeline_outbox_ack (db, item->seq, &error));
  if (item->kind == LIFELINE_OUTBOX_REPORT)
    g_assert_true (lifeline_reports_set_received (db, item->item_id, item->revision, 1763906520, &error));
  g_assert_true (lifeline_db_commit (db, &error));
  g_assert_no_error (error);
}

static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autoptr(LifelineDb) reader = NULL;
  g_autoptr(LifelineOutboxItem) item = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(LifelineReport) sent = NULL;
  g_autofree char *queued = NULL;
  gint64 before = lifeline_time_now ();

  report = lifeline_reports_record (f->db, "refund-policy", "call-42", &error);
  g_assert_no_error (error);
  g_assert_true (lifeline_uuid_is_valid (report->id));
  g_assert_cmpint (report->revision, ==, 1);
  g_assert_cmpint (report->created_at, >=, before);

  /* On disk as soon as the call returns: another connection reads it. */
  reader = lifeline_db_open (f->path, NULL, LIFELINE_DB_READ_ONLY, &error);
  g_assert_no_error (error);
  stored = lifeline_reports_get (reader, report->id, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->article_id, ==, "refund-policy");
  g_assert_cmpstr (stored->call_id, ==, "call-42");
  g_assert_cmpint (stored->category, ==, LIFELINE_CATEGORY_NONE);
  g_assert_true (status->queued);
  g_assert_cmpint (status->sent_revision, ==, 0);
  g_assert_cmpint (status->received_at, ==, 0);

  /* …and queued in the same transaction, as the wire format. */
  queued = queued_revisions (reader, report->id);
  g_assert_cmpstr (queued, ==, "1:0");
  item = lifeline_outbox_peek (reader, G_MAXINT64, NULL, &error);
  payload = lifeline_wire_parse_object (item->payload, -1, &error);
  g_assert_no_error (error);
  sent = lifeline_report_new_from_json (payload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent->id, ==, report->id);

  /* A detail the server would refuse never fails the click. */
  g_clear_object (&report);
  report = lifeline_reports_record (f->db, "not a valid id!", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (report->article_id);
}

static void
test_revisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autoptr(LifelineOutboxItem) head = NULL;
  g_autofree char *q1 = NULL;
  g_autofree char *q2 = NULL;
  g_autofree char *q3 = NULL;
  g_autofree char *q4 = NULL;
  gboolean changed = FALSE;

  report = lifeline_reports_record (f->db, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Changed before it was sent: the same revision, still one row. */
  report->category = LIFELINE_CATEGORY_MISCOMMUNICATION;
  report->root_cause = LIFELINE_ROOT_CAUSE_STRESS;
  g_assert_true (lifeline_reports_save (f->db, report, NULL, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (report->revision, ==, 1);
  q1 = queued_revisions (f->db, report->id);
  g_assert_cmpstr (q1, ==, "1:0");

  /* Saving the same details again changes nothing. */
  g_assert_true (lifeline_reports_save (f->db, report, NULL, &changed, &error));
  g_assert_false (changed);
  g_assert_cmpint (report->revision, ==, 1);

  /* Revision 1 goes out (an attempt, answer not in yet): a change is revision 2. */
  head = lifeline_outbox_peek (f->db, G_MAXINT64, NULL, &error);
  g_assert_true (lifeline_outbox_begin_attempt (f->db, head->seq, &error));
  report->near_miss = TRUE;
  g_assert_true (lifeline_reports_save (f->db, report, NULL, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (report->revision, ==, 2);
  q2 = queued_revisions (f->db, report->id);
  g_assert_cmpstr (q2, ==, "1:1 2:0");

  /* Before revision 2 is attempted, another change stays revision 2. */
  report->confidential = TRUE;
  g_assert_true (lifeline_reports_save (f->db, report, NULL, &changed, &error));
  g_assert_cmpint (report->revision, ==, 2);
  q3 = queued_revisions (f->db, report->id);
  g_assert_cmpstr (q3, ==, "1:1 2:0");

  /* Both acknowledged: the receipt is kept; a change after that is revision 3. */
  send_head (f->db);
  send_head (f->db);
  stored = lifeline_reports_get (f->db, report->id, &status, &error);
  g_assert_cmpint (status->sent_revision, ==, 2);
  g_assert_cmpint (status->received_at, ==, 1763906520);
  g_assert_false (status->queued);
  g_assert_true (stored->confidential);
  g_assert_true (stored->near_miss);

  g_free (report->note);
  report->note = g_strdup ("Forgot to check the plan first.");
  g_assert_true (lifeline_reports_save (f->db, report, NULL, &changed, &error));
  g_assert_cmpint (report->revision, ==, 3);
  q4 = queued_revisions (f->db, report->id);
  g_assert_cmpstr (q4, ==, "3:0");
  g_clear_object (&stored);
  g_clear_pointer (&status, lifeline_report_status_free);
  stored = lifeline_reports_get (f->db, report->id, &status, &error);
  g_assert_cmpint (stored->revision, ==, 3);
  g_assert_cmpint (status->sent_revision, ==, 2);
  g_assert_true (status->queued);
}

static void
test_scrubbed_note (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LifelineDb) reader = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  report = lifeline_reports_record (f->db, NULL, NULL, &error);
  g_free (report->note);
  report->note = g_strdup ("Told her the wrong fee; she is on 555-123-4567, card 4111 1111 1111 1111.");
  g_assert_true (lifeline_reports_save (f->db, report, &removed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->note, ==, "Told her the wrong fee; she is on [phone number], card [card number].");
  g_assert_cmpuint (removed->len, ==, 2);

  stored = lifeline_reports_get (f->db, report->id, &status, &error);
  g_assert_cmpstr (stored->note, ==, report->note);
  g_assert_cmpstr (status->removed, ==, "phone,card");

  /* Neither the queued payload nor any byte of the database holds them. */
  items = lifeline_outbox_list (f->db, &error);
  g_assert_null (strstr (((LifelineOutboxItem *)g_ptr_array_index (items, 0))->payload, "4567"));
  g_clear_object (&f->db);
  reader = lifeline_db_open (f->path, NULL, LIFELINE_DB_READ_ONLY, &error);
  stmt = lifeline_db_prepare (reader,
                              "SELECT (SELECT count(*) FROM reports WHERE note LIKE '%4567%') + "
                              "(SELECT count(*) FROM outbox WHERE payload LIKE '%4111%')", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
}

static void
test_incorrect_information_flags (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LifelineOutboxItem *flag;
  g_autoptr(JsonObject) payload = NULL;

  report = lifeline_reports_record (f->db, "refund-policy", NULL, &error);
  report->category = LIFELINE_CATEGORY_INCORRECT_INFORMATION;
  g_assert_true (lifeline_reports_save (f->db, report, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Changed again: still one flag. */
  report->root_cause = LIFELINE_ROOT_CAUSE_OUTDATED_ARTICLE;
  g_assert_true (lifeline_reports_save (f->db, report, NULL, NULL, &error));

  stmt = lifeline_db_prepare (f->db, "SELECT count(*), min(article_id), min(report_id) FROM flags", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, "refund-policy");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, report->id);

  /* Through the same outbox, behind the report it names. */
  items = lifeline_outbox_list (f->db, &error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (((LifelineOutboxItem *)g_ptr_array_index (items, 0))->kind, ==, LIFELINE_OUTBOX_REPORT);
  flag = g_ptr_array_index (items, 1);
  g_assert_cmpint (flag->kind, ==, LIFELINE_OUTBOX_FLAG);
  payload = lifeline_wire_parse_object (flag->payload, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (payload, "report_id"), ==, report->id);
  g_assert_cmpstr (json_object_get_string_member (payload, "id"), ==, flag->item_id);
  g_assert_true (*json_object_get_string_member (payload, "reason") != '\0');

  /* Other categories do not flag. */
  {
    g_autoptr(LifelineReport) other = lifeline_reports_record (f->db, "refund-policy", NULL, &error);

    other->category = LIFELINE_CATEGORY_PROCESS;
    g_assert_true (lifeline_reports_save (f->db, other, NULL, NULL, &error));
    g_clear_pointer (&items, g_ptr_array_unref);
    items = lifeline_outbox_list (f->db, &error);
    g_assert_cmpuint (items->len, ==, 3);
  }
}

static void
test_rejected_then_edited (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineOutboxItem) head = NULL;
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autofree char *queued = NULL;

  report = lifeline_reports_record (f->db, NULL, NULL, &error);
  head = lifeline_outbox_peek (f->db, G_MAXINT64, NULL, &error);
  g_assert_true (lifeline_outbox_begin_attempt (f->db, head->seq, &error));
  g_assert_true (lifeline_db_begin (f->db, &error));
  g_assert_true (lifeline_outbox_reject (f->db, head->seq, 409, "conflict", "Conflict", 100, &error));
  g_assert_true (lifeline_reports_set_rejected (f->db, report->id, "Conflict", 100, &error));
  g_assert_true (lifeline_db_commit (f->db, &error));

  stored = lifeline_reports_get (f->db, report->id, &status, &error);
  g_assert_cmpint (status->rejected_at, ==, 100);
  g_assert_cmpstr (status->rejected_message, ==, "Conflict");
  g_assert_false (status->queued);
  g_assert_cmpuint (lifeline_outbox_count_rejected (f->db), ==, 1);

  /* Edited: out of the rejected list, queued again as the next revision. */
  report->category = LIFELINE_CATEGORY_SYSTEM_ERROR;
  g_assert_true (lifeline_reports_save (f->db, report, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->revision, ==, 2);
  g_assert_cmpuint (lifeline_outbox_count_rejected (f->db), ==, 0);
  queued = queued_revisions (f->db, report->id);
  g_assert_cmpstr (queued, ==, "2:0");
  g_clear_object (&stored);
  g_clear_pointer (&status, lifeline_report_status_free);
  stored = lifeline_reports_get (f->db, report->id, &status, &error);
  g_assert_cmpint (status->rejected_at, ==, 0);

  /* Resent as it is: the next revision again. */
  g_assert_true (lifeline_reports_resend (f->db, report->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&queued, g_free);
  queued = queued_revisions (f->db, report->id);
  g_assert_cmpstr (queued, ==, "2:0");
}

/* The click's report waits for its details (confidential above all) so that
 * they reach the server in the first revision, never after it; closing the
 * panel, or a new start of the app, sends it at once. */
static void
test_held_for_details (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineOutboxItem) item = NULL;
  g_autoptr(LifelineReport) sent = NULL;
  g_autoptr(JsonObject) payload = NULL;
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 next_due = 0;
  gboolean changed = FALSE;

  report = lifeline_reports_record (f->db, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Not due now, but due by itself within the hold. */
  item = lifeline_outbox_peek (f->db, now_ms, &next_due, &error);
  g_assert_no_error (error);
  g_assert_null (item);
  g_assert_cmpint (next_due, >, now_ms);
  g_assert_cmpint (next_due, <=, now_ms + LIFELINE_REPORT_HOLD_MS + 1000);

  /* The agent marks it confidential: still revision 1, still held. */
  report->confidential = TRUE;
  g_assert_true (lifeline_reports_save (f->db, report, NULL, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (report->revision, ==, 1);
  item = lifeline_outbox_peek (f->db, now_ms, NULL, &error);
  g_assert_null (item);

  /* The panel closes: it goes out now, confidential from its first revision. */
  g_assert_true (lifeline_reports_release (f->db, report->id, &error));
  g_assert_no_error (error);
  item = lifeline_outbox_peek (f->db, now_ms, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  payload = lifeline_wire_parse_object (item->payload, -1, &error);
  sent = lifeline_report_new_from_json (payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->revision, ==, 1);
  g_assert_true (sent->confidential);
  g_assert_true (lifeline_outbox_ack (f->db, item->seq, &error));
  g_clear_pointer (&item, lifeline_outbox_item_free);

  /* A report held when the app was closed goes out at the next start. */
  g_clear_object (&report);
  report = lifeline_reports_record (f->db, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lifeline_outbox_release_holds (f->db, &error));
  g_assert_no_error (error);
  item = lifeline_outbox_peek (f->db, now_ms, NULL, &error);
  g_assert_nonnull (item);
  g_assert_cmpstr (item->item_id, ==, report->id);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reports/record", test_record);
  ADD ("/reports/revisions", test_revisions);
  ADD ("/reports/scrubbed-note", test_scrubbed_note);
  ADD ("/reports/incorrect-information-flags", test_incorrect_information_flags);
  ADD ("/reports/rejected-then-edited", test_rejected_then_edited);
  ADD ("/reports/held-for-details", test_held_for_details);
#undef ADD

  return g_test_run ();
}
