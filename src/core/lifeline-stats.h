/* lifeline-stats.h — report trends with the anonymity threshold
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "lifeline-db.h"
#include "lifeline-report.h"

G_BEGIN_DECLS

/* The anonymity threshold: a figure built from fewer reports than this is
 * never shown as a number (null on the wire, "fewer than 5" for people).
 * The same value as the server's (docs/api.md, "Statistics"). */
#ifndef LIFELINE_ANONYMITY_THRESHOLD
#define LIFELINE_ANONYMITY_THRESHOLD 5
#endif

/**
 * LifelineStatsReport:
 * @created_at: when the report was made (Unix seconds)
 * @received_at: when the server received it, 0 for @created_at
 * @first_feedback_at: when its first feedback was written, 0 for none
 * @category: its category
 * @root_cause: its root cause
 * @near_miss: caught before it reached the customer
 * @article_id: (nullable): the article it names
 *
 * What the statistics need of one report; nothing that identifies anyone.
 */
typedef struct
{
  gint64             created_at;
  gint64             received_at;
  gint64             first_feedback_at;
  LifelineCategory   category;
  LifelineRootCause  root_cause;
  gboolean           near_miss;
  char              *article_id;
} LifelineStatsReport;

/* A follow-up as the statistics see it: only when it was due and done. */
typedef struct
{
  gint64 due_at;
  gint64 done_at;   /* 0: not done */
} LifelineStatsFollowup;

/* An article's title for the "top_articles" list, or NULL when unknown. */
typedef char *(*LifelineStatsTitleFunc) (const char *article_id,
                                         gpointer    user_data);

/* "YYYY-MM-DD" → midnight UTC of that day, in Unix seconds. */
gboolean   lifeline_stats_parse_date    (const char  *text,
                                         gint64      *out);
char      *lifeline_stats_format_date   (gint64       unix_seconds);

/* The default range: the last 12 full weeks up to @now's day. */
void       lifeline_stats_default_range (gint64       now,
                                         gint64      *from,
                                         gint64      *to);

/* The statistics object of GET /api/v1/stats/reports (docs/api.md) for the
 * reports created in [@from, @to + 1 day) (both midnights UTC), weekly, with
 * every cell under LIFELINE_ANONYMITY_THRESHOLD null and secondary
 * suppression, so that no null can be worked out by subtraction.
 * Follow-ups count when due in the range and before @now. */
JsonNode  *lifeline_stats_build         (const LifelineStatsReport   *reports,
                                         guint                        n_reports,
                                         const LifelineStatsFollowup *followups,
                                         guint                        n_followups,
                                         gint64                       from,
                                         gint64                       to,
                                         gint64                       now,
                                         LifelineStatsTitleFunc       title_func,
                                         gpointer                     user_data);

/* The same statistics from the client database (standalone mode): its
 * reports, feedback, follow-ups and article titles. */
JsonNode  *lifeline_stats_compute_local (LifelineDb                  *db,
                                         gint64                       from,
                                         gint64                       to,
                                         gint64                       now,
                                         GError                     **error);

G_END_DECLS
