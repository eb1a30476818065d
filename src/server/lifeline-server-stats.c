/* lifeline-server-stats.c — report trends, never a small number
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-server-private.h"

#define DAY  (24 * 60 * 60)
#define MAX_RANGE_DAYS (3 * 366)

/* The figures and their suppression are lifeline_stats_build()'s
 * (src/core/lifeline-stats.c), the same code standalone mode runs on the
 * client database; this file reads the server's store into it. */

static char *
article_title (const char *id,
               gpointer    user_data)
{
  LifelineServerStore *store = user_data;
  g_autoptr(LifelineServerItem) item = lifeline_server_store_item_get (store, LIFELINE_ITEM_ARTICLE, id, NULL);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(LifelineArticle) article = NULL;

  if (item == NULL || item->deleted)
    return NULL;
  object = lifeline_wire_parse_object (item->content, -1, NULL);
  if (object == NULL)
    return NULL;
  article = lifeline_article_new_from_json (object, NULL);
  return article ? g_strdup (article->title) : NULL;
}

typedef struct
{
  gint64    from;
  gint64    to;
  gint64    now;
  JsonNode *result;
} StatsJob;

static void
stats_job_free (StatsJob *job)
{
  g_clear_pointer (&job->result, json_node_unref);
  g_free (job);
}

/* In a worker thread, on a read connection of its own. */
static gboolean
stats_run (LifelineServerStore  *store,
           gpointer              data,
           GError              **error)
{
  StatsJob *job = data;
  gint64 end = job->to + DAY;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) followups = NULL;
  g_autofree LifelineStatsReport *stats_reports = NULL;
  g_autofree LifelineStatsFollowup *stats_followups = NULL;

  reports = lifeline_server_store_report_list_range (store, job->from, end, error);
  if (reports == NULL)
    return FALSE;
  followups = lifeline_server_store_followup_list_due (store, job->from, MIN (end, job->now), error);
  if (followups == NULL)
    return FALSE;

  /* Borrowed strings: the rows outlive the build. */
  stats_reports = g_new0 (LifelineStatsReport, MAX (reports->len, 1));
  for (guint i = 0; i < reports->len; i++)
    {
      LifelineServerReport *row = reports->pdata[i];

      stats_reports[i].created_at = row->report->created_at;
      stats_reports[i].received_at = row->received_at;
      stats_reports[i].first_feedback_at = row->first_feedback_at;
      stats_reports[i].category = row->report->category;
      stats_reports[i].root_cause = row->report->root_cause;
      stats_reports[i].near_miss = row->report->near_miss;
      stats_reports[i].article_id = row->report->article_id;
    }

  stats_followups = g_new0 (LifelineStatsFollowup, MAX (followups->len, 1));
  for (guint i = 0; i < followups->len; i++)
    {
      LifelineServerFollowup *followup = followups->pdata[i];

      stats_followups[i].due_at = followup->due_at;
      stats_followups[i].done_at = followup->done_at;
    }

  job->result = lifeline_stats_build (stats_reports, reports->len,
                                      stats_followups, followups->len,
                                      job->from, job->to, job->now,
                                      article_title, store);
  return TRUE;
}

static void
stats_done (LifelineRequest *request,
            gpointer         data,
            const GError    *error)
{
  StatsJob *job = data;

  if (error != NULL)
    lifeline_request_send_gerror (request, error);
  else
    lifeline_request_send_json (request, SOUP_STATUS_OK, job->result);
}

void
lifeline_handle_stats (LifelineRequest *request)
{
  const char *from_text = lifeline_request_get_query (request, "from");
  const char *to_text = lifeline_request_get_query (request, "to");
  const char *bucket = lifeline_request_get_query (request, "bucket");
  gint64 now = lifeline_time_now ();
  gint64 from = 0, to = 0;
  StatsJob *job;

  if (bucket != NULL && !g_str_equal (bucket, "week"))
    {
      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field",
                                   _("Query parameter “bucket” must be “week”"));
      return;
    }

  if ((to_text != NULL && !lifeline_stats_parse_date (to_text, &to)) ||
      (from_text != NULL && !lifeline_stats_parse_date (from_text, &from)))
    {
      lifeline_request_send_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_query",
                                   _("Query parameters “from” and “to” must be dates such as 2026-11-23"));
      return;
    }
  if (to_text == NULL || from_text == NULL)
    {
      gint64 default_from, default_to;

      /* The 12 weeks up to "to", today when it is not given. */
      lifeline_stats_default_range (to_text != NULL ? to : now, &default_from, &default_to);
      if (to_text == NULL)
        to = default_to;
      if (from_text == NULL)
        from = default_from;
    }

  if (from > to || (to - from) / DAY >= MAX_RANGE_DAYS)
    {
      lifeline_request_send_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_query",
                                   _("“from” must not be after “to”, and the range must be at most 3 years"));
      return;
    }

  job = g_new0 (StatsJob, 1);
  job->from = from;
  job->to = to;
  job->now = now;
  lifeline_request_read (request, stats_run, stats_done, job, (GDestroyNotify)stats_job_free);
}
