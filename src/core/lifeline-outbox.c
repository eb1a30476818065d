/* lifeline-outbox.c — the durable, first-in-first-out queue of what goes to the server
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-outbox"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-outbox.h"
#include "lifeline-wire.h"

static const char * const kind_names[] = { "report", "flag", "followup" };

const char *
lifeline_outbox_kind_to_string (LifelineOutboxKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
lifeline_outbox_kind_from_string (const char         *text,
                                  LifelineOutboxKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
lifeline_outbox_item_free (LifelineOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->item_id);
  g_free (item->payload);
  g_free (item->last_error);
  g_free (item->code);
  g_free (item->message);
  g_free (item);
}

#define OUTBOX_COLUMNS \
  "seq, kind, item_id, revision, payload, created_at, attempts, next_attempt_at, last_error"
#define REJECTED_COLUMNS \
  "seq, kind, item_id, revision, payload, created_at, 0, 0, NULL, status, code, message, rejected_at"

static LifelineOutboxItem *
item_from_row (sqlite3_stmt *stmt,
               gboolean      rejected)
{
  LifelineOutboxItem *item = g_new0 (LifelineOutboxItem, 1);
  const char *kind = (const char *)sqlite3_column_text (stmt, 1);

  item->seq = sqlite3_column_int64 (stmt, 0);
  if (!lifeline_outbox_kind_from_string (kind, &item->kind))
    g_warning ("Outbox item %" G_GINT64_FORMAT " has the unknown kind “%s”", item->seq, kind);
  item->item_id = lifeline_db_column_dup (stmt, 2);
  item->revision = sqlite3_column_int64 (stmt, 3);
  item->payload = lifeline_db_column_dup (stmt, 4);
  item->created_at = sqlite3_column_int64 (stmt, 5);
  item->attempts = sqlite3_column_int (stmt, 6);
  item->next_attempt_at = sqlite3_column_int64 (stmt, 7);
  item->last_error = lifeline_db_column_dup (stmt, 8);
  if (rejected)
    {
      item->status = sqlite3_column_int (stmt, 9);
      item->code = lifeline_db_column_dup (stmt, 10);
      item->message = lifeline_db_column_dup (stmt, 11);
      item->rejected_at = sqlite3_column_int64 (stmt, 12);
    }
  return item;
}

gboolean
lifeline_outbox_enqueue (LifelineDb          *db,
                         LifelineOutboxKind   kind,
                         const char          *item_id,
                         gint64               revision,
                         const char          *payload,
                         GError             **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  find = lifeline_db_prepare (db,
                              "SELECT seq, attempts FROM outbox "
                              "WHERE kind = ? AND item_id = ? AND revision = ?", error);
  if (find == NULL)
    return FALSE;
  lifeline_db_bind_text (find, 1, lifeline_outbox_kind_to_string (kind));
  lifeline_db_bind_text (find, 2, item_id);
  sqlite3_bind_int64 (find, 3, revision);

  switch (sqlite3_step (find))
    {
    case SQLITE_ROW:
      if (sqlite3_column_int (find, 1) > 0)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                       _("Revision %" PRId64 " of %s %s may already have reached the server; "
                         "a change needs a new revision"),
                       revision, lifeline_outbox_kind_to_string (kind), item_id);
          return FALSE;
        }
      stmt = lifeline_db_prepare (db, "UPDATE outbox SET payload = ? WHERE seq = ?", error);
      if (stmt == NULL)
        return FALSE;
      lifeline_db_bind_text (stmt, 1, payload);
      sqlite3_bind_int64 (stmt, 2, sqlite3_column_int64 (find, 0));
      return lifeline_db_step_done (db, stmt, error);

    case SQLITE_DONE:
      break;

    default:
      return lifeline_db_set_error (db, error, "Reading the outbox");
    }

  stmt = lifeline_db_prepare (db,
                              "INSERT INTO outbox (kind, item_id, revision, payload, created_at) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, lifeline_outbox_kind_to_string (kind));
  lifeline_db_bind_text (stmt, 2, item_id);
  sqlite3_bind_int64 (stmt, 3, revision);
  lifeline_db_bind_text (stmt, 4, payload);
  sqlite3_bind_int64 (stmt, 5, lifeline_time_now ());
  return lifeline_db_step_done (db, stmt, error);
}

LifelineOutboxItem *
lifeline_outbox_peek (LifelineDb  *db,
                      gint64       now_ms,
                      gint64      *out_next_due_ms,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(LifelineOutboxItem) item = NULL;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  if (out_next_due_ms != NULL)
    *out_next_due_ms = 0;

  stmt = lifeline_db_prepare (db, "SELECT " OUTBOX_COLUMNS " FROM outbox ORDER BY seq LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      lifeline_db_set_error (db, error, "Reading the outbox");
      return NULL;
    }

  item = item_from_row (stmt, FALSE);
  if (out_next_due_ms != NULL)
    *out_next_due_ms = MAX (item->next_attempt_at, 1);
  if (item->next_attempt_at > now_ms)
    return NULL;

  return g_steal_pointer (&item);
}

static gboolean
exec_on_seq (LifelineDb  *db,
             const char  *sql,
             gint64       seq,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return lifeline_db_step_done (db, stmt, error);
}

gboolean
lifeline_outbox_begin_attempt (LifelineDb  *db,
                               gint64       seq,
                               GError     **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  return exec_on_seq (db, "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?", seq, error);
}

gboolean
lifeline_outbox_ack (LifelineDb  *db,
                     gint64       seq,
                     GError     **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  return exec_on_seq (db, "DELETE FROM outbox WHERE seq = ?", seq, error);
}

gboolean
lifeline_outbox_reject (LifelineDb  *db,
                        gint64       seq,
                        guint        status,
                        const char  *code,
                        const char  *message,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db,
                              "INSERT OR REPLACE INTO rejected "
                              "  (seq, kind, item_id, revision, payload, created_at, status, code, message, rejected_at) "
                              "SELECT seq, kind, item_id, revision, payload, created_at, ?, ?, ?, ? "
                              "FROM outbox WHERE seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, status);
  lifeline_db_bind_text (stmt, 2, code);
  lifeline_db_bind_text (stmt, 3, message ? message : "");
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, seq);
  if (!lifeline_db_step_done (db, stmt, error))
    return FALSE;

  return exec_on_seq (db, "DELETE FROM outbox WHERE seq = ?", seq, error);
}

LifelineOutboxItem *
lifeline_outbox_get_rejected (LifelineDb  *db,
                              gint64       rejected_seq,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  stmt = lifeline_db_prepare (db, "SELECT " REJECTED_COLUMNS " FROM rejected WHERE seq = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rejected_seq);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return item_from_row (stmt, TRUE);
  if (rc == SQLITE_DONE)
    g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                 _("This item is no longer in the rejected list"));
  else
    lifeline_db_set_error (db, error, "Reading the rejected list");
  return NULL;
}

gboolean
lifeline_outbox_resend (LifelineDb  *db,
                        gint64       rejected_seq,
                        gint64       revision,
                        const char  *payload,
                        GError     **error)
{
  g_autoptr(LifelineOutboxItem) item = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  item = lifeline_outbox_get_rejected (db, rejected_seq, error);
  if (item == NULL)
    return FALSE;

  if (!exec_on_seq (db, "DELETE FROM rejected WHERE seq = ?", rejected_seq, error))
    return FALSE;

  return lifeline_outbox_enqueue (db, item->kind, item->item_id,
                                  payload ? revision : item->revision,
                                  payload ? payload : item->payload,
                                  error);
}

gboolean
lifeline_outbox_forget_rejected (LifelineDb          *db,
                                 LifelineOutboxKind   kind,
                                 const char          *item_id,
                                 GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db, "DELETE FROM rejected WHERE kind = ? AND item_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, lifeline_outbox_kind_to_string (kind));
  lifeline_db_bind_text (stmt, 2, item_id);
  return lifeline_db_step_done (db, stmt, error);
}

static double
default_random (gpointer user_data)
{
  return g_random_double ();
}

void
lifeline_backoff_init (LifelineBackoff *backoff)
{
  g_return_if_fail (backoff != NULL);

  backoff->base_ms = LIFELINE_BACKOFF_BASE_MS;
  backoff->cap_ms = LIFELINE_BACKOFF_CAP_MS;
  backoff->random = default_random;
  backoff->random_data = NULL;
}

gint64
lifeline_backoff_delay (const LifelineBackoff *backoff,
                        guint                  attempts,
                        gint64                 retry_after_ms)
{
  gint64 ceiling = MAX (backoff->base_ms, 1);
  double r;
  gint64 delay;

  /* base × 2^(attempts−1), computed without overflowing. */
  for (guint i = 1; i < attempts && ceiling < backoff->cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, backoff->cap_ms);

  r = backoff->random ? backoff->random (backoff->random_data) : g_random_double ();
  r = CLAMP (r, 0.0, 1.0);
  delay = (gint64)(r * (double)ceiling);

  retry_after_ms = CLAMP (retry_after_ms, 0, LIFELINE_RETRY_AFTER_MAX_MS);
  return MAX (delay, retry_after_ms);
}

gboolean
lifeline_outbox_reschedule (LifelineDb             *db,
                            gint64                  seq,
                            const LifelineBackoff  *backoff,
                            gint64                  retry_after_ms,
                            const char             *message,
                            gint64                  now_ms,
                            gint64                 *out_due_ms,
                            GError                **error)
{
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 due;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (backoff != NULL, FALSE);

  read = lifeline_db_prepare (db, "SELECT attempts FROM outbox WHERE seq = ?", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, seq);
  rc = sqlite3_step (read);
  if (rc == SQLITE_DONE)
    {
      /* Acknowledged or rejected meanwhile: nothing to wait for. */
      if (out_due_ms != NULL)
        *out_due_ms = now_ms;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return lifeline_db_set_error (db, error, "Reading the outbox");

  due = now_ms + lifeline_backoff_delay (backoff, MAX (sqlite3_column_int (read, 0), 1), retry_after_ms);

  stmt = lifeline_db_prepare (db, "UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, due);
  lifeline_db_bind_text (stmt, 2, message);
  sqlite3_bind_int64 (stmt, 3, seq);
  if (!lifeline_db_step_done (db, stmt, error))
    return FALSE;

  if (out_due_ms != NULL)
    *out_due_ms = due;
  return TRUE;
}

gboolean
lifeline_outbox_retry_now (LifelineDb  *db,
                           gint64       now_ms,
                           GError     **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  return exec_on_seq (db, "UPDATE outbox SET next_attempt_at = ?1 WHERE next_attempt_at > ?1",
                      now_ms, error);
}

static guint
count (LifelineDb *db,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, &error);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (error == NULL)
        lifeline_db_set_error (db, &error, "Counting the outbox");
      g_warning ("%s", error->message);
      return 0;
    }
  return sqlite3_column_int (stmt, 0);
}

guint
lifeline_outbox_count (LifelineDb *db)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), 0);
  return count (db, "SELECT count(*) FROM outbox");
}

guint
lifeline_outbox_count_rejected (LifelineDb *db)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), 0);
  return count (db, "SELECT count(*) FROM rejected");
}

static GPtrArray *
list (LifelineDb  *db,
      const char  *sql,
      gboolean     rejected,
      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_outbox_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt, rejected));
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading the outbox");
      return NULL;
    }

  return g_steal_pointer (&items);
}

GPtrArray *
lifeline_outbox_list (LifelineDb  *db,
                      GError     **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  return list (db, "SELECT " OUTBOX_COLUMNS " FROM outbox ORDER BY seq", FALSE, error);
}

GPtrArray *
lifeline_outbox_list_rejected (LifelineDb  *db,
                               GError     **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  return list (db, "SELECT " REJECTED_COLUMNS " FROM rejected ORDER BY rejected_at DESC, seq DESC",
               TRUE, error);
}

gboolean
lifeline_outbox_hold (LifelineDb          *db,
                      LifelineOutboxKind   kind,
                      const char          *item_id,
                      gint64               revision,
                      gint64               until_ms,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db,
                              "UPDATE outbox SET next_attempt_at = ? "
                              "WHERE kind = ? AND item_id = ? AND revision = ? AND attempts = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, until_ms);
  lifeline_db_bind_text (stmt, 2, lifeline_outbox_kind_to_string (kind));
  lifeline_db_bind_text (stmt, 3, item_id);
  sqlite3_bind_int64 (stmt, 4, revision);
  return lifeline_db_step_done (db, stmt, error);
}

gboolean
lifeline_outbox_release (LifelineDb          *db,
                         LifelineOutboxKind   kind,
                         const char          *item_id,
                         GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db,
                              "UPDATE outbox SET next_attempt_at = 0 "
                              "WHERE kind = ? AND item_id = ? AND attempts = 0",
                              error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, lifeline_outbox_kind_to_string (kind));
  lifeline_db_bind_text (stmt, 2, item_id);
  return lifeline_db_step_done (db, stmt, error);
}

gboolean
lifeline_outbox_release_holds (LifelineDb  *db,
                               GError     **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  return lifeline_db_exec (db, "UPDATE outbox SET next_attempt_at = 0 "
                               "WHERE attempts = 0 AND next_attempt_at != 0", error);
}
