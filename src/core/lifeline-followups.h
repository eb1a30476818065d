/* lifeline-followups.h — follow-ups in SQLite, deadlines and the reminder schedule
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-db.h"
#include "lifeline-followup.h"

G_BEGIN_DECLS

/**
 * LifelineNoticeKind:
 * @LIFELINE_NOTICE_NONE: nothing to show
 * @LIFELINE_NOTICE_REMINDER: the reminder, a lead time before the deadline
 * @LIFELINE_NOTICE_DUE: the deadline itself (or a deadline that passed while
 *   Lifeline was closed)
 *
 * The notices of one follow-up, in the order they are shown. A follow-up's
 * `notified` field holds the last one shown, so none is shown twice, even
 * across restarts.
 */
typedef enum
{
  LIFELINE_NOTICE_NONE,
  LIFELINE_NOTICE_REMINDER,
  LIFELINE_NOTICE_DUE,
} LifelineNoticeKind;

typedef enum
{
  LIFELINE_FOLLOWUPS_OPEN,      /* not done, soonest deadline first */
  LIFELINE_FOLLOWUPS_DUE,       /* not done, deadline still ahead of @now */
  LIFELINE_FOLLOWUPS_OVERDUE,   /* not done, deadline at or before @now */
  LIFELINE_FOLLOWUPS_DONE,      /* done, most recently done first */
  LIFELINE_FOLLOWUPS_ALL,       /* open ones first, then done ones */
} LifelineFollowupsFilter;

typedef enum
{
  LIFELINE_DEADLINE_IN_ONE_HOUR,
  LIFELINE_DEADLINE_END_OF_SHIFT,
  LIFELINE_DEADLINE_TOMORROW_MORNING,
} LifelineDeadlinePreset;

/* Storage. @db is opened with lifeline_client_schema(); each call is one
 * durable transaction (and, where the outbox exists, queues the new state for
 * the server in the same transaction). */
gboolean           lifeline_followups_add           (LifelineDb              *db,
                                                     LifelineFollowup        *followup,
                                                     GError                 **error);
LifelineFollowup  *lifeline_followups_get           (LifelineDb              *db,
                                                     const char              *id,
                                                     GError                 **error);
GPtrArray         *lifeline_followups_list          (LifelineDb              *db,
                                                     LifelineFollowupsFilter  filter,
                                                     gint64                   now,
                                                     GError                 **error);
/* @done_at 0 opens it again. */
gboolean           lifeline_followups_set_done      (LifelineDb              *db,
                                                     const char              *id,
                                                     gint64                   done_at,
                                                     GError                 **error);
gboolean           lifeline_followups_set_notified  (LifelineDb              *db,
                                                     const char              *id,
                                                     LifelineNoticeKind       kind,
                                                     GError                 **error);

/* The schedule, a pure function of its arguments. Of @followups (done ones
 * are skipped), finds the notice to show next and when (@out_at, Unix
 * seconds; at or before @now means "show it now"). A reminder comes
 * @lead_seconds before the deadline, unless that moment had already passed
 * when the follow-up was made, or the deadline itself has passed (then only
 * the deadline is shown). Returns LIFELINE_NOTICE_NONE when nothing is left. */
LifelineNoticeKind lifeline_followups_next_notice   (GPtrArray               *followups,
                                                     gint64                   now,
                                                     gint64                   lead_seconds,
                                                     LifelineFollowup       **out_followup,
                                                     gint64                  *out_at);

/* The deadline a preset stands for, from @now (local time). @hhmm is the
 * GSettings time ("17:00") for end of shift and tomorrow morning; an end of
 * shift already past means tomorrow's. */
GDateTime         *lifeline_followups_deadline      (LifelineDeadlinePreset   preset,
                                                     GDateTime               *now,
                                                     const char              *hhmm);
gboolean           lifeline_followups_parse_hhmm    (const char              *hhmm,
                                                     int                     *hour,
                                                     int                     *minute);

G_END_DECLS
