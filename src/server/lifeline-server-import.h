/* lifeline-server-import.h — articles and scripts from a JSONL file
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-server-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint articles;     /* added or changed */
  guint scripts;
  guint unchanged;
} LifelineImportCounts;

/* What lifeline-kb reads (core's lifeline_kb_read_path): a .jsonl file of
 * articles and scripts ("kind": "script") in PRODUCT.md's wire format, a
 * Markdown article with front matter, or a folder of them. All or nothing:
 * a bad line is reported as FILE:LINE: message and nothing is written.
 * Changed items get a new revision (action "import"); unchanged ones are left
 * alone; everything written goes into the changes feed. */
gboolean lifeline_server_import_file (LifelineServerStore   *store,
                                      const char            *path,
                                      LifelineImportCounts  *counts,
                                      GError               **error);

G_END_DECLS
