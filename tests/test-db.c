/* test-db.c — the connection helper: migrations, durability settings, errors
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "lifeline-core.h"

static const LifelineMigration schema_v1[] = {
  { 1, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);" },
  { 0, NULL }
};

static const LifelineMigration schema_v2[] = {
  { 1, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);" },
  { 2, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);" },
  { 0, NULL }
};

static const LifelineMigration schema_broken[] = {
  { 1, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);" },
  { 2, "CREATE TABLE notes (id INTEGER PRIMARY KEY); CREATE TABLE oops (" },
  { 0, NULL }
};

static char *
temp_db (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lifeline-test-XXXXXX", NULL);

  return g_build_filename (dir, "sub", "test.db", NULL);
}

static int
query_int (LifelineDb *db,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static void
test_migrations (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autofree char *value = NULL;

  db = lifeline_db_open (path, schema_v1, LIFELINE_DB_DURABLE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lifeline_db_get_version (db), ==, 1);
  g_assert_true (lifeline_db_set_meta (db, "starter", "7", &error));
  /* WAL, foreign keys on, synchronous=FULL (2) when asked to be durable. */
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);
  g_clear_object (&db);

  db = lifeline_db_open (path, schema_v2, LIFELINE_DB_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lifeline_db_get_version (db), ==, 2);
  value = lifeline_db_get_meta (db, "starter");
  g_assert_cmpstr (value, ==, "7");
  g_clear_object (&db);

  /* An older program refuses a newer database instead of damaging it. */
  db = lifeline_db_open (path, schema_v1, LIFELINE_DB_NONE, &error);
  g_assert_null (db);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_UNSUPPORTED);
}

static void
test_failed_migration_rolls_back (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;

  db = lifeline_db_open (path, schema_broken, LIFELINE_DB_NONE, &error);
  g_assert_null (db);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE);
  g_clear_error (&error);

  /* Step 1 stayed, step 2 left nothing behind. */
  db = lifeline_db_open (path, schema_v1, LIFELINE_DB_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lifeline_db_get_version (db), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'notes'"), ==, 0);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autofree char *contents = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, "these are my notes, not a database\n", -1, &error);
  g_assert_no_error (error);

  db = lifeline_db_open (path, schema_v1, LIFELINE_DB_NONE, &error);
  g_assert_null (db);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  /* The file is untouched. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "these are my notes, not a database\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/db/migrations", test_migrations);
  g_test_add_func ("/db/failed-migration", test_failed_migration_rolls_back);
  g_test_add_func ("/db/not-a-database", test_not_a_database);

  return g_test_run ();
}
