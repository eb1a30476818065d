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
  GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, N_("Address to listen on (default 127.0.0.1)"), N_("ADDR") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port to listen on; 0 picks a free one (default 8080)"), N_("N") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("SQLite database file"), N_("PATH") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("PEM certificate: serve HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("PEM private key for --tls-cert"), N_("FILE") },
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

  url = lifeline_server_get_url (server);
  g_print (_("Listening on %s (database %s)\n"), url, db_path);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_main_loop_run (loop);

  lifeline_server_stop (server);
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

  g_printerr (_("lifeline-server: unknown command “%s”\n"), argv[1]);
  usage (stderr);
  return 2;
}
