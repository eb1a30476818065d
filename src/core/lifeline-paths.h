/* lifeline-paths.h — where Lifeline's files live
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The installed data folder (PKGDATADIR), or $LIFELINE_DATA_DIR when set:
 * `meson devenv` points it at the build folder's data/. */
const char *lifeline_get_pkgdata_dir      (void);
/* The folder of the bundled starter knowledge base: <pkgdata>/kb. */
char       *lifeline_get_starter_kb_dir   (void);
/* The client's database: $XDG_DATA_HOME/lifeline/lifeline.db (inside the
 * Flatpak sandbox, the app's own data folder). */
char       *lifeline_get_client_db_path   (void);

G_END_DECLS
