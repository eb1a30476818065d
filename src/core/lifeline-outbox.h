/* lifeline-outbox.h — the durable, first-in-first-out queue of what goes to the server
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-db.h"

G_BEGIN_DECLS

typedef enum
{
  LIFELINE_OUTBOX_REPORT,     /* PUT /api/v1/reports/{item_id} */
  LIFELINE_OUTBOX_FLAG,       /* POST /api/v1/articles/{article_id}/flags */
  LIFELINE_OUTBOX_FOLLOWUP,   /* PUT /api/v1/followups/{item_id} */
} LifelineOutboxKind;

const char *lifeline_outbox_kind_to_string   (LifelineOutboxKind  kind);
gboolean    lifeline_outbox_kind_from_string (const char         *text,
                                              LifelineOutboxKind *kind);

/* One row of the outbox, or of the rejected list (then @status, @code and
 * @message say why, and @rejected_at when). */
typedef struct
{
  gint64              seq;
  LifelineOutboxKind  kind;
  char               *item_id;
  gint64              revision;
  char               *payload;
  gint64              created_at;        /* Unix seconds */
  guint               attempts;
  gint64              next_attempt_at;   /* Unix milliseconds */
  char               *last_error;

  guint               status;
  char               *code;
  char               *message;
  gint64              rejected_at;       /* Unix seconds */
} LifelineOutboxItem;

void                lifeline_outbox_item_free (LifelineOutboxItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineOutboxItem, lifeline_outbox_item_free)

/* Queues @payload at the tail. Call it inside the transaction that writes the
 * item itself (lifeline_db_begin … commit), so that both or neither are on
 * disk. Queuing the same kind, item and revision again replaces the payload
 * while no attempt was made yet, and fails with LIFELINE_ERROR_CONFLICT after
 * (the server may have it: a change needs a new revision). */
gboolean            lifeline_outbox_enqueue        (LifelineDb          *db,
                                                    LifelineOutboxKind   kind,
                                                    const char          *item_id,
                                                    gint64               revision,
                                                    const char          *payload,
                                                    GError             **error);

/* Keeps a never-sent item back until @until_ms (Unix milliseconds), so that
 * details added right after it was queued go out in the same revision;
 * lifeline_outbox_release() ends the hold early. */
gboolean            lifeline_outbox_hold           (LifelineDb          *db,
                                                    LifelineOutboxKind   kind,
                                                    const char          *item_id,
                                                    gint64               revision,
                                                    gint64               until_ms,
                                                    GError             **error);
gboolean            lifeline_outbox_release        (LifelineDb          *db,
                                                    LifelineOutboxKind   kind,
                                                    const char          *item_id,
                                                    GError             **error);
/* Ends every hold: a hold only lasts while the agent who made it is at the
 * details panel, so a new start sends everything at once. */
gboolean            lifeline_outbox_release_holds  (LifelineDb          *db,
                                                    GError             **error);

/* The oldest item, if it is due at @now_ms. Returns NULL with no error when
 * the outbox is empty or the oldest item waits for its backoff; then
 * @out_next_due_ms (if not NULL) is when it is due, or 0 when empty. Items
 * are never overtaken: a later item waits behind a backing-off one, so
 * revisions arrive in order. */
LifelineOutboxItem *lifeline_outbox_peek           (LifelineDb          *db,
                                                    gint64               now_ms,
                                                    gint64              *out_next_due_ms,
                                                    GError             **error);
/* Counts one more attempt of @seq, durably, before it is sent: from then on
 * its payload is frozen (see lifeline_outbox_enqueue). */
gboolean            lifeline_outbox_begin_attempt  (LifelineDb          *db,
                                                    gint64               seq,
                                                    GError             **error);
/* The server has it: removes @seq. Call inside the transaction that records
 * the receipt. */
gboolean            lifeline_outbox_ack            (LifelineDb          *db,
                                                    gint64               seq,
                                                    GError             **error);
/* The server refused it for good: moves @seq to the rejected list. */
gboolean            lifeline_outbox_reject         (LifelineDb          *db,
                                                    gint64               seq,
                                                    guint                status,
                                                    const char          *code,
                                                    const char          *message,
                                                    gint64               now,
                                                    GError             **error);
/* Puts a rejected item back at the tail with @payload and @revision (the
 * agent edited it), or as it was when @payload is NULL. */
gboolean            lifeline_outbox_resend         (LifelineDb          *db,
                                                    gint64               rejected_seq,
                                                    gint64               revision,
                                                    const char          *payload,
                                                    GError             **error);
/* Drops the rejected entries of one item (it was edited and queued anew). */
gboolean            lifeline_outbox_forget_rejected(LifelineDb          *db,
                                                    LifelineOutboxKind   kind,
                                                    const char          *item_id,
                                                    GError             **error);

/**
 * LifelineBackoff:
 * @base_ms: the first retry waits up to this long
 * @cap_ms: no wait is longer than this (Retry-After aside)
 * @random: returns a number in [0, 1); %NULL uses g_random_double()
 *
 * Exponential backoff with full jitter: after the n-th failed attempt the
 * wait is uniform in [0, min(cap, base × 2^(n−1))], and never shorter than
 * the server's Retry-After.
 */
typedef double (*LifelineRandomFunc) (gpointer user_data);

typedef struct
{
  gint64              base_ms;
  gint64              cap_ms;
  LifelineRandomFunc  random;
  gpointer            random_data;
} LifelineBackoff;

#define LIFELINE_BACKOFF_BASE_MS   1000
#define LIFELINE_BACKOFF_CAP_MS    (5 * 60 * 1000)
#define LIFELINE_RETRY_AFTER_MAX_MS (60 * 60 * 1000)

void                lifeline_backoff_init          (LifelineBackoff     *backoff);
gint64              lifeline_backoff_delay         (const LifelineBackoff *backoff,
                                                    guint                attempts,
                                                    gint64               retry_after_ms);

/* A failed attempt (network down, 408, 429, 5xx): waits before @seq is due
 * again, by @backoff after its attempts so far, at least @retry_after_ms (0
 * if the server gave none). Returns the new due time in @out_due_ms. */
gboolean            lifeline_outbox_reschedule     (LifelineDb          *db,
                                                    gint64               seq,
                                                    const LifelineBackoff *backoff,
                                                    gint64               retry_after_ms,
                                                    const char          *message,
                                                    gint64               now_ms,
                                                    gint64              *out_due_ms,
                                                    GError             **error);
/* Makes every waiting item due at @now_ms (the network is back, or the
 * agent asked to sync now). */
gboolean            lifeline_outbox_retry_now      (LifelineDb          *db,
                                                    gint64               now_ms,
                                                    GError             **error);

guint               lifeline_outbox_count          (LifelineDb          *db);
guint               lifeline_outbox_count_rejected (LifelineDb          *db);
/* Of LifelineOutboxItem, oldest first. */
GPtrArray          *lifeline_outbox_list           (LifelineDb          *db,
                                                    GError             **error);
GPtrArray          *lifeline_outbox_list_rejected  (LifelineDb          *db,
                                                    GError             **error);
LifelineOutboxItem *lifeline_outbox_get_rejected   (LifelineDb          *db,
                                                    gint64               rejected_seq,
                                                    GError             **error);

G_END_DECLS
