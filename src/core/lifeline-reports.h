/* lifeline-reports.h — mistake reports in the client database, and their revisions
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-db.h"
#include "lifeline-report.h"

G_BEGIN_DECLS

/**
 * LifelineReportStatus:
 * @sent_revision: the highest revision the server acknowledged (0: none yet)
 * @received_at: when the server first received the report (the receipt,
 *   Unix seconds), 0 before
 * @queued: a revision is waiting in the outbox
 * @rejected_at: when the server refused the last revision sent for good, 0
 *   unless it did
 * @rejected_message: the server's words, when it refused
 * @removed: what the scrubber took out of the note (LifelineScrubKind names,
 *   comma-separated: "phone,card")
 * @updated_at: when the agent last saved it
 *
 * Where a report stands between this machine and the team.
 */
typedef struct
{
  gint64    sent_revision;
  gint64    received_at;
  gboolean  queued;
  gint64    rejected_at;
  char     *rejected_message;
  char     *removed;
  gint64    updated_at;
} LifelineReportStatus;

void                  lifeline_report_status_free   (LifelineReportStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineReportStatus, lifeline_report_status_free)

/* How long a just-recorded report waits for its details before it is sent
 * anyway; lifeline_reports_release (the panel closing) sends it at once. */
#define LIFELINE_REPORT_HOLD_MS (90 * 1000)

/* The one click: a new report (fresh UUID, now, revision 1) naming
 * @article_id and @call_id (either may be NULL), written and queued for the
 * server in one transaction. When it returns, the report is on disk as far as
 * @db's durability goes (open it with LIFELINE_DB_DURABLE). */
LifelineReport       *lifeline_reports_record       (LifelineDb      *db,
                                                     const char      *article_id,
                                                     const char      *call_id,
                                                     GError         **error);

/* Saves the details of @report (an id already recorded) and queues them.
 * The note is scrubbed first: @report->note is replaced by the scrubbed text
 * and @removed (if not NULL) receives what was taken out (LifelineScrubMatch).
 * While the current revision has not gone out, it is changed in place; once
 * it may have reached the server (or did), the change becomes revision + 1,
 * queued again (@report->revision is updated). Saving what is already stored
 * changes nothing (@out_changed FALSE). An "incorrect information" report
 * naming an article also flags the article, once, through the same outbox. */
gboolean              lifeline_reports_save         (LifelineDb      *db,
                                                     LifelineReport  *report,
                                                     GPtrArray      **removed,
                                                     gboolean        *out_changed,
                                                     GError         **error);

/* The agent is done with the details (the panel closed): the report stops
 * waiting (LIFELINE_REPORT_HOLD_MS) and goes out at the next chance. */
gboolean              lifeline_reports_release      (LifelineDb      *db,
                                                     const char      *id,
                                                     GError         **error);

/* The stored report, and if @status is not NULL where it stands. */
LifelineReport       *lifeline_reports_get          (LifelineDb      *db,
                                                     const char      *id,
                                                     LifelineReportStatus **status,
                                                     GError         **error);

/* The newest reports first, at most @limit. */
GPtrArray            *lifeline_reports_list         (LifelineDb      *db,
                                                     guint            limit,
                                                     GError         **error);

/* Queues the report again as a new revision, as it is (after the server
 * refused it, or to send it once more). */
gboolean              lifeline_reports_resend       (LifelineDb      *db,
                                                     const char      *id,
                                                     GError         **error);

/* For the sync engine, inside its transaction: the server acknowledged
 * @revision at @received_at (Unix seconds), or refused it with @message. */
gboolean              lifeline_reports_set_received (LifelineDb      *db,
                                                     const char      *id,
                                                     gint64           revision,
                                                     gint64           received_at,
                                                     GError         **error);
gboolean              lifeline_reports_set_rejected (LifelineDb      *db,
                                                     const char      *id,
                                                     const char      *message,
                                                     gint64           rejected_at,
                                                     GError         **error);

/* The UUIDs of confidential reports the server has received (their
 * receipts), newest first, at most @limit: coaching for them is fetched with
 * POST /api/v1/receipts/feedback. */
GStrv                 lifeline_reports_list_receipts(LifelineDb      *db,
                                                     guint            limit,
                                                     GError         **error);

G_END_DECLS
