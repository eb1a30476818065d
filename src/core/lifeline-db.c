/* lifeline-db.c — the one SQLite connection helper
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-db"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "lifeline-db.h"
#include "lifeline-error.h"

struct _LifelineDb
{
  GObject  parent_instance;
  sqlite3 *handle;
  char    *path;
  int      version;
};

G_DEFINE_FINAL_TYPE (LifelineDb, lifeline_db, G_TYPE_OBJECT)

static void
lifeline_db_finalize (GObject *object)
{
  LifelineDb *self = (LifelineDb *)object;

  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (lifeline_db_parent_class)->finalize (object);
}

static void
lifeline_db_class_init (LifelineDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_db_finalize;
}

static void
lifeline_db_init (LifelineDb *self)
{
}

gboolean
lifeline_db_set_error (LifelineDb  *self,
                       GError     **error,
                       const char  *what)
{
  int code = sqlite3_extended_errcode (self->handle);

  g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
               /* Translators: %s is what was being done, then SQLite's message */
               _("%s failed in %s: %s"),
               what, self->path, sqlite3_errmsg (self->handle));
  g_debug ("sqlite error %d", code);
  return FALSE;
}

gboolean
lifeline_db_exec (LifelineDb  *self,
                  const char  *sql,
                  GError     **error)
{
  char *errmsg = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (self), FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
                   _("Database error in %s: %s"), self->path,
                   errmsg ? errmsg : sqlite3_errmsg (self->handle));
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
lifeline_db_prepare (LifelineDb  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (self), NULL);

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      lifeline_db_set_error (self, error, "prepare");
      return NULL;
    }

  return stmt;
}

gboolean
lifeline_db_step_done (LifelineDb    *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return lifeline_db_set_error (self, error, "write");

  return TRUE;
}

gboolean
lifeline_db_begin (LifelineDb  *self,
                   GError     **error)
{
  return lifeline_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
lifeline_db_commit (LifelineDb  *self,
                    GError     **error)
{
  return lifeline_db_exec (self, "COMMIT", error);
}

void
lifeline_db_rollback (LifelineDb *self)
{
  g_return_if_fail (LIFELINE_IS_DB (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

static int
read_user_version (LifelineDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

static gboolean
migrate (LifelineDb               *self,
         const LifelineMigration  *schema,
         GError                  **error)
{
  int newest = 0;

  for (const LifelineMigration *m = schema; m->sql != NULL; m++)
    newest = MAX (newest, m->version);

  if (self->version > newest)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_UNSUPPORTED,
                   _("%s was written by a newer Lifeline (schema %d; this version knows up to %d). "
                     "Update Lifeline to open it."),
                   self->path, self->version, newest);
      return FALSE;
    }

  for (const LifelineMigration *m = schema; m->sql != NULL; m++)
    {
      g_autofree char *pragma = NULL;

      if (m->version <= self->version)
        continue;

      if (!lifeline_db_begin (self, error))
        return FALSE;

      /* Another connection (a worker thread, another process) may have
       * migrated while this one waited for the write lock. */
      self->version = read_user_version (self);
      if (self->version < 0)
        {
          lifeline_db_set_error (self, error, "Reading the schema version");
          lifeline_db_rollback (self);
          return FALSE;
        }
      if (m->version <= self->version)
        {
          if (!lifeline_db_commit (self, error))
            return FALSE;
          continue;
        }

      pragma = g_strdup_printf ("PRAGMA user_version = %d", m->version);
      if (!lifeline_db_exec (self, m->sql, error) ||
          !lifeline_db_exec (self, pragma, error) ||
          !lifeline_db_commit (self, error))
        {
          lifeline_db_rollback (self);
          return FALSE;
        }

      g_debug ("%s: migrated to schema %d", self->path, m->version);
      self->version = m->version;
    }

  return TRUE;
}

LifelineDb *
lifeline_db_open (const char               *path,
                  const LifelineMigration  *schema,
                  LifelineDbFlags           flags,
                  GError                  **error)
{
  g_autoptr(LifelineDb) self = NULL;
  gboolean read_only = (flags & LIFELINE_DB_READ_ONLY) != 0;
  int open_flags;

  g_return_val_if_fail (path != NULL, NULL);

  if (!sqlite3_compileoption_used ("ENABLE_FTS5"))
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_UNSUPPORTED,
                           _("This SQLite library was built without FTS5, which Lifeline's search needs."));
      return NULL;
    }

  if (!read_only && strcmp (path, ":memory:") != 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                       _("Could not create the folder %s: %s"), dir, g_strerror (errsv));
          return NULL;
        }
    }

  self = g_object_new (LIFELINE_TYPE_DB, NULL);
  self->path = g_strdup (path);

  open_flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY
                                                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2 (path, &self->handle, open_flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
                   _("Could not open the database %s: %s"), path,
                   self->handle ? sqlite3_errmsg (self->handle) : "out of memory");
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  if (!lifeline_db_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!read_only)
    {
      /* 16 KiB pages: articles of a few KiB waste a third of the default
       * 4 KiB pages. Only a new, empty database takes it; later a no-op.
       * Then WAL, which also checks that this is a database at all before
       * anything else is written. */
      if (!lifeline_db_exec (self, "PRAGMA page_size = 16384", error) ||
          !lifeline_db_exec (self, "PRAGMA journal_mode = WAL", error))
        return NULL;
      if (!lifeline_db_exec (self, (flags & LIFELINE_DB_DURABLE)
                                     ? "PRAGMA synchronous = FULL"
                                     : "PRAGMA synchronous = NORMAL", error))
        return NULL;
    }

  self->version = read_user_version (self);
  if (self->version < 0)
    {
      lifeline_db_set_error (self, error, "Reading the schema version");
      return NULL;
    }

  if (schema != NULL && !read_only && !migrate (self, schema, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
lifeline_db_get_path (LifelineDb *self)
{
  g_return_val_if_fail (LIFELINE_IS_DB (self), NULL);
  return self->path;
}

sqlite3 *
lifeline_db_get_handle (LifelineDb *self)
{
  g_return_val_if_fail (LIFELINE_IS_DB (self), NULL);
  return self->handle;
}

int
lifeline_db_get_version (LifelineDb *self)
{
  g_return_val_if_fail (LIFELINE_IS_DB (self), -1);
  return self->version;
}

char *
lifeline_db_get_meta (LifelineDb *self,
                      const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (self), NULL);

  stmt = lifeline_db_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return lifeline_db_column_dup (stmt, 0);
}

gboolean
lifeline_db_set_meta (LifelineDb  *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (self), FALSE);

  stmt = lifeline_db_prepare (self,
                              "INSERT INTO meta (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, key);
  lifeline_db_bind_text (stmt, 2, value);
  return lifeline_db_step_done (self, stmt, error);
}

void
lifeline_db_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
lifeline_db_column_dup (sqlite3_stmt *stmt,
                        int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text ? g_strdup ((const char *)text) : NULL;
}
