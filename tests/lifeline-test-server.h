/* lifeline-test-server.h — the real lifeline-server for C tests, on loopback
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

/* `lifeline-server serve` ($LIFELINE_SERVER) on 127.0.0.1 with a database
 * of its own. The first start picks a free port; later starts reuse it, so
 * a client configured once finds the server again after a restart. */
typedef struct
{
  char        *db;        /* the server's database */
  GSubprocess *process;   /* NULL while stopped */
  char        *url;       /* "http://127.0.0.1:PORT", NULL before the first start */
  guint        port;      /* 0 before the first start */
} LifelineTestServer;

const char         *lifeline_test_server_binary  (void);

LifelineTestServer *lifeline_test_server_new     (const char         *db);
void                lifeline_test_server_free    (LifelineTestServer *server);

/* Runs `lifeline-server ARGS… --db DB` (e.g. "user", "add", "ana", "--role",
 * "agent") and returns its standard output, stripped; fails the test when
 * it fails. */
char               *lifeline_test_server_admin   (LifelineTestServer *server,
                                                  const char         *first,
                                                  ...) G_GNUC_NULL_TERMINATED;

/* Starts `serve` with the extra arguments given (NULL-terminated, may be
 * none) and waits until it says where it listens. */
void                lifeline_test_server_start   (LifelineTestServer *server,
                                                  const char         *first_extra,
                                                  ...) G_GNUC_NULL_TERMINATED;
/* SIGTERM, and waits for it to exit. Nothing when it is not running. */
void                lifeline_test_server_stop    (LifelineTestServer *server);

/* An HTTP request with "Authorization: Bearer @token"; returns the status
 * and, in @out when not NULL, the parsed body (NULL when empty or not JSON). */
guint               lifeline_test_server_request (LifelineTestServer *server,
                                                  SoupSession        *session,
                                                  const char         *token,
                                                  const char         *method,
                                                  const char         *path,
                                                  const char         *body,
                                                  JsonObject        **out);

/* A test's condition on its fixture. */
typedef gboolean (*LifelineTestCheck) (gpointer      fixture,
                                       gconstpointer data);

/* Runs the main loop until @check (@fixture, @data) holds; after
 * @timeout_s seconds fails the test, saying @what and how @engine stands. */
void                lifeline_test_wait_for_engine (LifelineSyncEngine *engine,
                                                   LifelineTestCheck   check,
                                                   gpointer            fixture,
                                                   gconstpointer       data,
                                                   guint               timeout_s,
                                                   const char         *what);

/* What the sync tests share: in a temporary folder, the server's database
 * with an agent "ana" and a lead "lena" (the server not started yet), and
 * an agent's sync engine on a client database of its own, not connected,
 * with a quick back-off and no periodic pull. */
typedef struct
{
  char               *dir;
  char               *client_db;
  LifelineTestServer *server;
  char               *agent_token;
  char               *lead_token;
  LifelineSyncEngine *engine;
  SoupSession        *session;
} LifelineTestSync;

void                lifeline_test_sync_set_up    (LifelineTestSync   *sync,
                                                  const char         *name);
/* Stops the server and leaves nothing behind. */
void                lifeline_test_sync_tear_down (LifelineTestSync   *sync);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineTestServer, lifeline_test_server_free)

G_END_DECLS
