/* lifeline-lead-store.h — a lead's curation on the local database (standalone mode)
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

/* One published state of an article or a recovery script, as GET
 * …/revisions gives it. */
typedef struct
{
  gint64           revision;
  char            *action;     /* "create", "update", "verify", "import", "delete" */
  char            *by;         /* NULL for an import */
  gint64           at;
  LifelineArticle *article;    /* an article's revision; NULL for a delete */
  LifelineScript  *script;     /* a script's revision; NULL for a delete */
} LifelineArticleRevision;

void                     lifeline_article_revision_free (LifelineArticleRevision *revision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineArticleRevision, lifeline_article_revision_free)
/* Whether @a and @b publish the same content (revision, time and
 * verification aside): a later one is then a restore of the earlier. */
gboolean                 lifeline_article_revision_same_content (LifelineArticleRevision *a,
                                                                 LifelineArticleRevision *b);

/* An open flag on an article, with the "incorrect information" report that
 * raised it when there is one. */
typedef struct
{
  char   *id;
  char   *article_id;
  char   *article_title;  /* NULL when the article is not in the database */
  char   *reason;
  char   *report_id;      /* NULL when no report is linked */
  char   *report_note;    /* the linked report's note, or NULL */
  gint64  created_at;
} LifelineLeadFlag;

void                     lifeline_lead_flag_free        (LifelineLeadFlag *flag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineLeadFlag, lifeline_lead_flag_free)

/* Marks @id verified now by @by, as a new revision. Returns the article as
 * stored, or NULL with LIFELINE_ERROR_NOT_FOUND. Resolves its open flags. */
LifelineArticle *lifeline_lead_verify_article  (LifelineDb        *db,
                                                const char        *id,
                                                const char        *by,
                                                gint64             now,
                                                GError           **error);
/* Publishes @article (its content: title, summary, body, tags, owner,
 * interval) as a new revision. @base_revision is the revision the lead
 * started from, 0 for a new article. When the stored article has moved on,
 * fails with LIFELINE_ERROR_CONFLICT and sets @current to the stored one, so
 * nothing is overwritten unknowingly. Publishing counts as verifying. */
LifelineArticle *lifeline_lead_publish_article (LifelineDb        *db,
                                                LifelineArticle   *article,
                                                gint64             base_revision,
                                                const char        *by,
                                                gint64             now,
                                                LifelineArticle  **current,
                                                GError           **error);
/* Every recorded revision of @id, oldest first (LifelineArticleRevision).
 * An article never edited here has one: the version in the database. */
GPtrArray       *lifeline_lead_list_revisions  (LifelineDb        *db,
                                                const char        *id,
                                                GError           **error);
/* Publishes @script as a new revision over @base_revision (0: a new
 * script), kept in the script's history; the same rules as an article's:
 * LIFELINE_ERROR_CONFLICT with @current when the stored script moved on. */
LifelineScript  *lifeline_lead_publish_script  (LifelineDb        *db,
                                                LifelineScript    *script,
                                                gint64             base_revision,
                                                const char        *by,
                                                gint64             now,
                                                LifelineScript   **current,
                                                GError           **error);
/* Every recorded revision of script @id, oldest first
 * (LifelineArticleRevision with its script set). */
GPtrArray       *lifeline_lead_list_script_revisions (LifelineDb  *db,
                                                      const char  *id,
                                                      GError     **error);
/* Open flags raised on this machine, newest first (LifelineLeadFlag). */
GPtrArray       *lifeline_lead_list_flags      (LifelineDb        *db,
                                                GError           **error);

/* Drafts: what the lead typed and has not published, per item. @kind is
 * "article" or "script"; @json the editor's state; @base_revision the
 * revision it started from. */
gboolean         lifeline_lead_save_draft      (LifelineDb        *db,
                                                const char        *kind,
                                                const char        *id,
                                                const char        *json,
                                                gint64             base_revision,
                                                gint64             now,
                                                GError           **error);
/* The draft, or NULL (no error) when there is none. */
char            *lifeline_lead_get_draft       (LifelineDb        *db,
                                                const char        *kind,
                                                const char        *id,
                                                gint64            *base_revision,
                                                gint64            *saved_at,
                                                GError           **error);
gboolean         lifeline_lead_delete_draft    (LifelineDb        *db,
                                                const char        *kind,
                                                const char        *id,
                                                GError           **error);

G_END_DECLS
