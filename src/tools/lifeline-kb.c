/* lifeline-kb.c — the knowledge-base command-line tool
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-kb"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "lifeline-core.h"

static void
usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage: lifeline-kb [--db PATH] COMMAND [OPTIONS]\n"
             "\n"
             "Manage a Lifeline knowledge base (articles and recovery scripts).\n"
             "\n"
             "Options:\n"
             "  --db PATH      The database (default: the Lifeline app's own)\n"
             "  --version      Print the version\n"
             "  -h, --help     Show this help\n"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      usage (stdout);
      return 0;
    }

  if (argc >= 2 && g_str_equal (argv[1], "--version"))
    {
      g_print ("lifeline-kb %s\n", PACKAGE_VERSION);
      return 0;
    }

  usage (stderr);
  return 2;
}
