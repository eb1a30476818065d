/* lifeline-db.h
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/**
 * LifelineMigration:
 * @version: the `PRAGMA user_version` the database has after this step
 * @sql: the statements of the step, run in one transaction
 *
 * One step of a schema. A schema is an array of steps with rising versions,
 * ending with a `{ 0, NULL }` entry.
 */
typedef struct
{
  int         version;
  const char *sql;
} LifelineMigration;

/**
 * LifelineDbFlags:
 * @LIFELINE_DB_READ_ONLY: open an existing database for reading only (search workers)
 * @LIFELINE_DB_DURABLE: `synchronous=FULL`: a commit is on disk when it returns
 *
 * Every connection uses WAL and has foreign keys on.
 */
typedef enum
{
  LIFELINE_DB_NONE      = 0,
  LIFELINE_DB_READ_ONLY = 1 << 0,
  LIFELINE_DB_DURABLE   = 1 << 1,
} LifelineDbFlags;

#define LIFELINE_TYPE_DB (lifeline_db_get_type ())

G_DECLARE_FINAL_TYPE (LifelineDb, lifeline_db, LIFELINE, DB, GObject)

LifelineDb   *lifeline_db_open             (const char              *path,
                                            const LifelineMigration *schema,
                                            LifelineDbFlags          flags,
                                            GError                 **error);
const char   *lifeline_db_get_path         (LifelineDb              *self);
sqlite3      *lifeline_db_get_handle       (LifelineDb              *self);
int           lifeline_db_get_version      (LifelineDb              *self);
gboolean      lifeline_db_exec             (LifelineDb              *self,
                                            const char              *sql,
                                            GError                 **error);
sqlite3_stmt *lifeline_db_prepare          (LifelineDb              *self,
                                            const char              *sql,
                                            GError                 **error);
gboolean      lifeline_db_step_done        (LifelineDb              *self,
                                            sqlite3_stmt            *stmt,
                                            GError                 **error);
gboolean      lifeline_db_begin            (LifelineDb              *self,
                                            GError                 **error);
gboolean      lifeline_db_commit           (LifelineDb              *self,
                                            GError                 **error);
void          lifeline_db_rollback         (LifelineDb              *self);
gboolean      lifeline_db_set_error        (LifelineDb              *self,
                                            GError                 **error,
                                            const char              *what);
char         *lifeline_db_get_meta         (LifelineDb              *self,
                                            const char              *key);
gboolean      lifeline_db_set_meta         (LifelineDb              *self,
                                            const char              *key,
                                            const char              *value,
                                            GError                 **error);

/* Bind a possibly-NULL UTF-8 string (SQLITE_TRANSIENT). */
void          lifeline_db_bind_text        (sqlite3_stmt            *stmt,
                                            int                      index,
                                            const char              *text);
/* Column text as a newly allocated string, NULL for SQL NULL. */
char         *lifeline_db_column_dup       (sqlite3_stmt            *stmt,
                                            int                      index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
