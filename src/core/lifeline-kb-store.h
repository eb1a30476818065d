/* lifeline-kb-store.h — articles and recovery scripts in SQLite, with the search index
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-article.h"
#include "lifeline-db.h"
#include "lifeline-script.h"

G_BEGIN_DECLS

/* Where an article came from: the bundled starter content, the team's server,
 * or a local edit (lead tools in standalone mode, lifeline-kb import). */
typedef enum
{
  LIFELINE_ORIGIN_STARTER,
  LIFELINE_ORIGIN_SERVER,
  LIFELINE_ORIGIN_LOCAL,
} LifelineOrigin;

/* All writers take a LifelineDb opened with lifeline_client_schema(); they
 * keep the search index exactly in step inside the same transaction. Callers
 * that write many items wrap them in lifeline_db_begin/commit. */
gboolean          lifeline_kb_put_article     (LifelineDb       *db,
                                               LifelineArticle  *article,
                                               LifelineOrigin    origin,
                                               GError          **error);
gboolean          lifeline_kb_delete_article  (LifelineDb       *db,
                                               const char       *id,
                                               GError          **error);
LifelineArticle  *lifeline_kb_get_article     (LifelineDb       *db,
                                               const char       *id,
                                               GError          **error);
GPtrArray        *lifeline_kb_list_articles   (LifelineDb       *db,
                                               GError          **error);
gboolean          lifeline_kb_put_script      (LifelineDb       *db,
                                               LifelineScript   *script,
                                               LifelineOrigin    origin,
                                               GError          **error);
gboolean          lifeline_kb_delete_script   (LifelineDb       *db,
                                               const char       *id,
                                               GError          **error);
LifelineScript   *lifeline_kb_get_script      (LifelineDb       *db,
                                               const char       *id,
                                               GError          **error);
GPtrArray        *lifeline_kb_list_scripts    (LifelineDb       *db,
                                               GError          **error);

/* Loads the bundled starter knowledge base from @dir (the Markdown files in articles/,
 * scripts.jsonl, synonyms.txt) into @db: items not there yet are added; an
 * item already there is replaced only while it is still the unchanged starter
 * version (never a server's or a lead's edit). Cheap when nothing changed. */
gboolean          lifeline_kb_load_starter    (LifelineDb       *db,
                                               const char       *dir,
                                               GError          **error);

/* Bulk writes (an import, the starter load, a sync batch): between these two
 * calls, inside the caller's transaction, the word statistics and the
 * title-term table are gathered in memory and written once by
 * lifeline_kb_bulk_end(), which must come before the commit. */
void              lifeline_kb_bulk_begin      (LifelineDb       *db);
gboolean          lifeline_kb_bulk_end        (LifelineDb       *db,
                                               GError          **error);

/* Creates an empty database file at @path with 16 KiB pages and
 * incremental auto-vacuum, unless it exists already; lifeline_db_open()
 * then gives it the schema. Articles of a few KiB leave a third of SQLite's
 * default 4 KiB pages empty. */
gboolean          lifeline_kb_create_database (const char       *path,
                                               GError          **error);

/* Rebuilds every search table from the articles and scripts. */
gboolean          lifeline_kb_reindex         (LifelineDb       *db,
                                               GError          **error);

/* What an item is and where it came from, without loading it. */
gboolean          lifeline_kb_get_origin      (LifelineDb       *db,
                                               const char       *id,
                                               gboolean          script,
                                               LifelineOrigin   *origin,
                                               GError          **error);

/* Synonym groups: a GPtrArray of GStrv (terms in lower case, the first
 * one the group's canonical term). Adding terms joins them, and any group
 * that already has one of them, into one group; removing takes the terms
 * out of their groups (a group left with one term goes). Both mark the
 * synonyms as edited, so the starter's defaults never replace them. */
GPtrArray        *lifeline_kb_list_synonyms   (LifelineDb       *db,
                                               GError          **error);
gboolean          lifeline_kb_add_synonyms    (LifelineDb       *db,
                                               const char * const *terms,
                                               GError          **error);
gboolean          lifeline_kb_remove_synonyms (LifelineDb       *db,
                                               const char * const *terms,
                                               GError          **error);
/* Replaces every group with those of a synonyms.txt file (one
 * comma-separated group a line, # comments). */
gboolean          lifeline_kb_load_synonyms   (LifelineDb       *db,
                                               const char       *path,
                                               GError          **error);

G_END_DECLS
