/* lifeline-stats-csv.c — report statistics as CSV, for spreadsheets
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-report.h"
#include "lifeline-stats-csv.h"
#include "lifeline-stats.h"

void
lifeline_csv_append_field (GString    *csv,
                           const char *field)
{
  gboolean quote;
  gboolean formula;
  gsize len;

  g_return_if_fail (csv != NULL);

  if (field == NULL || *field == '\0')
    return;

  len = strlen (field);
  formula = strchr ("=+@\t", field[0]) != NULL;
  quote = formula || strpbrk (field, ",\"\r\n") != NULL ||
          g_ascii_isspace (field[0]) || g_ascii_isspace (field[len - 1]);

  if (!quote)
    {
      g_string_append (csv, field);
      return;
    }

  g_string_append_c (csv, '"');
  if (formula)
    g_string_append_c (csv, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static void
append_row (GString    *csv,
            const char *section,
            const char *item,
            const char *from,
            const char *to,
            const char *value)
{
  lifeline_csv_append_field (csv, section);
  g_string_append_c (csv, ',');
  lifeline_csv_append_field (csv, item);
  g_string_append_c (csv, ',');
  lifeline_csv_append_field (csv, from);
  g_string_append_c (csv, ',');
  lifeline_csv_append_field (csv, to);
  g_string_append_c (csv, ',');
  lifeline_csv_append_field (csv, value);
  g_string_append (csv, "\r\n");
}

/* A cell as text: a number, or "fewer than 5" for null (hidden). */
static char *
cell_text (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    /* Translators: shown instead of a number built from too few reports
     * (the anonymity threshold is 5) */
    return g_strdup (_("fewer than 5"));

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", json_node_get_double (node)));
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return g_strdup (_("fewer than 5"));
}

static void
append_cell (GString    *csv,
             const char *section,
             const char *item,
             const char *from,
             const char *to,
             JsonObject *object,
             const char *member)
{
  g_autofree char *value = cell_text (object, member);

  append_row (csv, section, item, from, to, value);
}

static void
append_breakdown (GString    *csv,
                  const char *section,
                  const char *from,
                  const char *to,
                  JsonObject *cells,
                  gboolean    categories)
{
  guint n = categories ? LIFELINE_N_CATEGORIES : LIFELINE_N_ROOT_CAUSES;

  if (cells == NULL)
    return;

  /* NONE (0) last: "No category" reads best after the named ones. */
  for (guint i = 1; i <= n; i++)
    {
      guint k = i % n;
      const char *wire = categories ? lifeline_category_to_string (k) : lifeline_root_cause_to_string (k);
      const char *label;

      if (k == 0)
        label = categories ? _("No category") : _("No root cause");
      else
        label = categories ? lifeline_category_get_label (k) : lifeline_root_cause_get_label (k);

      append_cell (csv, section, label, from, to, cells, wire ? wire : "none");
    }
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

char *
lifeline_stats_to_csv (JsonObject  *stats,
                       GError     **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  const char *from, *to;
  JsonArray *weeks;
  JsonArray *top;
  JsonObject *feedback, *followups;

  g_return_val_if_fail (stats != NULL, NULL);

  from = json_object_get_string_member_with_default (stats, "from", NULL);
  to = json_object_get_string_member_with_default (stats, "to", NULL);
  weeks = json_object_has_member (stats, "weeks") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (stats, "weeks"))
          ? json_object_get_array_member (stats, "weeks") : NULL;
  if (from == NULL || to == NULL || weeks == NULL)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("These are not report statistics: “from”, “to” or “weeks” is missing"));
      return NULL;
    }

  append_row (csv, _("Section"), _("Item"), _("From"), _("To"), _("Value"));

  append_cell (csv, _("All reports"), _("Reports"), from, to, stats, "total");
  append_breakdown (csv, _("Reports by category"), from, to, get_object (stats, "by_category"), TRUE);
  append_breakdown (csv, _("Root causes"), from, to, get_object (stats, "by_root_cause"), FALSE);
  append_cell (csv, _("Near misses"), _("Near misses"), from, to, stats, "near_miss");
  append_cell (csv, _("Near misses"), _("Near-miss share"), from, to, stats, "near_miss_share");

  for (guint i = 0; i < json_array_get_length (weeks); i++)
    {
      JsonObject *week = json_array_get_object_element (weeks, i);
      const char *start, *end;

      if (week == NULL)
        continue;
      start = json_object_get_string_member_with_default (week, "start", "");
      end = json_object_get_string_member_with_default (week, "end", "");
      append_cell (csv, _("Reports per week"), _("Reports"), start, end, week, "total");
      append_breakdown (csv, _("Reports per week by category"), start, end, get_object (week, "by_category"), TRUE);
      append_breakdown (csv, _("Root causes per week"), start, end, get_object (week, "by_root_cause"), FALSE);
      append_cell (csv, _("Near misses per week"), _("Near misses"), start, end, week, "near_miss");
      append_cell (csv, _("Near misses per week"), _("Near-miss share"), start, end, week, "near_miss_share");
    }

  top = json_object_has_member (stats, "top_articles") &&
        JSON_NODE_HOLDS_ARRAY (json_object_get_member (stats, "top_articles"))
        ? json_object_get_array_member (stats, "top_articles") : NULL;
  for (guint i = 0; top != NULL && i < json_array_get_length (top); i++)
    {
      JsonObject *entry = json_array_get_object_element (top, i);
      const char *id, *title;
      g_autofree char *item = NULL;

      if (entry == NULL)
        continue;
      id = json_object_get_string_member_with_default (entry, "article_id", "");
      title = json_object_get_string_member_with_default (entry, "title", NULL);
      item = title ? g_strdup_printf ("%s (%s)", title, id) : g_strdup (id);
      append_cell (csv, _("Articles named in incorrect-information reports"), item, from, to, entry, "count");
    }

  feedback = get_object (stats, "time_to_feedback");
  if (feedback != NULL)
    {
      append_cell (csv, _("Time from report to feedback"), _("Reports with feedback"), from, to, feedback, "with_feedback");
      append_cell (csv, _("Time from report to feedback"), _("Median hours"), from, to, feedback, "median_hours");
      append_cell (csv, _("Time from report to feedback"), _("90th percentile hours"), from, to, feedback, "p90_hours");
    }

  followups = get_object (stats, "followups");
  if (followups != NULL)
    {
      append_cell (csv, _("Follow-ups kept on time"), _("Due"), from, to, followups, "due");
      append_cell (csv, _("Follow-ups kept on time"), _("Kept on time"), from, to, followups, "kept");
      append_cell (csv, _("Follow-ups kept on time"), _("Share kept on time"), from, to, followups, "kept_share");
    }

  return g_string_free (g_steal_pointer (&csv), FALSE);
}
