/* lifeline-followups.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-followups"

#include "config.h"

#include <glib/gi18n.h>
#include "lifeline-error.h"
#include "lifeline-followups.h"
#include "lifeline-outbox.h"
#include "lifeline-wire.h"

#define FOLLOWUP_COLUMNS \
  "id, report_id, call_id, session_id, promise, customer_ref, wish, " \
  "created_at, due_at, done_at, notified, revision"

static LifelineFollowup *
followup_from_row (sqlite3_stmt *stmt)
{
  LifelineFollowup *followup = g_object_new (LIFELINE_TYPE_FOLLOWUP, NULL);

  followup->id = lifeline_db_column_dup (stmt, 0);
  followup->report_id = lifeline_db_column_dup (stmt, 1);
  followup->call_id = lifeline_db_column_dup (stmt, 2);
  followup->session_id = lifeline_db_column_dup (stmt, 3);
  g_free (followup->promise);
  followup->promise = lifeline_db_column_dup (stmt, 4);
  g_free (followup->customer_ref);
  followup->customer_ref = lifeline_db_column_dup (stmt, 5);
  g_free (followup->wish);
  followup->wish = lifeline_db_column_dup (stmt, 6);
  followup->created_at = sqlite3_column_int64 (stmt, 7);
  followup->due_at = sqlite3_column_int64 (stmt, 8);
  followup->done_at = sqlite3_column_int64 (stmt, 9);
  followup->notified = sqlite3_column_int (stmt, 10);
  followup->revision = sqlite3_column_int64 (stmt, 11);

  return followup;
}

/* Queues the follow-up's state for the server (inside the caller's transaction). */
static gboolean
enqueue (LifelineDb        *db,
         LifelineFollowup  *followup,
         GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *payload = NULL;

  lifeline_followup_to_json (followup, builder);
  node = json_builder_get_root (builder);
  payload = lifeline_wire_to_string (node, FALSE);

  return lifeline_outbox_enqueue (db, LIFELINE_OUTBOX_FOLLOWUP, followup->id,
                                  followup->revision, payload, error);
}

gboolean
lifeline_followups_add (LifelineDb        *db,
                        LifelineFollowup  *followup,
                        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (LIFELINE_IS_FOLLOWUP (followup), FALSE);

  if (followup->due_at <= 0)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("A follow-up needs a deadline"));
      return FALSE;
    }

  if (followup->id == NULL)
    followup->id = g_uuid_string_random ();
  if (followup->created_at == 0)
    followup->created_at = lifeline_time_now ();

  stmt = lifeline_db_prepare (db,
                              "INSERT INTO followups (" FOLLOWUP_COLUMNS ") "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  lifeline_db_bind_text (stmt, 1, followup->id);
  lifeline_db_bind_text (stmt, 2, followup->report_id);
  lifeline_db_bind_text (stmt, 3, followup->call_id);
  lifeline_db_bind_text (stmt, 4, followup->session_id);
  lifeline_db_bind_text (stmt, 5, followup->promise ? followup->promise : "");
  lifeline_db_bind_text (stmt, 6, followup->customer_ref ? followup->customer_ref : "");
  lifeline_db_bind_text (stmt, 7, followup->wish ? followup->wish : "");
  sqlite3_bind_int64 (stmt, 8, followup->created_at);
  sqlite3_bind_int64 (stmt, 9, followup->due_at);
  sqlite3_bind_int64 (stmt, 10, followup->done_at);
  sqlite3_bind_int (stmt, 11, followup->notified);
  followup->revision = MAX (followup->revision, 1);
  sqlite3_bind_int64 (stmt, 12, followup->revision);

  if (!lifeline_db_begin (db, error))
    return FALSE;

  if (!lifeline_db_step_done (db, stmt, error) ||
      !enqueue (db, followup, error) ||
      !lifeline_db_commit (db, error))
    {
      lifeline_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

LifelineFollowup *
lifeline_followups_get (LifelineDb  *db,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = lifeline_db_prepare (db, "SELECT " FOLLOWUP_COLUMNS " FROM followups WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return followup_from_row (stmt);
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading a follow-up");
      return NULL;
    }

  g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
               _("There is no follow-up with id “%s” on this device"), id);
  return NULL;
}

GPtrArray *
lifeline_followups_list (LifelineDb               *db,
                         LifelineFollowupsFilter   filter,
                         gint64                    now,
                         GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  const char *sql = NULL;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  switch (filter)
    {
    case LIFELINE_FOLLOWUPS_OPEN:
      sql = "SELECT " FOLLOWUP_COLUMNS " FROM followups WHERE done_at = 0 ORDER BY due_at, created_at";
      break;
    case LIFELINE_FOLLOWUPS_DUE:
      sql = "SELECT " FOLLOWUP_COLUMNS " FROM followups WHERE done_at = 0 AND due_at > ?1 ORDER BY due_at, created_at";
      break;
    case LIFELINE_FOLLOWUPS_OVERDUE:
      sql = "SELECT " FOLLOWUP_COLUMNS " FROM followups WHERE done_at = 0 AND due_at <= ?1 ORDER BY due_at, created_at";
      break;
    case LIFELINE_FOLLOWUPS_DONE:
      sql = "SELECT " FOLLOWUP_COLUMNS " FROM followups WHERE done_at != 0 ORDER BY done_at DESC, due_at DESC";
      break;
    case LIFELINE_FOLLOWUPS_ALL:
      sql = "SELECT " FOLLOWUP_COLUMNS " FROM followups ORDER BY done_at != 0, "
            "CASE WHEN done_at = 0 THEN due_at ELSE -done_at END, created_at";
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  stmt = lifeline_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, now);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, followup_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading follow-ups");
      return NULL;
    }

  return g_steal_pointer (&result);
}

static gboolean
update_one (LifelineDb  *db,
            const char  *sql,
            const char  *id,
            gint64       value,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = lifeline_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  lifeline_db_bind_text (stmt, 2, id);
  if (!lifeline_db_step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (lifeline_db_get_handle (db)) == 0)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no follow-up with id “%s” on this device"), id);
      return FALSE;
    }

  return TRUE;
}

gboolean
lifeline_followups_set_done (LifelineDb  *db,
                             const char  *id,
                             gint64       done_at,
                             GError     **error)
{
  g_autoptr(LifelineFollowup) followup = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!lifeline_db_begin (db, error))
    return FALSE;

  if (!update_one (db,
                   "UPDATE followups SET done_at = ?1, revision = revision + 1 WHERE id = ?2",
                   id, MAX (done_at, 0), error) ||
      (followup = lifeline_followups_get (db, id, error)) == NULL ||
      !enqueue (db, followup, error) ||
      !lifeline_db_commit (db, error))
    {
      lifeline_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

gboolean
lifeline_followups_set_notified (LifelineDb          *db,
                                 const char          *id,
                                 LifelineNoticeKind   kind,
                                 GError             **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  /* Never goes back: a reminder shown after the deadline's notice changes nothing. */
  return update_one (db,
                     "UPDATE followups SET notified = MAX (notified, ?1) WHERE id = ?2",
                     id, kind, error);
}

/* The next notice of one follow-up, or NONE. */
static LifelineNoticeKind
followup_next_notice (LifelineFollowup *followup,
                      gint64            now,
                      gint64            lead_seconds,
                      gint64           *at)
{
  gint64 remind_at;

  if (followup->done_at != 0 || followup->notified >= LIFELINE_NOTICE_DUE)
    return LIFELINE_NOTICE_NONE;

  remind_at = followup->due_at - MAX (lead_seconds, 0);
  if (followup->notified < LIFELINE_NOTICE_REMINDER &&
      lead_seconds > 0 &&
      now < followup->due_at &&
      remind_at > followup->created_at)
    {
      *at = remind_at;
      return LIFELINE_NOTICE_REMINDER;
    }

  *at = followup->due_at;
  return LIFELINE_NOTICE_DUE;
}

LifelineNoticeKind
lifeline_followups_next_notice (GPtrArray         *followups,
                                gint64             now,
                                gint64             lead_seconds,
                                LifelineFollowup **out_followup,
                                gint64            *out_at)
{
  LifelineNoticeKind best_kind = LIFELINE_NOTICE_NONE;
  LifelineFollowup *best = NULL;
  gint64 best_at = 0;

  g_return_val_if_fail (followups != NULL, LIFELINE_NOTICE_NONE);

  for (guint i = 0; i < followups->len; i++)
    {
      LifelineFollowup *followup = g_ptr_array_index (followups, i);
      LifelineNoticeKind kind;
      gint64 at = 0;

      kind = followup_next_notice (followup, now, lead_seconds, &at);
      if (kind == LIFELINE_NOTICE_NONE)
        continue;

      /* Earliest first; on a tie the earlier deadline, then the older promise. */
      if (best == NULL ||
          at < best_at ||
          (at == best_at && followup->due_at < best->due_at) ||
          (at == best_at && followup->due_at == best->due_at &&
           followup->created_at < best->created_at))
        {
          best = followup;
          best_at = at;
          best_kind = kind;
        }
    }

  if (out_followup != NULL)
    *out_followup = best;
  if (out_at != NULL)
    *out_at = best_at;
  return best_kind;
}

gboolean
lifeline_followups_parse_hhmm (const char *hhmm,
                               int        *hour,
                               int        *minute)
{
  char *end = NULL;
  gint64 h, m;

  if (hhmm == NULL || !g_ascii_isdigit (hhmm[0]))
    return FALSE;

  h = g_ascii_strtoll (hhmm, &end, 10);
  if (end == NULL || *end != ':' || !g_ascii_isdigit (end[1]))
    return FALSE;
  m = g_ascii_strtoll (end + 1, &end, 10);
  if (*end != '\0' || h < 0 || h > 23 || m < 0 || m > 59)
    return FALSE;

  *hour = (int)h;
  *minute = (int)m;
  return TRUE;
}

/* @now's day (plus @days) at @hour:@minute in @now's time zone. */
static GDateTime *
day_at (GDateTime *now,
        int        days,
        int        hour,
        int        minute)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_new (g_date_time_get_timezone (now),
                          g_date_time_get_year (day),
                          g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day),
                          hour, minute, 0);
}

GDateTime *
lifeline_followups_deadline (LifelineDeadlinePreset  preset,
                             GDateTime              *now,
                             const char             *hhmm)
{
  int hour = 0, minute = 0;

  g_return_val_if_fail (now != NULL, NULL);

  switch (preset)
    {
    case LIFELINE_DEADLINE_IN_ONE_HOUR:
      return g_date_time_add_hours (now, 1);

    case LIFELINE_DEADLINE_END_OF_SHIFT:
      {
        g_autoptr(GDateTime) today = NULL;

        if (!lifeline_followups_parse_hhmm (hhmm, &hour, &minute))
          {
            hour = 17;
            minute = 0;
          }
        today = day_at (now, 0, hour, minute);
        if (g_date_time_compare (today, now) > 0)
          return g_steal_pointer (&today);
        return day_at (now, 1, hour, minute);
      }

    case LIFELINE_DEADLINE_TOMORROW_MORNING:
      if (!lifeline_followups_parse_hhmm (hhmm, &hour, &minute))
        {
          hour = 9;
          minute = 0;
        }
      return day_at (now, 1, hour, minute);

    default:
      g_return_val_if_reached (NULL);
    }
}
