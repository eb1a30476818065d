/* lifeline-server-sqlite.c — the server store on embedded SQLite
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server-sqlite"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-server-sqlite.h"

struct _LifelineServerSqlite
{
  GObject     parent_instance;
  LifelineDb *db;
  GHashTable *statements;   /* SQL → prepared sqlite3_stmt, kept for the connection's life */
  gboolean    read_only;
};

/* A statement from the cache: going out of scope resets it for the next use. */
typedef sqlite3_stmt CachedStmt;

static void
cached_stmt_reset (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_stmt_reset)

static void store_iface_init (LifelineServerStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LifelineServerSqlite, lifeline_server_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIFELINE_TYPE_SERVER_STORE, store_iface_init))

/* The server's schema. A confidential report's row holds no user: the CHECK
 * makes that a property of the table, not only of the code. */
static const LifelineMigration server_schema[] = {
  { 1,
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('agent', 'lead')),"
    "  token_sha256 TEXT NOT NULL UNIQUE,"
    "  created_at INTEGER NOT NULL,"
    "  revoked_at INTEGER"
    ");"
    "CREATE TABLE reports ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  id TEXT NOT NULL UNIQUE,"
    "  revision INTEGER NOT NULL,"
    "  content TEXT NOT NULL,"
    "  confidential INTEGER NOT NULL,"
    "  user_id INTEGER REFERENCES users (id),"
    "  category TEXT,"
    "  root_cause TEXT,"
    "  near_miss INTEGER NOT NULL,"
    "  article_id TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  received_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  CHECK (confidential = 0 OR user_id IS NULL)"
    ");"
    "CREATE INDEX reports_created ON reports (created_at);"
    "CREATE TABLE feedback ("
    "  id TEXT PRIMARY KEY,"
    "  report_id TEXT NOT NULL REFERENCES reports (id),"
    "  message TEXT NOT NULL,"
    "  author_id INTEGER REFERENCES users (id),"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX feedback_report ON feedback (report_id, created_at);"
    "CREATE TABLE flags ("
    "  id TEXT PRIMARY KEY,"
    "  article_id TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  report_id TEXT,"
    "  user_id INTEGER REFERENCES users (id),"
    "  created_at INTEGER NOT NULL,"
    "  resolved_at INTEGER"
    ");"
    "CREATE UNIQUE INDEX flags_report ON flags (article_id, report_id) WHERE report_id IS NOT NULL;"
    "CREATE INDEX flags_created ON flags (created_at);"
    "CREATE TABLE followups ("
    "  id TEXT PRIMARY KEY,"
    "  created_at INTEGER NOT NULL,"
    "  due_at INTEGER NOT NULL,"
    "  done_at INTEGER,"
    "  received_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX followups_due ON followups (due_at);"
    "CREATE TABLE items ("
    "  kind TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  deleted INTEGER NOT NULL DEFAULT 0,"
    "  content TEXT,"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, id)"
    ");"
    "CREATE TABLE item_revisions ("
    "  kind TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  action TEXT NOT NULL,"
    "  user_id INTEGER REFERENCES users (id),"
    "  at INTEGER NOT NULL,"
    "  content TEXT,"
    "  PRIMARY KEY (kind, id, revision)"
    ");"
    /* One row per item: a change moves it to a new seq. AUTOINCREMENT keeps
     * seqs rising even when the newest row is replaced. */
    "CREATE TABLE changes ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  type TEXT NOT NULL,"
    "  item_id TEXT NOT NULL,"
    "  audience INTEGER,"
    "  UNIQUE (type, item_id)"
    ");" },
  { 0, NULL }
};

static gboolean
not_found (GError     **error,
           const char  *what,
           const char  *id)
{
  g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
               /* Translators: "No article “refunds”" */
               _("No %s “%s”"), what, id);
  return FALSE;
}

static CachedStmt *
prepare (LifelineServerSqlite  *self,
         const char            *sql,
         GError               **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  sqlite3 *handle = lifeline_db_get_handle (self->db);

  if (stmt != NULL)
    return stmt;

  if (sqlite3_prepare_v3 (handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      lifeline_db_set_error (self->db, error, "prepare");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  return stmt;
}

static gboolean
step_done (LifelineServerSqlite  *self,
           sqlite3_stmt          *stmt,
           GError               **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return lifeline_db_set_error (self->db, error, "write");
  return TRUE;
}

static gboolean
step_row (LifelineServerSqlite  *self,
          sqlite3_stmt          *stmt,
          gboolean              *row,
          GError               **error)
{
  int rc = sqlite3_step (stmt);

  *row = rc == SQLITE_ROW;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return lifeline_db_set_error (self->db, error, "read");
  return TRUE;
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

/* Transactions */

static gboolean
sqlite_begin (LifelineServerStore  *store,
              GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);

  return lifeline_db_exec (self->db, self->read_only ? "BEGIN" : "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (LifelineServerStore  *store,
               GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);

  return lifeline_db_commit (self->db, error);
}

static void
sqlite_rollback (LifelineServerStore *store)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);

  lifeline_db_rollback (self->db);
}

static gboolean
sqlite_savepoint (LifelineServerStore  *store,
                  GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);

  return lifeline_db_exec (self->db, "SAVEPOINT job", error);
}

static void
sqlite_release (LifelineServerStore *store,
                gboolean             keep)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);

  if (!keep)
    lifeline_db_exec (self->db, "ROLLBACK TO job", NULL);
  lifeline_db_exec (self->db, "RELEASE job", NULL);
}

/* Users */

static gboolean
sqlite_user_add (LifelineServerStore  *store,
                 const char           *name,
                 LifelineRole          role,
                 const char           *token_sha256,
                 gint64                now,
                 GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) find = NULL;
  g_autoptr(CachedStmt) write = NULL;
  gboolean row;
  gboolean exists = FALSE;

  find = prepare (self, "SELECT revoked_at FROM users WHERE name = ?", error);
  if (find == NULL)
    return FALSE;
  lifeline_db_bind_text (find, 1, name);
  if (!step_row (self, find, &row, error))
    return FALSE;

  if (row)
    {
      if (sqlite3_column_type (find, 0) == SQLITE_NULL)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                       _("The user “%s” already exists. Revoke it first (lifeline-server user revoke %s) "
                         "to give it a new token."), name, name);
          return FALSE;
        }
      exists = TRUE;
    }

  /* A revoked name gets a new token and its (possibly new) role back. */
  write = prepare (self, exists
                   ? "UPDATE users SET role = ?2, token_sha256 = ?3, created_at = ?4, revoked_at = NULL WHERE name = ?1"
                   : "INSERT INTO users (name, role, token_sha256, created_at) VALUES (?1, ?2, ?3, ?4)",
                   error);
  if (write == NULL)
    return FALSE;
  lifeline_db_bind_text (write, 1, name);
  lifeline_db_bind_text (write, 2, lifeline_role_to_string (role));
  lifeline_db_bind_text (write, 3, token_sha256);
  sqlite3_bind_int64 (write, 4, now);
  return step_done (self, write, error);
}

/* One row as a new object; NULL (with @error set) when it cannot be read. */
typedef gpointer (*RowReader) (sqlite3_stmt  *stmt,
                               GError       **error);

/* Steps @stmt to its end, adding @reader's object for each row to @rows. */
static gboolean
read_rows (LifelineServerSqlite  *self,
           sqlite3_stmt          *stmt,
           RowReader              reader,
           GPtrArray             *rows,
           GError               **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer row = reader (stmt, error);

      if (row == NULL)
        return FALSE;
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (self->db, error, "read");
      return FALSE;
    }
  return TRUE;
}

static LifelineServerUser *
user_from_stmt (sqlite3_stmt  *stmt,
                GError       **error)
{
  LifelineServerUser *user = g_new0 (LifelineServerUser, 1);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->name = lifeline_db_column_dup (stmt, 1);
  if (!lifeline_role_from_string ((const char *)sqlite3_column_text (stmt, 2), &user->role))
    user->role = LIFELINE_ROLE_AGENT;
  user->created_at = sqlite3_column_int64 (stmt, 3);
  user->revoked_at = sqlite3_column_int64 (stmt, 4);
  return user;
}

static GPtrArray *
sqlite_user_list (LifelineServerStore  *store,
                  GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_user_free);

  stmt = prepare (self, "SELECT id, name, role, created_at, revoked_at FROM users ORDER BY name", error);
  if (stmt == NULL || !read_rows (self, stmt, (RowReader)user_from_stmt, users, error))
    return NULL;
  return g_steal_pointer (&users);
}

static gboolean
sqlite_user_revoke (LifelineServerStore  *store,
                    const char           *name,
                    gint64                now,
                    GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self, "UPDATE users SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, name);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (lifeline_db_get_handle (self->db)) == 0)
    return not_found (error, _("active user"), name);
  return TRUE;
}

static LifelineServerUser *
sqlite_user_lookup_token (LifelineServerStore  *store,
                          const char           *token_sha256,
                          GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean row;

  stmt = prepare (self,
                  "SELECT id, name, role, created_at, revoked_at FROM users "
                  "WHERE token_sha256 = ? AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, token_sha256);
  if (!step_row (self, stmt, &row, error))
    return NULL;
  if (!row)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND, _("Unknown or revoked token"));
      return NULL;
    }
  return user_from_stmt (stmt, error);
}

/* Reports */

#define REPORT_COLUMNS \
  "r.seq, r.content, r.user_id, r.received_at, r.updated_at, u.name, " \
  "(SELECT MIN(f.created_at) FROM feedback f WHERE f.report_id = r.id) "

static LifelineServerReport *
report_from_stmt (sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(LifelineServerReport) report = g_new0 (LifelineServerReport, 1);
  g_autoptr(JsonObject) object = NULL;

  report->seq = sqlite3_column_int64 (stmt, 0);
  report->content = lifeline_db_column_dup (stmt, 1);
  report->user_id = sqlite3_column_int64 (stmt, 2);
  report->received_at = sqlite3_column_int64 (stmt, 3);
  report->updated_at = sqlite3_column_int64 (stmt, 4);
  report->user_name = lifeline_db_column_dup (stmt, 5);
  report->first_feedback_at = sqlite3_column_int64 (stmt, 6);

  object = lifeline_wire_parse_object (report->content, -1, error);
  if (object == NULL)
    return NULL;
  report->report = lifeline_report_new_from_json (object, error);
  if (report->report == NULL)
    return NULL;
  return g_steal_pointer (&report);
}

static LifelineServerReport *
sqlite_report_get (LifelineServerStore  *store,
                   const char           *id,
                   GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean row;

  stmt = prepare (self,
                  "SELECT " REPORT_COLUMNS
                  "FROM reports r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);
  if (!step_row (self, stmt, &row, error))
    return NULL;
  if (!row)
    {
      not_found (error, _("report"), id);
      return NULL;
    }
  return report_from_stmt (stmt, error);
}

static gboolean
sqlite_report_put (LifelineServerStore   *store,
                   LifelineServerReport  *report,
                   GError               **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  LifelineReport *r = report->report;
  g_autoptr(CachedStmt) update = NULL;
  g_autoptr(CachedStmt) insert = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *handle = lifeline_db_get_handle (self->db);

  update = prepare (self,
                    "UPDATE reports SET revision = ?2, content = ?3, confidential = ?4, user_id = ?5, "
                    "  category = ?6, root_cause = ?7, near_miss = ?8, article_id = ?9, "
                    "  created_at = ?10, received_at = ?11, updated_at = ?12 "
                    "WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;

  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 0)
        stmt = update;
      else
        {
          insert = prepare (self,
                            "INSERT INTO reports (id, revision, content, confidential, user_id, category, "
                            "  root_cause, near_miss, article_id, created_at, received_at, updated_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
          if (insert == NULL)
            return FALSE;
          stmt = insert;
        }

      lifeline_db_bind_text (stmt, 1, r->id);
      sqlite3_bind_int64 (stmt, 2, r->revision);
      lifeline_db_bind_text (stmt, 3, report->content);
      sqlite3_bind_int (stmt, 4, r->confidential ? 1 : 0);
      /* Never an identity for a confidential report, whatever the caller passed. */
      bind_int_or_null (stmt, 5, r->confidential ? 0 : report->user_id);
      lifeline_db_bind_text (stmt, 6, lifeline_category_to_string (r->category));
      lifeline_db_bind_text (stmt, 7, lifeline_root_cause_to_string (r->root_cause));
      sqlite3_bind_int (stmt, 8, r->near_miss ? 1 : 0);
      lifeline_db_bind_text (stmt, 9, r->article_id);
      sqlite3_bind_int64 (stmt, 10, r->created_at);
      sqlite3_bind_int64 (stmt, 11, report->received_at);
      sqlite3_bind_int64 (stmt, 12, report->updated_at);
      if (!step_done (self, stmt, error))
        return FALSE;

      if (pass == 0 && sqlite3_changes (handle) > 0)
        return TRUE;
    }

  report->seq = sqlite3_last_insert_rowid (handle);
  return TRUE;
}

static GPtrArray *
sqlite_report_list (LifelineServerStore  *store,
                    gint64                since,
                    gint64                before,
                    gint64                confidential_upto,
                    guint                 limit,
                    GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_report_free);

  stmt = prepare (self,
                  "SELECT " REPORT_COLUMNS
                  "FROM reports r LEFT JOIN users u ON u.id = r.user_id "
                  "WHERE (?1 = 0 OR r.seq < ?1) AND r.created_at >= ?2 "
                  "  AND (r.confidential = 0 OR r.seq <= ?3) "
                  "ORDER BY r.seq DESC LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, before);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int64 (stmt, 3, confidential_upto);
  sqlite3_bind_int64 (stmt, 4, limit);
  if (!read_rows (self, stmt, (RowReader)report_from_stmt, reports, error))
    return NULL;
  return g_steal_pointer (&reports);
}

/* Statistics read many rows: built from the columns, without parsing each
 * report's JSON. */
static LifelineServerReport *
stats_report_from_stmt (sqlite3_stmt  *stmt,
                        GError       **error)
{
  LifelineServerReport *row = g_new0 (LifelineServerReport, 1);
  LifelineReport *report = g_object_new (LIFELINE_TYPE_REPORT, NULL);

  row->seq = sqlite3_column_int64 (stmt, 0);
  report->id = lifeline_db_column_dup (stmt, 1);
  report->revision = sqlite3_column_int64 (stmt, 2);
  report->confidential = sqlite3_column_int (stmt, 3) != 0;
  if (!lifeline_category_from_string ((const char *)sqlite3_column_text (stmt, 4), &report->category))
    report->category = LIFELINE_CATEGORY_NONE;
  if (!lifeline_root_cause_from_string ((const char *)sqlite3_column_text (stmt, 5), &report->root_cause))
    report->root_cause = LIFELINE_ROOT_CAUSE_NONE;
  report->near_miss = sqlite3_column_int (stmt, 6) != 0;
  report->article_id = lifeline_db_column_dup (stmt, 7);
  report->created_at = sqlite3_column_int64 (stmt, 8);
  row->received_at = sqlite3_column_int64 (stmt, 9);
  row->updated_at = sqlite3_column_int64 (stmt, 10);
  row->first_feedback_at = sqlite3_column_int64 (stmt, 11);
  row->report = report;
  return row;
}

static GPtrArray *
sqlite_report_list_range (LifelineServerStore  *store,
                          gint64                from,
                          gint64                to,
                          GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_report_free);

  stmt = prepare (self,
                  "SELECT r.seq, r.id, r.revision, r.confidential, r.category, r.root_cause, r.near_miss, "
                  "       r.article_id, r.created_at, r.received_at, r.updated_at, "
                  "       (SELECT MIN(f.created_at) FROM feedback f WHERE f.report_id = r.id) "
                  "FROM reports r WHERE r.created_at >= ?1 AND r.created_at < ?2 ORDER BY r.created_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (!read_rows (self, stmt, (RowReader)stats_report_from_stmt, reports, error))
    return NULL;
  return g_steal_pointer (&reports);
}

static gint64
sqlite_report_confidential_release (LifelineServerStore  *store,
                                    guint                 group,
                                    GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) count = NULL;
  g_autoptr(CachedStmt) nth = NULL;
  gboolean row;
  gint64 n;

  count = prepare (self, "SELECT COUNT(*) FROM reports WHERE confidential = 1", error);
  if (count == NULL || !step_row (self, count, &row, error))
    return -1;
  n = sqlite3_column_int64 (count, 0);
  n -= n % MAX (group, 1);
  if (n == 0)
    return 0;

  nth = prepare (self, "SELECT seq FROM reports WHERE confidential = 1 ORDER BY seq LIMIT 1 OFFSET ?", error);
  if (nth == NULL)
    return -1;
  sqlite3_bind_int64 (nth, 1, n - 1);
  if (!step_row (self, nth, &row, error))
    return -1;
  return row ? sqlite3_column_int64 (nth, 0) : 0;
}

/* Feedback */

static LifelineServerFeedback *
feedback_from_stmt (sqlite3_stmt *stmt,
                    int           first)
{
  LifelineServerFeedback *feedback = g_new0 (LifelineServerFeedback, 1);

  feedback->id = lifeline_db_column_dup (stmt, first);
  feedback->report_id = lifeline_db_column_dup (stmt, first + 1);
  feedback->message = lifeline_db_column_dup (stmt, first + 2);
  feedback->author_id = sqlite3_column_int64 (stmt, first + 3);
  feedback->created_at = sqlite3_column_int64 (stmt, first + 4);
  return feedback;
}

static LifelineServerFeedback *
feedback_row_from_stmt (sqlite3_stmt  *stmt,
                        GError       **error)
{
  return feedback_from_stmt (stmt, 0);
}

static LifelineServerFeedback *
sqlite_feedback_get (LifelineServerStore  *store,
                     const char           *id,
                     GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean row;

  stmt = prepare (self, "SELECT id, report_id, message, author_id, created_at FROM feedback WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);
  if (!step_row (self, stmt, &row, error))
    return NULL;
  if (!row)
    {
      not_found (error, _("feedback"), id);
      return NULL;
    }
  return feedback_from_stmt (stmt, 0);
}

static gboolean
sqlite_feedback_add (LifelineServerStore     *store,
                     LifelineServerFeedback  *feedback,
                     GError                 **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO feedback (id, report_id, message, author_id, created_at) "
                  "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, feedback->id);
  lifeline_db_bind_text (stmt, 2, feedback->report_id);
  lifeline_db_bind_text (stmt, 3, feedback->message);
  bind_int_or_null (stmt, 4, feedback->author_id);
  sqlite3_bind_int64 (stmt, 5, feedback->created_at);
  return step_done (self, stmt, error);
}

static GPtrArray *
sqlite_feedback_for_reports (LifelineServerStore  *store,
                             const char * const   *report_ids,
                             GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_feedback_free);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self,
                  "SELECT id, report_id, message, author_id, created_at FROM feedback "
                  "WHERE report_id = ? ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; report_ids[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      lifeline_db_bind_text (stmt, 1, report_ids[i]);
      if (!read_rows (self, stmt, (RowReader)feedback_row_from_stmt, list, error))
        return NULL;
    }

  return g_steal_pointer (&list);
}

/* Flags */

#define FLAG_COLUMNS "id, article_id, reason, report_id, user_id, created_at, resolved_at "

static LifelineServerFlag *
flag_from_stmt (sqlite3_stmt  *stmt,
                GError       **error)
{
  LifelineServerFlag *flag = g_new0 (LifelineServerFlag, 1);

  flag->id = lifeline_db_column_dup (stmt, 0);
  flag->article_id = lifeline_db_column_dup (stmt, 1);
  flag->reason = lifeline_db_column_dup (stmt, 2);
  flag->report_id = lifeline_db_column_dup (stmt, 3);
  flag->user_id = sqlite3_column_int64 (stmt, 4);
  flag->created_at = sqlite3_column_int64 (stmt, 5);
  flag->resolved_at = sqlite3_column_int64 (stmt, 6);
  return flag;
}

static LifelineServerFlag *
one_flag (LifelineServerSqlite  *self,
          sqlite3_stmt          *stmt,
          const char            *id,
          GError               **error)
{
  gboolean row;

  if (!step_row (self, stmt, &row, error))
    return NULL;
  if (!row)
    {
      not_found (error, _("flag"), id);
      return NULL;
    }
  return flag_from_stmt (stmt, error);
}

static LifelineServerFlag *
sqlite_flag_get (LifelineServerStore  *store,
                 const char           *id,
                 GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self, "SELECT " FLAG_COLUMNS "FROM flags WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);
  return one_flag (self, stmt, id, error);
}

static LifelineServerFlag *
sqlite_flag_find_for_report (LifelineServerStore  *store,
                             const char           *article_id,
                             const char           *report_id,
                             GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self, "SELECT " FLAG_COLUMNS "FROM flags WHERE article_id = ? AND report_id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, article_id);
  lifeline_db_bind_text (stmt, 2, report_id);
  return one_flag (self, stmt, report_id, error);
}

static gboolean
sqlite_flag_add (LifelineServerStore  *store,
                 LifelineServerFlag   *flag,
                 GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO flags (id, article_id, reason, report_id, user_id, created_at, resolved_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, flag->id);
  lifeline_db_bind_text (stmt, 2, flag->article_id);
  lifeline_db_bind_text (stmt, 3, flag->reason);
  lifeline_db_bind_text (stmt, 4, flag->report_id);
  bind_int_or_null (stmt, 5, flag->user_id);
  sqlite3_bind_int64 (stmt, 6, flag->created_at);
  bind_int_or_null (stmt, 7, flag->resolved_at);
  return step_done (self, stmt, error);
}

static GPtrArray *
sqlite_flag_list (LifelineServerStore  *store,
                  gboolean              open_only,
                  GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_flag_free);

  stmt = prepare (self,
                  open_only
                  ? "SELECT " FLAG_COLUMNS "FROM flags WHERE resolved_at IS NULL ORDER BY created_at DESC, rowid DESC"
                  : "SELECT " FLAG_COLUMNS "FROM flags ORDER BY created_at DESC, rowid DESC",
                  error);
  if (stmt == NULL || !read_rows (self, stmt, (RowReader)flag_from_stmt, flags, error))
    return NULL;
  return g_steal_pointer (&flags);
}

static gboolean
sqlite_flags_resolve (LifelineServerStore  *store,
                      const char           *article_id,
                      gint64                now,
                      GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self, "UPDATE flags SET resolved_at = ?2 WHERE article_id = ?1 AND resolved_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, article_id);
  sqlite3_bind_int64 (stmt, 2, now);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_flags_unlink_user (LifelineServerStore  *store,
                          const char           *report_id,
                          GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;

  stmt = prepare (self, "UPDATE flags SET user_id = NULL WHERE report_id = ? AND user_id IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, report_id);
  return step_done (self, stmt, error);
}

/* Follow-ups */

static gboolean
sqlite_followup_put (LifelineServerStore     *store,
                     LifelineServerFollowup  *followup,
                     gint64                   now,
                     gboolean                *created,
                     gint64                  *received_at,
                     GError                 **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) find = NULL;
  g_autoptr(CachedStmt) write = NULL;
  gboolean row;

  find = prepare (self, "SELECT received_at FROM followups WHERE id = ?", error);
  if (find == NULL)
    return FALSE;
  lifeline_db_bind_text (find, 1, followup->id);
  if (!step_row (self, find, &row, error))
    return FALSE;
  *created = !row;
  *received_at = row ? sqlite3_column_int64 (find, 0) : now;

  write = prepare (self,
                   "INSERT INTO followups (id, created_at, due_at, done_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                   "ON CONFLICT (id) DO UPDATE SET created_at = ?2, due_at = ?3, done_at = ?4", error);
  if (write == NULL)
    return FALSE;
  lifeline_db_bind_text (write, 1, followup->id);
  sqlite3_bind_int64 (write, 2, followup->created_at);
  sqlite3_bind_int64 (write, 3, followup->due_at);
  bind_int_or_null (write, 4, followup->done_at);
  sqlite3_bind_int64 (write, 5, *received_at);
  return step_done (self, write, error);
}

static LifelineServerFollowup *
followup_from_stmt (sqlite3_stmt  *stmt,
                    GError       **error)
{
  LifelineServerFollowup *followup = g_new0 (LifelineServerFollowup, 1);

  followup->id = lifeline_db_column_dup (stmt, 0);
  followup->created_at = sqlite3_column_int64 (stmt, 1);
  followup->due_at = sqlite3_column_int64 (stmt, 2);
  followup->done_at = sqlite3_column_int64 (stmt, 3);
  return followup;
}

static GPtrArray *
sqlite_followup_list_due (LifelineServerStore  *store,
                          gint64                from,
                          gint64                to,
                          GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_followup_free);

  stmt = prepare (self,
                  "SELECT id, created_at, due_at, done_at FROM followups "
                  "WHERE due_at >= ? AND due_at < ? ORDER BY due_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (!read_rows (self, stmt, (RowReader)followup_from_stmt, list, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* Articles and scripts */

static LifelineServerItem *
sqlite_item_get (LifelineServerStore  *store,
                 LifelineItemKind      kind,
                 const char           *id,
                 GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  LifelineServerItem *item;
  gboolean row;

  stmt = prepare (self, "SELECT revision, deleted, content, updated_at FROM items WHERE kind = ? AND id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, lifeline_item_kind_to_string (kind));
  lifeline_db_bind_text (stmt, 2, id);
  if (!step_row (self, stmt, &row, error))
    return NULL;
  if (!row)
    {
      not_found (error, lifeline_item_kind_to_string (kind), id);
      return NULL;
    }

  item = g_new0 (LifelineServerItem, 1);
  item->kind = kind;
  item->id = g_strdup (id);
  item->revision = sqlite3_column_int64 (stmt, 0);
  item->deleted = sqlite3_column_int (stmt, 1) != 0;
  item->content = lifeline_db_column_dup (stmt, 2);
  item->updated_at = sqlite3_column_int64 (stmt, 3);
  return item;
}

static gboolean
sqlite_item_put (LifelineServerStore  *store,
                 LifelineServerItem   *item,
                 const char           *action,
                 gint64                user_id,
                 GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) current = NULL;
  g_autoptr(CachedStmt) history = NULL;
  const char *kind = lifeline_item_kind_to_string (item->kind);

  current = prepare (self,
                     "INSERT INTO items (kind, id, revision, deleted, content, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                     "ON CONFLICT (kind, id) DO UPDATE SET revision = ?3, deleted = ?4, content = ?5, updated_at = ?6",
                     error);
  if (current == NULL)
    return FALSE;
  lifeline_db_bind_text (current, 1, kind);
  lifeline_db_bind_text (current, 2, item->id);
  sqlite3_bind_int64 (current, 3, item->revision);
  sqlite3_bind_int (current, 4, item->deleted ? 1 : 0);
  lifeline_db_bind_text (current, 5, item->deleted ? NULL : item->content);
  sqlite3_bind_int64 (current, 6, item->updated_at);
  if (!step_done (self, current, error))
    return FALSE;

  history = prepare (self,
                     "INSERT INTO item_revisions (kind, id, revision, action, user_id, at, content) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (history == NULL)
    return FALSE;
  lifeline_db_bind_text (history, 1, kind);
  lifeline_db_bind_text (history, 2, item->id);
  sqlite3_bind_int64 (history, 3, item->revision);
  lifeline_db_bind_text (history, 4, action);
  bind_int_or_null (history, 5, user_id);
  sqlite3_bind_int64 (history, 6, item->updated_at);
  lifeline_db_bind_text (history, 7, item->deleted ? NULL : item->content);
  return step_done (self, history, error);
}

static LifelineServerRevision *
revision_from_stmt (sqlite3_stmt  *stmt,
                    GError       **error)
{
  LifelineServerRevision *revision = g_new0 (LifelineServerRevision, 1);

  revision->revision = sqlite3_column_int64 (stmt, 0);
  revision->action = lifeline_db_column_dup (stmt, 1);
  revision->by = lifeline_db_column_dup (stmt, 2);
  revision->at = sqlite3_column_int64 (stmt, 3);
  revision->content = lifeline_db_column_dup (stmt, 4);
  return revision;
}

static GPtrArray *
sqlite_item_revisions (LifelineServerStore  *store,
                       LifelineItemKind      kind,
                       const char           *id,
                       GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_revision_free);

  stmt = prepare (self,
                  "SELECT r.revision, r.action, u.name, r.at, r.content FROM item_revisions r "
                  "LEFT JOIN users u ON u.id = r.user_id "
                  "WHERE r.kind = ? AND r.id = ? ORDER BY r.revision", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, lifeline_item_kind_to_string (kind));
  lifeline_db_bind_text (stmt, 2, id);
  if (!read_rows (self, stmt, (RowReader)revision_from_stmt, list, error))
    return NULL;
  if (list->len == 0)
    {
      not_found (error, lifeline_item_kind_to_string (kind), id);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The changes feed */

static gboolean
sqlite_change_add (LifelineServerStore  *store,
                   const char           *type,
                   const char           *id,
                   gint64                audience,
                   GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) drop = NULL;
  g_autoptr(CachedStmt) add = NULL;

  drop = prepare (self, "DELETE FROM changes WHERE type = ? AND item_id = ?", error);
  if (drop == NULL)
    return FALSE;
  lifeline_db_bind_text (drop, 1, type);
  lifeline_db_bind_text (drop, 2, id);
  if (!step_done (self, drop, error))
    return FALSE;

  add = prepare (self, "INSERT INTO changes (type, item_id, audience) VALUES (?, ?, ?)", error);
  if (add == NULL)
    return FALSE;
  lifeline_db_bind_text (add, 1, type);
  lifeline_db_bind_text (add, 2, id);
  bind_int_or_null (add, 3, audience);
  return step_done (self, add, error);
}

static LifelineServerChange *
change_from_stmt (sqlite3_stmt  *stmt,
                  GError       **error)
{
  LifelineServerChange *change = g_new0 (LifelineServerChange, 1);

  change->seq = sqlite3_column_int64 (stmt, 0);
  change->type = lifeline_db_column_dup (stmt, 1);
  change->id = lifeline_db_column_dup (stmt, 2);
  change->deleted = sqlite3_column_int (stmt, 3) != 0;
  change->content = lifeline_db_column_dup (stmt, 4);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    change->feedback = feedback_from_stmt (stmt, 5);
  return change;
}

static GPtrArray *
sqlite_changes_list (LifelineServerStore  *store,
                     gint64                since,
                     guint                 limit,
                     gint64                user_id,
                     GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_server_change_free);

  stmt = prepare (self,
                  "SELECT c.seq, c.type, c.item_id, i.deleted, i.content, "
                  "       f.id, f.report_id, f.message, f.author_id, f.created_at "
                  "FROM changes c "
                  "LEFT JOIN items i ON c.type <> 'feedback' AND i.kind = c.type AND i.id = c.item_id "
                  "LEFT JOIN feedback f ON c.type = 'feedback' AND f.id = c.item_id "
                  "WHERE c.seq > ?1 AND (c.audience IS NULL OR c.audience = ?2) "
                  "ORDER BY c.seq LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, limit);
  if (!read_rows (self, stmt, (RowReader)change_from_stmt, list, error))
    return NULL;
  return g_steal_pointer (&list);
}

static gint64
sqlite_changes_last_seq (LifelineServerStore  *store,
                         GError              **error)
{
  LifelineServerSqlite *self = LIFELINE_SERVER_SQLITE (store);
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean row;

  stmt = prepare (self, "SELECT COALESCE(MAX(seq), 0) FROM changes", error);
  if (stmt == NULL || !step_row (self, stmt, &row, error))
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static void
store_iface_init (LifelineServerStoreInterface *iface)
{
  iface->begin = sqlite_begin;
  iface->commit = sqlite_commit;
  iface->rollback = sqlite_rollback;
  iface->savepoint = sqlite_savepoint;
  iface->release = sqlite_release;
  iface->user_add = sqlite_user_add;
  iface->user_list = sqlite_user_list;
  iface->user_revoke = sqlite_user_revoke;
  iface->user_lookup_token = sqlite_user_lookup_token;
  iface->report_get = sqlite_report_get;
  iface->report_put = sqlite_report_put;
  iface->report_list = sqlite_report_list;
  iface->report_list_range = sqlite_report_list_range;
  iface->report_confidential_release = sqlite_report_confidential_release;
  iface->feedback_get = sqlite_feedback_get;
  iface->feedback_add = sqlite_feedback_add;
  iface->feedback_for_reports = sqlite_feedback_for_reports;
  iface->flag_get = sqlite_flag_get;
  iface->flag_find_for_report = sqlite_flag_find_for_report;
  iface->flag_add = sqlite_flag_add;
  iface->flag_list = sqlite_flag_list;
  iface->flags_resolve = sqlite_flags_resolve;
  iface->flags_unlink_user = sqlite_flags_unlink_user;
  iface->followup_put = sqlite_followup_put;
  iface->followup_list_due = sqlite_followup_list_due;
  iface->item_get = sqlite_item_get;
  iface->item_put = sqlite_item_put;
  iface->item_revisions = sqlite_item_revisions;
  iface->change_add = sqlite_change_add;
  iface->changes_list = sqlite_changes_list;
  iface->changes_last_seq = sqlite_changes_last_seq;
}

static void
lifeline_server_sqlite_finalize (GObject *object)
{
  LifelineServerSqlite *self = (LifelineServerSqlite *)object;

  /* Statements go before their connection. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (lifeline_server_sqlite_parent_class)->finalize (object);
}

static void
lifeline_server_sqlite_class_init (LifelineServerSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_server_sqlite_finalize;
}

static void
lifeline_server_sqlite_init (LifelineServerSqlite *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)sqlite3_finalize);
}

LifelineServerStore *
lifeline_server_sqlite_open (const char  *path,
                             gboolean     read_only,
                             GError     **error)
{
  g_autoptr(LifelineServerSqlite) self = NULL;
  g_autoptr(LifelineDb) db = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (read_only && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                   _("The server database %s does not exist yet"), path);
      return NULL;
    }

  db = lifeline_db_open (path, server_schema,
                         read_only ? LIFELINE_DB_READ_ONLY : LIFELINE_DB_DURABLE, error);
  if (db == NULL)
    return NULL;

  if (!read_only && lifeline_db_get_version (db) < 1)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
                   _("%s is not a Lifeline server database"), path);
      return NULL;
    }

  /* Deleted content (a report's identity when it turns confidential) is
   * overwritten, not left in free pages. */
  if (!read_only && !lifeline_db_exec (db, "PRAGMA secure_delete = ON", error))
    return NULL;

  self = g_object_new (LIFELINE_TYPE_SERVER_SQLITE, NULL);
  self->db = g_steal_pointer (&db);
  self->read_only = read_only;
  return LIFELINE_SERVER_STORE (g_steal_pointer (&self));
}
