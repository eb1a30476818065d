/* main.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "lifeline-application.h"
#include "lifeline-trace.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(LifelineApplication) app = NULL;

  lifeline_trace_init ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lifeline_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
