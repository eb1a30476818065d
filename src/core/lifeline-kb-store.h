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

/* Loads the bundled starter knowledge base from @dir (articles/*.md,
 * scripts.jsonl, synonyms.txt) into @db: items not there yet are added; an
 * item already there is replaced only while it is still the unchanged starter
 * version (never a server's or a lead's edit). Cheap when nothing changed. */
gboolean          lifeline_kb_load_starter    (LifelineDb       *db,
                                               const char       *dir,
                                               GError          **error);

G_END_DECLS
