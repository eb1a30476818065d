/* lifeline-recovery-session.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-recovery"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-recovery-session.h"
#include "lifeline-wire.h"

G_DEFINE_FINAL_TYPE (LifelineRecoverySession, lifeline_recovery_session, G_TYPE_OBJECT)

static void
lifeline_recovery_session_finalize (GObject *object)
{
  LifelineRecoverySession *self = (LifelineRecoverySession *)object;

  g_free (self->id);
  g_free (self->script_id);
  g_free (self->report_id);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->answers, g_hash_table_unref);

  G_OBJECT_CLASS (lifeline_recovery_session_parent_class)->finalize (object);
}

static void
lifeline_recovery_session_class_init (LifelineRecoverySessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_recovery_session_finalize;
}

static void
lifeline_recovery_session_init (LifelineRecoverySession *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

LifelineRecoverySession *
lifeline_recovery_session_new (const char *script_id,
                               const char *report_id)
{
  LifelineRecoverySession *self;

  g_return_val_if_fail (script_id != NULL, NULL);

  self = g_object_new (LIFELINE_TYPE_RECOVERY_SESSION, NULL);
  self->id = g_uuid_string_random ();
  self->script_id = g_strdup (script_id);
  self->report_id = (report_id && *report_id) ? g_strdup (report_id) : NULL;
  self->started_at = lifeline_time_now ();
  self->updated_at = self->started_at;
  return self;
}

static void
copy_table (GHashTable *from,
            GHashTable *to)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (to, g_strdup (key), g_strdup (value));
}

LifelineRecoverySession *
lifeline_recovery_session_copy (LifelineRecoverySession *self)
{
  LifelineRecoverySession *copy;

  g_return_val_if_fail (LIFELINE_IS_RECOVERY_SESSION (self), NULL);

  copy = g_object_new (LIFELINE_TYPE_RECOVERY_SESSION, NULL);
  copy->id = g_strdup (self->id);
  copy->script_id = g_strdup (self->script_id);
  copy->report_id = g_strdup (self->report_id);
  copy->step = self->step;
  copy->seq = self->seq;
  copy->started_at = self->started_at;
  copy->updated_at = self->updated_at;
  copy->finished_at = self->finished_at;
  copy_table (self->values, copy->values);
  copy_table (self->answers, copy->answers);
  return copy;
}

const char *
lifeline_recovery_session_get_answer (LifelineRecoverySession *self,
                                      guint                    step)
{
  char key[16];

  g_return_val_if_fail (LIFELINE_IS_RECOVERY_SESSION (self), NULL);

  g_snprintf (key, sizeof key, "%u", step + 1);
  return g_hash_table_lookup (self->answers, key);
}

void
lifeline_recovery_session_set_answer (LifelineRecoverySession *self,
                                      guint                    step,
                                      const char              *answer)
{
  g_return_if_fail (LIFELINE_IS_RECOVERY_SESSION (self));

  if (answer == NULL || *answer == '\0')
    {
      g_autofree char *key = g_strdup_printf ("%u", step + 1);
      g_hash_table_remove (self->answers, key);
    }
  else
    g_hash_table_insert (self->answers, g_strdup_printf ("%u", step + 1), g_strdup (answer));

  self->seq++;
  self->updated_at = lifeline_time_now ();
}

void
lifeline_recovery_session_set_value (LifelineRecoverySession *self,
                                     const char              *name,
                                     const char              *value)
{
  g_return_if_fail (LIFELINE_IS_RECOVERY_SESSION (self));
  g_return_if_fail (name != NULL);

  if (value == NULL || *value == '\0')
    g_hash_table_remove (self->values, name);
  else
    g_hash_table_insert (self->values, g_strdup (name), g_strdup (value));

  self->seq++;
  self->updated_at = lifeline_time_now ();
}

int
lifeline_script_find_wish_step (LifelineScript *script)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT (script), -1);

  /* The bundled scripts say it word for word; a team's own script may only
   * ask about the outcome. */
  for (guint i = 0; i < script->steps->len; i++)
    {
      LifelineScriptStep *step = g_ptr_array_index (script->steps, i);

      if (step->ask != NULL && step->say != NULL &&
          strstr (step->say, "like to see happen") != NULL)
        return i;
    }

  for (guint i = 0; i < script->steps->len; i++)
    {
      LifelineScriptStep *step = g_ptr_array_index (script->steps, i);

      if (step->ask != NULL && strstr (step->ask, "outcome") != NULL)
        return i;
    }

  return -1;
}

static gboolean
write_pairs (LifelineDb  *db,
             const char  *sql,
             const char  *session_id,
             GHashTable  *table,
             gboolean     numeric_keys,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, error);
  GHashTableIter iter;
  gpointer key, value;

  if (stmt == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_reset (stmt);
      lifeline_db_bind_text (stmt, 1, session_id);
      if (numeric_keys)
        sqlite3_bind_int64 (stmt, 2, g_ascii_strtoll (key, NULL, 10));
      else
        lifeline_db_bind_text (stmt, 2, key);
      lifeline_db_bind_text (stmt, 3, value);
      if (!lifeline_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
exec_with_id (LifelineDb  *db,
              const char  *sql,
              const char  *id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, id);
  return lifeline_db_step_done (db, stmt, error);
}

static gboolean
save_locked (LifelineDb               *db,
             LifelineRecoverySession  *self,
             GError                  **error)
{
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  check = lifeline_db_prepare (db, "SELECT seq FROM recovery_sessions WHERE id = ?", error);
  if (check == NULL)
    return FALSE;
  lifeline_db_bind_text (check, 1, self->id);
  if (sqlite3_step (check) == SQLITE_ROW && sqlite3_column_int64 (check, 0) > self->seq)
    return TRUE; /* a newer snapshot is already on disk */

  stmt = lifeline_db_prepare (db,
                              "INSERT INTO recovery_sessions "
                              "(id, script_id, report_id, step, seq, started_at, updated_at, finished_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT (id) DO UPDATE SET report_id = excluded.report_id, "
                              "step = excluded.step, seq = excluded.seq, "
                              "updated_at = excluded.updated_at, finished_at = excluded.finished_at",
                              error);
  if (stmt == NULL)
    return FALSE;

  lifeline_db_bind_text (stmt, 1, self->id);
  lifeline_db_bind_text (stmt, 2, self->script_id);
  lifeline_db_bind_text (stmt, 3, self->report_id);
  sqlite3_bind_int (stmt, 4, self->step);
  sqlite3_bind_int64 (stmt, 5, self->seq);
  sqlite3_bind_int64 (stmt, 6, self->started_at);
  sqlite3_bind_int64 (stmt, 7, self->updated_at);
  sqlite3_bind_int64 (stmt, 8, self->finished_at);

  return lifeline_db_step_done (db, stmt, error) &&
         exec_with_id (db, "DELETE FROM recovery_answers WHERE session_id = ?", self->id, error) &&
         exec_with_id (db, "DELETE FROM recovery_values WHERE session_id = ?", self->id, error) &&
         write_pairs (db, "INSERT INTO recovery_answers (session_id, step, answer) VALUES (?, ?, ?)",
                      self->id, self->answers, TRUE, error) &&
         write_pairs (db, "INSERT INTO recovery_values (session_id, name, value) VALUES (?, ?, ?)",
                      self->id, self->values, FALSE, error);
}

gboolean
lifeline_recovery_session_save (LifelineDb               *db,
                                LifelineRecoverySession  *self,
                                GError                  **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (LIFELINE_IS_RECOVERY_SESSION (self), FALSE);

  if (!lifeline_db_begin (db, error))
    return FALSE;

  if (!save_locked (db, self, error) || !lifeline_db_commit (db, error))
    {
      lifeline_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_pairs (LifelineDb  *db,
            const char  *sql,
            const char  *session_id,
            GHashTable  *table,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, session_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (table, lifeline_db_column_dup (stmt, 0), lifeline_db_column_dup (stmt, 1));

  if (rc != SQLITE_DONE)
    return lifeline_db_set_error (db, error, "Reading a recovery session");

  return TRUE;
}

#define SESSION_COLUMNS "id, script_id, report_id, step, seq, started_at, updated_at, finished_at"

/* Runs @stmt (already bound) and loads the first row's session, or NULL. */
static LifelineRecoverySession *
load_first (LifelineDb    *db,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(LifelineRecoverySession) self = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      lifeline_db_set_error (db, error, "Reading a recovery session");
      return NULL;
    }

  self = g_object_new (LIFELINE_TYPE_RECOVERY_SESSION, NULL);
  self->id = lifeline_db_column_dup (stmt, 0);
  self->script_id = lifeline_db_column_dup (stmt, 1);
  self->report_id = lifeline_db_column_dup (stmt, 2);
  self->step = sqlite3_column_int (stmt, 3);
  self->seq = sqlite3_column_int64 (stmt, 4);
  self->started_at = sqlite3_column_int64 (stmt, 5);
  self->updated_at = sqlite3_column_int64 (stmt, 6);
  self->finished_at = sqlite3_column_int64 (stmt, 7);

  if (!read_pairs (db, "SELECT CAST (step AS TEXT), answer FROM recovery_answers WHERE session_id = ?",
                   self->id, self->answers, error) ||
      !read_pairs (db, "SELECT name, value FROM recovery_values WHERE session_id = ?",
                   self->id, self->values, error))
    return NULL;

  return g_steal_pointer (&self);
}

LifelineRecoverySession *
lifeline_recovery_session_load (LifelineDb  *db,
                                const char  *id,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  LifelineRecoverySession *self;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = lifeline_db_prepare (db, "SELECT " SESSION_COLUMNS " FROM recovery_sessions WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);

  self = load_first (db, stmt, &local_error);
  if (self == NULL && local_error == NULL)
    g_set_error (&local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                 _("There is no recovery session with id “%s” on this device"), id);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return self;
}

LifelineRecoverySession *
lifeline_recovery_session_find_open (LifelineDb  *db,
                                     const char  *script_id,
                                     const char  *report_id,
                                     gint64       since,
                                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (script_id != NULL, NULL);

  stmt = lifeline_db_prepare (db,
                              "SELECT " SESSION_COLUMNS " FROM recovery_sessions "
                              "WHERE script_id = ?1 AND finished_at = 0 AND updated_at >= ?2 "
                              "AND report_id IS ?3 "
                              "ORDER BY updated_at DESC, seq DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, script_id);
  sqlite3_bind_int64 (stmt, 2, since);
  lifeline_db_bind_text (stmt, 3, (report_id && *report_id) ? report_id : NULL);

  return load_first (db, stmt, error);
}

LifelineRecoverySession *
lifeline_recovery_session_find_for_report (LifelineDb  *db,
                                           const char  *report_id,
                                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  stmt = lifeline_db_prepare (db,
                              "SELECT " SESSION_COLUMNS " FROM recovery_sessions "
                              "WHERE report_id = ? "
                              "ORDER BY finished_at != 0 DESC, updated_at DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, report_id);

  return load_first (db, stmt, error);
}

gboolean
lifeline_recovery_attach_to_report (LifelineDb      *db,
                                    LifelineReport  *report,
                                    GError         **error)
{
  g_autoptr(LifelineRecoverySession) session = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (LIFELINE_IS_REPORT (report), FALSE);

  session = lifeline_recovery_session_find_for_report (db, report->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (session == NULL)
    return TRUE;

  g_free (report->recovery_script_id);
  report->recovery_script_id = g_strdup (session->script_id);
  g_hash_table_remove_all (report->recovery_answers);
  copy_table (session->answers, report->recovery_answers);
  return TRUE;
}
