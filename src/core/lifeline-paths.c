/* lifeline-paths.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-paths"

#include "config.h"

#include "lifeline-paths.h"

const char *
lifeline_get_pkgdata_dir (void)
{
  const char *dir = g_getenv ("LIFELINE_DATA_DIR");

  if (dir != NULL && *dir != '\0')
    return dir;
  return PKGDATADIR;
}

char *
lifeline_get_starter_kb_dir (void)
{
  return g_build_filename (lifeline_get_pkgdata_dir (), "kb", NULL);
}

char *
lifeline_get_client_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "lifeline", "lifeline.db", NULL);
}
