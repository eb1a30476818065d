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
  const char *locale_dir;

  lifeline_trace_init ();

  /* LIFELINE_LOCALE_DIR points at the build folder's po/ (tests and
   * `meson devenv`), so translations work before installing. */
  locale_dir = g_getenv ("LIFELINE_LOCALE_DIR");
  if (locale_dir == NULL || *locale_dir == '\0')
    locale_dir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lifeline_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
