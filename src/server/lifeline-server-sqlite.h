/* lifeline-server-sqlite.h — the embedded SQLite implementation of the server store
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-server-store.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_SERVER_SQLITE (lifeline_server_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (LifelineServerSqlite, lifeline_server_sqlite, LIFELINE, SERVER_SQLITE, GObject)

/* One connection. A writable one migrates the schema and commits with
 * synchronous=FULL (an acknowledged write survives a crash); a read-only one
 * needs the database to exist already. */
LifelineServerStore *lifeline_server_sqlite_open (const char  *path,
                                                  gboolean     read_only,
                                                  GError     **error);

G_END_DECLS
