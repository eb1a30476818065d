/* lifeline-stats.c — report trends with the anonymity threshold
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same figures and the same suppression as the server's
 * GET /api/v1/stats/reports (docs/api.md), computed from plain arrays so
 * that standalone mode can compute them from the client database.
 */

#define G_LOG_DOMAIN "lifeline-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-stats.h"
#include "lifeline-wire.h"

#define DAY  (24 * 60 * 60)
#define WEEK (7 * DAY)
#define TOP_ARTICLES 10

/* The anonymity threshold, with secondary suppression.
 *
 * Every figure is a cell. A cell built from fewer than THRESHOLD reports is
 * hidden (null). Totals are published next to their parts, so a hidden part
 * could be worked out by subtraction: for each "total = sum of parts"
 * relation whose total shows, the hidden parts together must be 0 or at least
 * THRESHOLD; when they are not, the smallest part still showing is hidden
 * too, until every relation holds. Some cells (the reports that were not near
 * misses) are never shown but take part in the relations. */

typedef struct
{
  gint64   value;
  gboolean hidden;
} Cell;

typedef struct
{
  guint   total;
  GArray *parts;   /* of guint */
} Relation;

typedef struct
{
  GArray    *cells;      /* of Cell */
  GPtrArray *relations;  /* of Relation */
} Table;

static void
relation_free (Relation *relation)
{
  g_array_unref (relation->parts);
  g_free (relation);
}

static Table *
table_new (void)
{
  Table *table = g_new0 (Table, 1);

  table->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  table->relations = g_ptr_array_new_with_free_func ((GDestroyNotify)relation_free);
  return table;
}

static void
table_free (Table *table)
{
  g_array_unref (table->cells);
  g_ptr_array_unref (table->relations);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static guint
table_add_cells (Table *table,
                 guint  n)
{
  guint first = table->cells->len;

  g_array_set_size (table->cells, first + n);
  return first;
}

#define CELL(t, i) (&g_array_index ((t)->cells, Cell, (i)))

static Relation *
table_relate (Table *table,
              guint  total)
{
  Relation *relation = g_new0 (Relation, 1);

  relation->total = total;
  relation->parts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (table->relations, relation);
  return relation;
}

static void
relation_add (Relation *relation,
              guint     part)
{
  g_array_append_val (relation->parts, part);
}

static void
table_suppress (Table    *table,
                gboolean *never_shown)
{
  gboolean changed = TRUE;

  for (guint i = 0; i < table->cells->len; i++)
    CELL (table, i)->hidden = never_shown[i] || CELL (table, i)->value < LIFELINE_ANONYMITY_THRESHOLD;

  while (changed)
    {
      changed = FALSE;

      for (guint r = 0; r < table->relations->len; r++)
        {
          Relation *relation = table->relations->pdata[r];
          gint64 hidden_sum = 0;
          gint smallest = -1;

          if (CELL (table, relation->total)->hidden)
            continue;

          for (guint p = 0; p < relation->parts->len; p++)
            {
              guint part = g_array_index (relation->parts, guint, p);
              Cell *cell = CELL (table, part);

              if (cell->hidden)
                hidden_sum += cell->value;
              else if (cell->value > 0 &&
                       (smallest < 0 || cell->value < CELL (table, smallest)->value))
                smallest = part;
            }

          if (hidden_sum > 0 && hidden_sum < LIFELINE_ANONYMITY_THRESHOLD && smallest >= 0)
            {
              CELL (table, smallest)->hidden = TRUE;
              changed = TRUE;
            }
        }
    }
}

static void
add_cell (JsonBuilder *builder,
          const char  *member,
          Table       *table,
          guint        index)
{
  Cell *cell = CELL (table, index);

  json_builder_set_member_name (builder, member);
  if (cell->hidden)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, cell->value);
}

static void
add_share (JsonBuilder *builder,
           const char  *member,
           Table       *table,
           guint        part,
           guint        whole)
{
  Cell *p = CELL (table, part);
  Cell *w = CELL (table, whole);

  json_builder_set_member_name (builder, member);
  if (p->hidden || w->hidden || w->value == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (100.0 * p->value / w->value) / 100.0);
}

/* Dates */

gboolean
lifeline_stats_parse_date (const char *text,
                           gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

char *
lifeline_stats_format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static gint64
monday_of (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  int weekday = g_date_time_get_day_of_week (dt);   /* 1 = Monday */

  return t - (t % DAY) - (gint64)(weekday - 1) * DAY;
}

void
lifeline_stats_default_range (gint64  now,
                              gint64 *from,
                              gint64 *to)
{
  g_return_if_fail (from != NULL && to != NULL);

  *to = now - (now % DAY);
  *from = monday_of (*to) - 11 * WEEK;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  const char *article_id;
  gint64      count;
} ArticleCount;

static int
compare_article_count (gconstpointer a,
                       gconstpointer b)
{
  const ArticleCount *x = a;
  const ArticleCount *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->article_id, y->article_id);
}

static void
add_category_cells (JsonBuilder *builder,
                    Table       *table,
                    guint        first)
{
  json_builder_begin_object (builder);
  for (guint c = 0; c < LIFELINE_N_CATEGORIES; c++)
    {
      const char *name = lifeline_category_to_string (c);

      add_cell (builder, name ? name : "none", table, first + c);
    }
  json_builder_end_object (builder);
}

static void
add_root_cause_cells (JsonBuilder *builder,
                      Table       *table,
                      guint        first)
{
  json_builder_begin_object (builder);
  for (guint r = 0; r < LIFELINE_N_ROOT_CAUSES; r++)
    {
      const char *name = lifeline_root_cause_to_string (r);

      add_cell (builder, name ? name : "none", table, first + r);
    }
  json_builder_end_object (builder);
}

JsonNode *
lifeline_stats_build (const LifelineStatsReport   *reports,
                      guint                        n_reports,
                      const LifelineStatsFollowup *followups,
                      guint                        n_followups,
                      gint64                       from,
                      gint64                       to,
                      gint64                       now,
                      LifelineStatsTitleFunc       title_func,
                      gpointer                     user_data)
{
  g_autoptr(Table) table = table_new ();
  g_autofree gboolean *never = NULL;
  g_autoptr(GArray) feedback_hours = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) top = g_array_new (FALSE, FALSE, sizeof (ArticleCount));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *from_str = NULL;
  g_autofree char *to_str = NULL;
  gint64 end, first_monday, due_before;
  guint n_weeks;
  guint total, week_total, cat, cat_range, cause, cause_range, nm, not_nm, nm_range, not_nm_range;
  guint due, kept, late, with_feedback;

  g_return_val_if_fail (reports != NULL || n_reports == 0, NULL);
  g_return_val_if_fail (followups != NULL || n_followups == 0, NULL);
  g_return_val_if_fail (from <= to, NULL);

  end = to + DAY;
  first_monday = monday_of (from);
  n_weeks = (end - first_monday + WEEK - 1) / WEEK;
  due_before = MIN (end, now);

  /* The cells. */
  total = table_add_cells (table, 1);
  week_total = table_add_cells (table, n_weeks);
  cat = table_add_cells (table, n_weeks * LIFELINE_N_CATEGORIES);
  cat_range = table_add_cells (table, LIFELINE_N_CATEGORIES);
  cause = table_add_cells (table, n_weeks * LIFELINE_N_ROOT_CAUSES);
  cause_range = table_add_cells (table, LIFELINE_N_ROOT_CAUSES);
  nm = table_add_cells (table, n_weeks);
  not_nm = table_add_cells (table, n_weeks);
  nm_range = table_add_cells (table, 1);
  not_nm_range = table_add_cells (table, 1);
  due = table_add_cells (table, 1);
  kept = table_add_cells (table, 1);
  late = table_add_cells (table, 1);
  with_feedback = table_add_cells (table, 1);

  never = g_new0 (gboolean, table->cells->len);
  for (guint w = 0; w < n_weeks; w++)
    never[not_nm + w] = TRUE;
  never[not_nm_range] = TRUE;
  never[late] = TRUE;

  for (guint i = 0; i < n_reports; i++)
    {
      const LifelineStatsReport *report = &reports[i];
      guint w;

      if (report->created_at < from || report->created_at >= end)
        continue;
      if ((guint)report->category >= LIFELINE_N_CATEGORIES ||
          (guint)report->root_cause >= LIFELINE_N_ROOT_CAUSES)
        continue;

      w = (report->created_at - first_monday) / WEEK;
      if (w >= n_weeks)
        continue;
      CELL (table, total)->value++;
      CELL (table, week_total + w)->value++;
      CELL (table, cat + w * LIFELINE_N_CATEGORIES + report->category)->value++;
      CELL (table, cat_range + report->category)->value++;
      CELL (table, cause + w * LIFELINE_N_ROOT_CAUSES + report->root_cause)->value++;
      CELL (table, cause_range + report->root_cause)->value++;
      CELL (table, (report->near_miss ? nm : not_nm) + w)->value++;
      CELL (table, report->near_miss ? nm_range : not_nm_range)->value++;

      if (report->first_feedback_at > 0)
        {
          gint64 received = report->received_at > 0 ? report->received_at : report->created_at;
          gint64 seconds = MAX (0, report->first_feedback_at - received);

          CELL (table, with_feedback)->value++;
          g_array_append_val (feedback_hours, seconds);
        }

      if (report->category == LIFELINE_CATEGORY_INCORRECT_INFORMATION && report->article_id != NULL)
        g_hash_table_insert (named, report->article_id,
                             GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (named, report->article_id)) + 1));
    }

  for (guint i = 0; i < n_followups; i++)
    {
      const LifelineStatsFollowup *followup = &followups[i];

      if (followup->due_at < from || followup->due_at >= due_before)
        continue;
      CELL (table, due)->value++;
      if (followup->done_at != 0 && followup->done_at <= followup->due_at)
        CELL (table, kept)->value++;
      else
        CELL (table, late)->value++;
    }

  /* The relations between them. */
  {
    Relation *by_week = table_relate (table, total);
    Relation *cats = table_relate (table, total);
    Relation *causes = table_relate (table, total);
    Relation *near = table_relate (table, total);
    Relation *nm_weeks = table_relate (table, nm_range);
    Relation *not_nm_weeks = table_relate (table, not_nm_range);
    Relation *followup_split = table_relate (table, due);

    relation_add (near, nm_range);
    relation_add (near, not_nm_range);
    relation_add (followup_split, kept);
    relation_add (followup_split, late);

    for (guint c = 0; c < LIFELINE_N_CATEGORIES; c++)
      {
        Relation *column = table_relate (table, cat_range + c);

        relation_add (cats, cat_range + c);
        for (guint w = 0; w < n_weeks; w++)
          relation_add (column, cat + w * LIFELINE_N_CATEGORIES + c);
      }

    for (guint r = 0; r < LIFELINE_N_ROOT_CAUSES; r++)
      {
        Relation *column = table_relate (table, cause_range + r);

        relation_add (causes, cause_range + r);
        for (guint w = 0; w < n_weeks; w++)
          relation_add (column, cause + w * LIFELINE_N_ROOT_CAUSES + r);
      }

    for (guint w = 0; w < n_weeks; w++)
      {
        Relation *week_cats = table_relate (table, week_total + w);
        Relation *week_causes = table_relate (table, week_total + w);
        Relation *week_near = table_relate (table, week_total + w);

        relation_add (by_week, week_total + w);
        relation_add (nm_weeks, nm + w);
        relation_add (not_nm_weeks, not_nm + w);
        relation_add (week_near, nm + w);
        relation_add (week_near, not_nm + w);
        for (guint c = 0; c < LIFELINE_N_CATEGORIES; c++)
          relation_add (week_cats, cat + w * LIFELINE_N_CATEGORIES + c);
        for (guint r = 0; r < LIFELINE_N_ROOT_CAUSES; r++)
          relation_add (week_causes, cause + w * LIFELINE_N_ROOT_CAUSES + r);
      }
  }

  table_suppress (table, never);

  /* Articles named in incorrect-information reports: only those named by
   * enough reports are listed at all. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, named);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        ArticleCount entry = { key, GPOINTER_TO_SIZE (value) };

        if (entry.count >= LIFELINE_ANONYMITY_THRESHOLD)
          g_array_append_val (top, entry);
      }
    g_array_sort (top, compare_article_count);
    if (top->len > TOP_ARTICLES)
      g_array_set_size (top, TOP_ARTICLES);
  }

  /* The answer. */
  from_str = lifeline_stats_format_date (from);
  to_str = lifeline_stats_format_date (to);
  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "from", from_str);
  lifeline_wire_add_string (builder, "to", to_str);
  lifeline_wire_add_string (builder, "bucket", "week");
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_int_value (builder, LIFELINE_ANONYMITY_THRESHOLD);
  add_cell (builder, "total", table, total);

  json_builder_set_member_name (builder, "weeks");
  json_builder_begin_array (builder);
  for (guint w = 0; w < n_weeks; w++)
    {
      gint64 start = MAX (from, first_monday + (gint64)w * WEEK);
      gint64 stop = MIN (to, first_monday + (gint64)(w + 1) * WEEK - DAY);
      g_autofree char *start_str = lifeline_stats_format_date (start);
      g_autofree char *stop_str = lifeline_stats_format_date (stop);

      json_builder_begin_object (builder);
      lifeline_wire_add_string (builder, "start", start_str);
      lifeline_wire_add_string (builder, "end", stop_str);
      add_cell (builder, "total", table, week_total + w);
      json_builder_set_member_name (builder, "by_category");
      add_category_cells (builder, table, cat + w * LIFELINE_N_CATEGORIES);
      json_builder_set_member_name (builder, "by_root_cause");
      add_root_cause_cells (builder, table, cause + w * LIFELINE_N_ROOT_CAUSES);
      add_cell (builder, "near_miss", table, nm + w);
      add_share (builder, "near_miss_share", table, nm + w, week_total + w);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "by_category");
  add_category_cells (builder, table, cat_range);
  json_builder_set_member_name (builder, "by_root_cause");
  add_root_cause_cells (builder, table, cause_range);
  add_cell (builder, "near_miss", table, nm_range);
  add_share (builder, "near_miss_share", table, nm_range, total);

  json_builder_set_member_name (builder, "top_articles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < top->len; i++)
    {
      ArticleCount *entry = &g_array_index (top, ArticleCount, i);
      g_autofree char *title = title_func ? title_func (entry->article_id, user_data) : NULL;

      json_builder_begin_object (builder);
      lifeline_wire_add_string (builder, "article_id", entry->article_id);
      lifeline_wire_add_string (builder, "title", title);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, entry->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "time_to_feedback");
  json_builder_begin_object (builder);
  add_cell (builder, "reports", table, total);
  add_cell (builder, "with_feedback", table, with_feedback);
  if (!CELL (table, with_feedback)->hidden && feedback_hours->len > 0)
    {
      guint n = feedback_hours->len;
      double median, p90;

      g_array_sort (feedback_hours, compare_gint64);
      median = (g_array_index (feedback_hours, gint64, (n - 1) / 2) +
                g_array_index (feedback_hours, gint64, n / 2)) / 2.0 / 3600.0;
      p90 = g_array_index (feedback_hours, gint64, MIN (n - 1, (guint)ceil (0.9 * n) - 1)) / 3600.0;
      json_builder_set_member_name (builder, "median_hours");
      json_builder_add_double_value (builder, round (median * 10) / 10);
      json_builder_set_member_name (builder, "p90_hours");
      json_builder_add_double_value (builder, round (p90 * 10) / 10);
    }
  else
    {
      json_builder_set_member_name (builder, "median_hours");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "p90_hours");
      json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "followups");
  json_builder_begin_object (builder);
  add_cell (builder, "due", table, due);
  add_cell (builder, "kept", table, kept);
  add_share (builder, "kept_share", table, kept, due);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Standalone mode: the client database. */

static char *
local_title (const char *article_id,
             gpointer    user_data)
{
  LifelineDb *db = user_data;
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, "SELECT title FROM kb_articles WHERE id = ?", NULL);

  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, article_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return lifeline_db_column_dup (stmt, 0);
}

static void
stats_report_clear (gpointer data)
{
  LifelineStatsReport *report = data;

  g_free (report->article_id);
}

JsonNode *
lifeline_stats_compute_local (LifelineDb  *db,
                              gint64       from,
                              gint64       to,
                              gint64       now,
                              GError     **error)
{
  g_autoptr(GArray) reports = g_array_new (FALSE, TRUE, sizeof (LifelineStatsReport));
  g_autoptr(GArray) followups = g_array_new (FALSE, TRUE, sizeof (LifelineStatsFollowup));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonNode *node;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from > to)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("The start of the range must not be after its end"));
      return NULL;
    }

  g_array_set_clear_func (reports, stats_report_clear);

  /* One snapshot for everything (a read transaction). */
  if (!lifeline_db_exec (db, "BEGIN", error))
    return NULL;

  stmt = lifeline_db_prepare (db,
                              "SELECT r.created_at, r.received_at, r.category, r.root_cause, r.near_miss, "
                              "  r.article_id, (SELECT MIN (f.created_at) FROM feedback f WHERE f.report_id = r.id) "
                              "FROM reports r WHERE r.created_at >= ? AND r.created_at < ?",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to + DAY);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LifelineStatsReport report = { 0 };
      const char *category = (const char *)sqlite3_column_text (stmt, 2);
      const char *cause = (const char *)sqlite3_column_text (stmt, 3);

      report.created_at = sqlite3_column_int64 (stmt, 0);
      report.received_at = sqlite3_column_int64 (stmt, 1);
      if (category == NULL || !lifeline_category_from_string (category, &report.category))
        report.category = LIFELINE_CATEGORY_NONE;
      if (cause == NULL || !lifeline_root_cause_from_string (cause, &report.root_cause))
        report.root_cause = LIFELINE_ROOT_CAUSE_NONE;
      report.near_miss = sqlite3_column_int (stmt, 4) != 0;
      report.article_id = lifeline_db_column_dup (stmt, 5);
      report.first_feedback_at = sqlite3_column_int64 (stmt, 6);
      g_array_append_val (reports, report);
    }
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading the reports");
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = lifeline_db_prepare (db, "SELECT due_at, done_at FROM followups WHERE due_at >= ? AND due_at < ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, MIN (to + DAY, now));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LifelineStatsFollowup followup = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (followups, followup);
    }
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading the follow-ups");
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  node = lifeline_stats_build ((const LifelineStatsReport *)(gpointer)reports->data, reports->len,
                               (const LifelineStatsFollowup *)(gpointer)followups->data, followups->len,
                               from, to, now, local_title, db);
  lifeline_db_commit (db, NULL);
  return node;

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  lifeline_db_rollback (db);
  return NULL;
}
