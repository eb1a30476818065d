/* test-stats.c — report statistics with the anonymity threshold, and their CSV
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
#include "lifeline-stats-csv.h"
#include "lifeline-stats.h"

typedef struct
{
  char       *dir;
  char       *path;
  LifelineDb *db;
  guint       n;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("lifeline-stats-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "client.db", NULL);
  f->db = lifeline_db_open (f->path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
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

static gint64
date (const char *text)
{
  gint64 t = 0;

  g_assert_true (lifeline_stats_parse_date (text, &t));
  return t;
}

/* Adds @count reports made @offset seconds into @day. */
static void
add_reports (Fixture    *f,
             guint       count,
             const char *day,
             const char *category,
             const char *root_cause,
             gboolean    near_miss,
             const char *article_id)
{
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (f->db,
          "INSERT INTO reports (id, created_at, updated_at, category, root_cause, near_miss, article_id) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)", &error);
      g_autofree char *id = g_uuid_string_random ();
      gint64 t = date (day) + 3600 + f->n++;

      g_assert_no_error (error);
      lifeline_db_bind_text (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, t);
      sqlite3_bind_int64 (stmt, 3, t);
      lifeline_db_bind_text (stmt, 4, category);
      lifeline_db_bind_text (stmt, 5, root_cause);
      sqlite3_bind_int (stmt, 6, near_miss);
      lifeline_db_bind_text (stmt, 7, article_id);
      g_assert_true (lifeline_db_step_done (f->db, stmt, &error));
      g_assert_no_error (error);
    }
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lifeline_db_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

static JsonObject *
compute (Fixture    *f,
         const char *from,
         const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lifeline_stats_compute_local (f->db, date (from), date (to),
                                                           date ("2026-02-01"), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static gboolean
cell_is_null (JsonObject *object,
              const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return JSON_NODE_HOLDS_NULL (json_object_get_member (object, member));
}

static gint64
cell (JsonObject *object,
      const char *member)
{
  g_assert_false (cell_is_null (object, member));
  return json_object_get_int_member (object, member);
}

/* 4 reports in a category read null, 5 read 5; the other small ones
 * together are at least 5, so nothing else needs hiding. */
static void
test_local_threshold (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) stats = NULL;
  JsonObject *by_category, *by_cause, *week;
  JsonArray *weeks, *top;

  add_reports (f, 5, "2026-01-06", "incorrect_information", "outdated_article", FALSE, "refund-policy");
  add_reports (f, 4, "2026-01-07", "miscommunication", "stress", FALSE, NULL);
  add_reports (f, 3, "2026-01-08", "process", "stress", FALSE, NULL);
  /* Outside the range: never counted. */
  add_reports (f, 7, "2026-01-12", "system_error", "tool_fault", FALSE, NULL);
  exec (f, "INSERT INTO kb_articles (id, title) VALUES ('refund-policy', 'Refunds')");

  stats = compute (f, "2026-01-05", "2026-01-11");
  g_assert_cmpstr (json_object_get_string_member (stats, "from"), ==, "2026-01-05");
  g_assert_cmpstr (json_object_get_string_member (stats, "to"), ==, "2026-01-11");
  g_assert_cmpint (json_object_get_int_member (stats, "threshold"), ==, 5);
  g_assert_cmpint (cell (stats, "total"), ==, 12);

  by_category = json_object_get_object_member (stats, "by_category");
  g_assert_cmpint (cell (by_category, "incorrect_information"), ==, 5);
  g_assert_true (cell_is_null (by_category, "miscommunication"));
  g_assert_true (cell_is_null (by_category, "process"));
  g_assert_true (cell_is_null (by_category, "system_error"));
  g_assert_true (cell_is_null (by_category, "none"));

  by_cause = json_object_get_object_member (stats, "by_root_cause");
  g_assert_cmpint (cell (by_cause, "stress"), ==, 7);
  g_assert_cmpint (cell (by_cause, "outdated_article"), ==, 5);
  g_assert_true (cell_is_null (by_cause, "tool_fault"));

  weeks = json_object_get_array_member (stats, "weeks");
  g_assert_cmpuint (json_array_get_length (weeks), ==, 1);
  week = json_array_get_object_element (weeks, 0);
  g_assert_cmpstr (json_object_get_string_member (week, "start"), ==, "2026-01-05");
  g_assert_cmpstr (json_object_get_string_member (week, "end"), ==, "2026-01-11");
  g_assert_cmpint (cell (week, "total"), ==, 12);
  g_assert_cmpint (cell (json_object_get_object_member (week, "by_category"), "incorrect_information"), ==, 5);
  g_assert_true (cell_is_null (json_object_get_object_member (week, "by_category"), "miscommunication"));

  /* No near misses: 0 is hidden like any small number. */
  g_assert_true (cell_is_null (stats, "near_miss"));
  g_assert_true (cell_is_null (stats, "near_miss_share"));

  top = json_object_get_array_member (stats, "top_articles");
  g_assert_cmpuint (json_array_get_length (top), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (top, 0), "article_id"), ==, "refund-policy");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (top, 0), "title"), ==, "Refunds");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (top, 0), "count"), ==, 5);
}

/* A lone small cell next to a shown total would be found by subtraction:
 * the next smallest is hidden with it. */
static void
test_local_secondary (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) stats = NULL;
  JsonObject *by_category;

  add_reports (f, 6, "2026-01-06", "incorrect_information", NULL, TRUE, NULL);
  add_reports (f, 4, "2026-01-06", "miscommunication", NULL, TRUE, NULL);
  add_reports (f, 20, "2026-01-07", "process", NULL, FALSE, NULL);

  stats = compute (f, "2026-01-05", "2026-01-11");
  g_assert_cmpint (cell (stats, "total"), ==, 30);
  by_category = json_object_get_object_member (stats, "by_category");
  g_assert_true (cell_is_null (by_category, "miscommunication"));
  g_assert_true (cell_is_null (by_category, "incorrect_information"));
  g_assert_cmpint (cell (by_category, "process"), ==, 20);
  g_assert_cmpint (cell (stats, "near_miss"), ==, 10);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (stats, "near_miss_share"), 0.33, 0.001);
}

/* Feedback times and follow-ups kept on time. */
static void
test_local_feedback_followups (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) stats = NULL;
  JsonObject *feedback, *followups;
  gint64 day = date ("2026-01-06");
  g_autoptr(GString) sql = g_string_new (NULL);

  add_reports (f, 8, "2026-01-06", "process", "unclear_process", FALSE, NULL);
  /* Feedback on five of them after 2, 4, 6, 8 and 10 hours (plus a later second one). */
  g_string_append_printf (sql,
                          "INSERT INTO feedback (id, report_id, body, created_at, received_at) "
                          "SELECT 'f' || rowid, id, 'Thanks', created_at + 7200 * rowid, 0 FROM reports WHERE rowid <= 5;"
                          "INSERT INTO feedback (id, report_id, body, created_at, received_at) "
                          "SELECT 'g' || rowid, id, 'Again', created_at + 999999, 0 FROM reports WHERE rowid <= 5;");
  /* Ten follow-ups due in the range, five kept on time; one due after "now". */
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (sql,
                            "INSERT INTO followups (id, created_at, due_at, done_at) VALUES ('u%u', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ");",
                            i, day, day + 86400, i < 5 ? day + 3600 : 0);
  g_string_append_printf (sql,
                          "INSERT INTO followups (id, created_at, due_at, done_at) VALUES ('later', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 0);",
                          day, date ("2026-03-01"));
  exec (f, sql->str);

  stats = compute (f, "2026-01-05", "2026-03-31");
  feedback = json_object_get_object_member (stats, "time_to_feedback");
  g_assert_cmpint (cell (feedback, "with_feedback"), ==, 5);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (feedback, "median_hours"), 6.0, 0.01);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (feedback, "p90_hours"), 10.0, 0.01);

  followups = json_object_get_object_member (stats, "followups");
  g_assert_cmpint (cell (followups, "due"), ==, 10);
  g_assert_cmpint (cell (followups, "kept"), ==, 5);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (followups, "kept_share"), 0.5, 0.001);

  /* 13 weeks from Monday 5 January to Tuesday 31 March, the last one cut. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (stats, "weeks")), ==, 13);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (stats, "weeks"), 12), "end"),
                   ==, "2026-03-31");
}

static void
test_local_bad_range (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lifeline_stats_compute_local (f->db, date ("2026-02-01"), date ("2026-01-01"),
                                                           date ("2026-03-01"), &error);

  g_assert_null (node);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID);
}

static void
test_parse_date (void)
{
  gint64 t = 0;

  g_assert_true (lifeline_stats_parse_date ("2026-01-05", &t));
  g_assert_cmpint (t, ==, 1767571200);
  g_assert_false (lifeline_stats_parse_date ("2026-02-30", &t));
  g_assert_false (lifeline_stats_parse_date ("2026-1-05", &t));
  g_assert_false (lifeline_stats_parse_date ("yesterday", &t));
  g_assert_false (lifeline_stats_parse_date (NULL, &t));
}

static char *
field (const char *text)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  lifeline_csv_append_field (csv, text);
  return g_string_free (g_steal_pointer (&csv), FALSE);
}

static void
test_csv_quoting (void)
{
  struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"sorry\"", "\"say \"\"sorry\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { " padded ", "\" padded \"" },
    { "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
    { "+1", "\"'+1\"" },
    { "@home", "\"'@home\"" },
    { "Rückerstattung – “quoted”", "Rückerstattung – “quoted”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = field (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static const char stats_json[] =
  "{\"from\": \"2026-01-05\", \"to\": \"2026-01-18\", \"bucket\": \"week\", \"threshold\": 5, \"total\": 61,"
  " \"weeks\": [{\"start\": \"2026-01-05\", \"end\": \"2026-01-11\", \"total\": 12,"
  "   \"by_category\": {\"incorrect_information\": 6, \"miscommunication\": null, \"professionalism\": null,"
  "                     \"process\": null, \"system_error\": null, \"none\": null},"
  "   \"by_root_cause\": {\"knowledge_gap\": 5, \"outdated_article\": null, \"stress\": null, \"fatigue\": null,"
  "                       \"unclear_process\": null, \"tool_fault\": null, \"other\": null, \"none\": null},"
  "   \"near_miss\": 5, \"near_miss_share\": 0.42}],"
  " \"by_category\": {\"incorrect_information\": 30, \"miscommunication\": 31, \"professionalism\": null,"
  "                   \"process\": null, \"system_error\": null, \"none\": null},"
  " \"by_root_cause\": {\"knowledge_gap\": 61, \"outdated_article\": null, \"stress\": null, \"fatigue\": null,"
  "                     \"unclear_process\": null, \"tool_fault\": null, \"other\": null, \"none\": null},"
  " \"near_miss\": 20, \"near_miss_share\": 0.33,"
  " \"top_articles\": [{\"article_id\": \"refund-policy\", \"title\": \"Refunds, returns\", \"count\": 7},"
  "                    {\"article_id\": \"gone\", \"title\": null, \"count\": 5}],"
  " \"time_to_feedback\": {\"reports\": 61, \"with_feedback\": 6, \"median_hours\": 20.5, \"p90_hours\": null},"
  " \"followups\": {\"due\": 14, \"kept\": null, \"kept_share\": null}}";

static void
test_csv_stats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stats = lifeline_wire_parse_object (stats_json, -1, &error);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  csv = lifeline_stats_to_csv (stats, &error);
  g_assert_no_error (error);
  g_assert_nonnull (csv);

  /* CRLF line ends, a header, and every line with five fields. */
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  g_assert_true (g_str_has_prefix (csv, "Section,Item,From,To,Value\r\n"));
  lines = g_strsplit (csv, "\r\n", -1);

  g_assert_nonnull (strstr (csv, "\r\nAll reports,Reports,2026-01-05,2026-01-18,61\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nReports by category,Incorrect information,2026-01-05,2026-01-18,30\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nReports by category,Professionalism lapse,2026-01-05,2026-01-18,fewer than 5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nReports per week by category,Miscommunication,2026-01-05,2026-01-11,fewer than 5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nReports per week by category,Incorrect information,2026-01-05,2026-01-11,6\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nNear misses,Near-miss share,2026-01-05,2026-01-18,0.33\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nArticles named in incorrect-information reports,\"Refunds, returns (refund-policy)\",2026-01-05,2026-01-18,7\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nArticles named in incorrect-information reports,gone,2026-01-05,2026-01-18,5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nTime from report to feedback,Median hours,2026-01-05,2026-01-18,20.5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nTime from report to feedback,90th percentile hours,2026-01-05,2026-01-18,fewer than 5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nFollow-ups kept on time,Due,2026-01-05,2026-01-18,14\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nFollow-ups kept on time,Kept on time,2026-01-05,2026-01-18,fewer than 5\r\n"));

  /* A hidden cell never shows as a small number. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *comma = strrchr (lines[i], ',');

      if (lines[i][0] == '\0')
        continue;
      g_assert_nonnull (comma);
      if (g_ascii_isdigit (comma[1]) && strchr (comma + 1, '.') == NULL)
        g_assert_cmpint (g_ascii_strtoll (comma + 1, NULL, 10), >=, 5);
    }
}

static void
test_csv_not_stats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = lifeline_wire_parse_object ("{\"error\": {}}", -1, &error);
  g_autofree char *csv = NULL;

  g_assert_no_error (error);
  csv = lifeline_stats_to_csv (object, &error);
  g_assert_null (csv);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID);
}

/* The CSV of the local statistics: the same threshold end to end. */
static void
test_csv_local (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  add_reports (f, 5, "2026-01-06", "incorrect_information", NULL, FALSE, NULL);
  add_reports (f, 4, "2026-01-07", "miscommunication", NULL, FALSE, NULL);
  add_reports (f, 3, "2026-01-08", "process", NULL, FALSE, NULL);

  stats = compute (f, "2026-01-05", "2026-01-11");
  csv = lifeline_stats_to_csv (stats, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csv, "\r\nReports by category,Incorrect information,2026-01-05,2026-01-11,5\r\n"));
  g_assert_nonnull (strstr (csv, "\r\nReports by category,Miscommunication,2026-01-05,2026-01-11,fewer than 5\r\n"));
  g_assert_null (strstr (csv, ",4\r\n"));
  g_assert_null (strstr (csv, ",3\r\n"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/stats/parse-date", test_parse_date);
  ADD ("/stats/local/threshold", test_local_threshold);
  ADD ("/stats/local/secondary-suppression", test_local_secondary);
  ADD ("/stats/local/feedback-and-followups", test_local_feedback_followups);
  ADD ("/stats/local/bad-range", test_local_bad_range);
  g_test_add_func ("/stats/csv/quoting", test_csv_quoting);
  g_test_add_func ("/stats/csv/null-is-fewer-than-5", test_csv_stats);
  g_test_add_func ("/stats/csv/not-stats", test_csv_not_stats);
  ADD ("/stats/csv/local", test_csv_local);

  return g_test_run ();
}
