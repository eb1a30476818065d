/* main.c — lifeline-server and its admin commands
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "lifeline-server.h"
#include "lifeline-server-auth.h"
#include "lifeline-server-import.h"
#include "lifeline-server-sqlite.h"

static gboolean
on_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_printerr ("%s\n", _("Stopping…"));
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static char *
default_db_path (void)
{
  /* Run as a system service (root, or with a StateDirectory), the server
   * keeps its data in /var/lib/lifeline; otherwise in the user's data dir. */
  const char *state = g_getenv ("STATE_DIRECTORY");

  if (state != NULL && *state != '\0')
    return g_build_filename (state, "lifeline-server.db", NULL);
  if (getuid () == 0)
    return g_strdup ("/var/lib/lifeline/lifeline-server.db");
  return g_build_filename (g_get_user_data_dir (), "lifeline-server", "lifeline-server.db", NULL);
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autofree char *address = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  int port = 8080;
  double rate = 20;
  double burst = 100;
  GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, N_("Address to listen on (default 127.0.0.1)"), N_("ADDR") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port to listen on; 0 picks a free one (default 8080)"), N_("N") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("SQLite database file"), N_("PATH") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("PEM certificate: serve HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("PEM private key for --tls-cert"), N_("FILE") },
    { "rate-limit", 0, 0, G_OPTION_ARG_DOUBLE, &rate, N_("Requests per second per token (default 20; 0 turns the limit off)"), N_("R") },
    { "rate-burst", 0, 0, G_OPTION_ARG_DOUBLE, &burst, N_("Burst of requests per token (default 100)"), N_("B") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— serve the Lifeline API"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("lifeline-server serve: %s\n", error->message);
      return 2;
    }

  if (port < 0 || port > 65535)
    {
      g_printerr ("lifeline-server serve: %s\n", _("--port must be between 0 and 65535"));
      return 2;
    }

  if (rate < 0 || burst < 1)
    {
      g_printerr ("lifeline-server serve: %s\n", _("--rate-limit must be 0 or more and --rate-burst at least 1"));
      return 2;
    }

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("lifeline-server serve: %s\n", _("--tls-cert and --tls-key go together"));
      return 2;
    }

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("lifeline-server serve: %s\n", error->message);
          return 1;
        }
    }

  if (db_path == NULL)
    db_path = default_db_path ();
  if (address == NULL)
    address = g_strdup ("127.0.0.1");

  server = lifeline_server_new (db_path, &error);
  if (server == NULL ||
      !lifeline_server_listen (server, address, port, certificate, &error))
    {
      g_printerr ("lifeline-server serve: %s\n", error->message);
      return 1;
    }
  lifeline_server_set_rate_limit (server, rate, burst);

  url = lifeline_server_get_url (server);
  g_print (_("Listening on %s (database %s)\n"), url, db_path);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_main_loop_run (loop);

  lifeline_server_stop (server);
  return 0;
}

/* Admin commands open the database directly; they are safe while a server
 * runs on it (WAL, and the server looks tokens up on every request). */
static LifelineServerStore *
open_store (const char  *db_path,
            GError     **error)
{
  g_autofree char *path = db_path ? g_strdup (db_path) : default_db_path ();

  return lifeline_server_sqlite_open (path, FALSE, error);
}

static int
cmd_user_add (int    argc,
              char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *role_text = NULL;
  GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role_text, N_("agent or lead"), N_("ROLE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("SQLite database file"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — create a user and print their token"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineServerStore) store = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  LifelineRole role;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("lifeline-server user add: %s\n", error->message);
      return 2;
    }

  if (argc != 2 || !lifeline_id_is_valid (argv[1]))
    {
      g_printerr ("lifeline-server user add: %s\n",
                  _("give one NAME of 1–128 letters, digits, dots, dashes or underscores"));
      return 2;
    }

  if (role_text == NULL || !lifeline_role_from_string (role_text, &role))
    {
      g_printerr ("lifeline-server user add: %s\n", _("--role must be “agent” or “lead”"));
      return 2;
    }

  token = lifeline_token_new (&error);
  if (token == NULL)
    {
      g_printerr ("lifeline-server user add: %s\n", error->message);
      return 1;
    }
  hash = lifeline_token_hash (token);

  store = open_store (db_path, &error);
  if (store == NULL ||
      !lifeline_server_store_user_add (store, argv[1], role, hash, lifeline_time_now (), &error))
    {
      g_printerr ("lifeline-server user add: %s\n", error->message);
      return 1;
    }

  /* The token alone on stdout, so that TOKEN=$(lifeline-server user add …) works. */
  g_printerr (_("Created the %s “%s”. Their token is below; it is shown only this once, "
                "so hand it over now (the server keeps only a hash of it).\n"),
              lifeline_role_to_string (role), argv[1]);
  g_print ("%s\n", token);
  return 0;
}

static int
cmd_user_list (int    argc,
               char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("SQLite database file"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list users"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineServerStore) store = NULL;
  g_autoptr(GPtrArray) users = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("lifeline-server user list: %s\n", error->message);
      return 2;
    }

  store = open_store (db_path, &error);
  if (store != NULL)
    users = lifeline_server_store_user_list (store, &error);
  if (users == NULL)
    {
      g_printerr ("lifeline-server user list: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < users->len; i++)
    {
      LifelineServerUser *user = users->pdata[i];
      g_autofree char *created = lifeline_time_format (user->created_at);
      g_autofree char *revoked = lifeline_time_format (user->revoked_at);

      g_print ("%s\t%s\t%s\t%s\n", user->name, lifeline_role_to_string (user->role), created,
               revoked ? revoked : _("active"));
    }
  return 0;
}

static int
cmd_user_revoke (int    argc,
                 char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("SQLite database file"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME — revoke a user's token at once"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineServerStore) store = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("lifeline-server user revoke: %s\n", error->message);
      return 2;
    }

  if (argc != 2)
    {
      g_printerr ("lifeline-server user revoke: %s\n", _("give the NAME of the user"));
      return 2;
    }

  store = open_store (db_path, &error);
  if (store == NULL ||
      !lifeline_server_store_user_revoke (store, argv[1], lifeline_time_now (), &error))
    {
      g_printerr ("lifeline-server user revoke: %s\n", error->message);
      return 1;
    }

  g_printerr (_("Revoked “%s”: their token no longer works.\n"), argv[1]);
  return 0;
}

static int
cmd_user (int    argc,
          char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return cmd_user_add (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return cmd_user_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "revoke"))
    return cmd_user_revoke (argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: lifeline-server user add NAME --role agent|lead | user list | user revoke NAME"));
  return 2;
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("SQLite database file"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.jsonl — import articles and scripts"));
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineServerStore) store = NULL;
  LifelineImportCounts counts;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("lifeline-server import: %s\n", error->message);
      return 2;
    }

  if (argc != 2)
    {
      g_printerr ("lifeline-server import: %s\n", _("give one FILE.jsonl"));
      return 2;
    }

  store = open_store (db_path, &error);
  if (store == NULL || !lifeline_server_import_file (store, argv[1], &counts, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print (_("Imported %u articles and %u scripts; %u unchanged.\n"),
           counts.articles, counts.scripts, counts.unchanged);
  return 0;
}

static void
usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage: lifeline-server COMMAND [OPTIONS]\n"
             "\n"
             "Commands:\n"
             "  serve [--address A] [--port N] [--db PATH] [--tls-cert F --tls-key F]\n"
             "                            Serve the Lifeline API\n"
             "  user add NAME --role agent|lead\n"
             "                            Create a user and print their token once\n"
             "  user list                 List users\n"
             "  user revoke NAME          Revoke a user's token at once\n"
             "  import FILE.jsonl         Import articles and scripts (all or nothing)\n"
             "\n"
             "Every command takes --db PATH (default: $STATE_DIRECTORY, /var/lib/lifeline as root,\n"
             "else ~/.local/share/lifeline-server).\n"
             "\n"
             "Run “lifeline-server COMMAND --help” for a command's options.\n"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Line by line, so a supervisor or a test reads the URL at once. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("lifeline-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_str_equal (argv[1], "serve"))
    return cmd_serve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "user"))
    return cmd_user (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "import"))
    return cmd_import (argc - 1, argv + 1);

  g_printerr (_("lifeline-server: unknown command “%s”\n"), argv[1]);
  usage (stderr);
  return 2;
}
