/* lifeline-test-server.c — the real lifeline-server for C tests, on loopback
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-test"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lifeline-test-server.h"
#include "lifeline-wire.h"

const char *
lifeline_test_server_binary (void)
{
  const char *path = g_getenv ("LIFELINE_SERVER");

  return path ? path : "lifeline-server";
}

LifelineTestServer *
lifeline_test_server_new (const char *db)
{
  LifelineTestServer *server = g_new0 (LifelineTestServer, 1);

  server->db = g_strdup (db);
  return server;
}

void
lifeline_test_server_free (LifelineTestServer *server)
{
  if (server == NULL)
    return;
  lifeline_test_server_stop (server);
  g_free (server->db);
  g_free (server->url);
  g_free (server);
}

char *
lifeline_test_server_admin (LifelineTestServer *server,
                            const char         *first,
                            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer)lifeline_test_server_binary ());
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, (gpointer)"--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("lifeline-server %s failed: %s", first, err);
  return g_strstrip (g_steal_pointer (&out));
}

void
lifeline_test_server_start (LifelineTestServer *server,
                            const char         *first_extra,
                            ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;
  g_autofree char *port = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("(http://127\\.0\\.0\\.1:([0-9]+))", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  va_list args;

  g_assert_null (server->process);

  g_ptr_array_add (argv, g_strdup (lifeline_test_server_binary ()));
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--address"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", server->port));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (server->db));
  va_start (args, first_extra);
  for (const char *arg = first_extra; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_newv ((const char * const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL)
    {
      if (g_regex_match (regex, line, 0, &match))
        break;
      g_clear_pointer (&line, g_free);
      g_clear_pointer (&match, g_match_info_unref);
    }
  g_assert_no_error (error);
  g_assert_nonnull (line);

  g_free (server->url);
  server->url = g_match_info_fetch (match, 1);
  port = g_match_info_fetch (match, 2);
  server->port = atoi (port);
  g_test_message ("lifeline-server at %s", server->url);
}

void
lifeline_test_server_stop (LifelineTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

guint
lifeline_test_server_request (LifelineTestServer *server,
                              SoupSession        *session,
                              const char         *token,
                              const char         *method,
                              const char         *path,
                              const char         *body,
                              JsonObject        **out)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  if (out != NULL)
    {
      *out = NULL;
      if (g_bytes_get_size (response) > 0)
        *out = lifeline_wire_parse_object (g_bytes_get_data (response, NULL), g_bytes_get_size (response), NULL);
    }
  return soup_message_get_status (msg);
}

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
lifeline_test_wait_for_engine (LifelineSyncEngine *engine,
                               LifelineTestCheck   check,
                               gpointer            fixture,
                               gconstpointer       data,
                               guint               timeout_s,
                               const char         *what)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  guint id = g_timeout_add (20, tick, NULL);

  while (!check (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %u s waiting until %s (state %s, %u pending, %u rejected, last error: %s)",
                 timeout_s, what,
                 g_enum_to_string (LIFELINE_TYPE_SYNC_STATE, lifeline_sync_engine_get_state (engine)),
                 lifeline_sync_engine_get_pending (engine),
                 lifeline_sync_engine_get_rejected (engine),
                 lifeline_sync_engine_get_last_error (engine));
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
}

void
lifeline_test_sync_set_up (LifelineTestSync *sync,
                           const char       *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("lifeline-%s-XXXXXX", name);
  g_autofree char *server_db = NULL;

  sync->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  server_db = g_build_filename (sync->dir, "server.db", NULL);
  sync->server = lifeline_test_server_new (server_db);
  sync->client_db = g_build_filename (sync->dir, "client", "lifeline.db", NULL);

  sync->agent_token = lifeline_test_server_admin (sync->server, "user", "add", "ana", "--role", "agent", NULL);
  sync->lead_token = lifeline_test_server_admin (sync->server, "user", "add", "lena", "--role", "lead", NULL);

  sync->session = soup_session_new ();
  sync->engine = lifeline_sync_engine_new (sync->client_db, &error);
  g_assert_no_error (error);
  lifeline_sync_engine_set_backoff (sync->engine, 50, 500);
  lifeline_sync_engine_set_pull_interval (sync->engine, 0);
}

void
lifeline_test_sync_tear_down (LifelineTestSync *sync)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "rm", "-rf", sync->dir, NULL };

  g_clear_object (&sync->engine);
  g_clear_object (&sync->session);
  lifeline_test_server_stop (sync->server);

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_free (sync->dir);
  g_free (sync->client_db);
  g_clear_pointer (&sync->server, lifeline_test_server_free);
  g_free (sync->agent_token);
  g_free (sync->lead_token);
}
