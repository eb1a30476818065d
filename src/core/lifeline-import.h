/* lifeline-import.h — knowledge-base files: JSON Lines and Markdown with front matter
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "lifeline-kb-store.h"

G_BEGIN_DECLS

/* One item read from a file, with where it was. Exactly one of @article and
 * @script is set. */
typedef struct
{
  char            *file;
  int              line;
  LifelineArticle *article;
  LifelineScript  *script;
} LifelineKbItem;

void        lifeline_kb_item_free         (LifelineKbItem   *item);
const char *lifeline_kb_item_get_id       (LifelineKbItem   *item);

/* Reads a .jsonl file (articles, and scripts with "kind": "script"), a
 * Markdown file with front matter, or a folder holding either (searched
 * recursively, in name order). Every item or nothing: the first problem is
 * LIFELINE_ERROR_PARSE or _INVALID with the message "FILE:LINE: what is
 * wrong". Returns a GPtrArray of LifelineKbItem. */
GPtrArray  *lifeline_kb_read_path         (const char       *path,
                                           GError          **error);
/* The *.md and *.jsonl files under @dir, sorted, as full paths. */
GPtrArray  *lifeline_kb_list_source_files (const char       *dir,
                                           GError          **error);
/* A Markdown article: "---", "key: value" lines (id, title, summary, tags
 * comma-separated, owner, verified_at, verify_interval_days, …), "---",
 * then the body. A missing id is taken from @file's name. */
LifelineArticle *lifeline_kb_parse_markdown (const char     *text,
                                             const char     *file,
                                             GError        **error);

/* Writes @items in one transaction: new ids are added, changed ones
 * replaced (revision raised past the stored one), identical ones left
 * alone. On error nothing is written. Any count may be NULL. */
gboolean    lifeline_kb_import            (LifelineDb       *db,
                                           GPtrArray        *items,
                                           LifelineOrigin    origin,
                                           guint            *n_added,
                                           guint            *n_updated,
                                           guint            *n_unchanged,
                                           GError          **error);

/* Every article, then every script, one JSON object a line: what
 * lifeline_kb_read_path() reads back. */
gboolean    lifeline_kb_export_jsonl      (LifelineDb       *db,
                                           FILE             *out,
                                           GError          **error);

G_END_DECLS
