/* lifeline-article-editor.h — a lead edits, previews and publishes an article
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-lead-service.h"
#include "lifeline-markdown-view.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_ARTICLE_EDITOR (lifeline_article_editor_get_type ())

G_DECLARE_FINAL_TYPE (LifelineArticleEditor, lifeline_article_editor, LIFELINE, ARTICLE_EDITOR, GtkWidget)

void                  lifeline_article_editor_set_service     (LifelineArticleEditor *self,
                                                               LifelineLeadService   *service);
/* Opens the published article @id, or the lead's unpublished draft of it.
 * @note (or NULL): why it is being edited (a flag's reason), shown above. */
void                  lifeline_article_editor_edit            (LifelineArticleEditor *self,
                                                               const char            *id,
                                                               const char            *note);
/* Starts a new article, prefilled with @title and @body (either may be NULL). */
void                  lifeline_article_editor_new_article     (LifelineArticleEditor *self,
                                                               const char            *title,
                                                               const char            *body,
                                                               const char            *note);

/* For tests and for the lead page. */
const char           *lifeline_article_editor_get_article_id  (LifelineArticleEditor *self);
/* The ETag the next publish sends (NULL for a new article). */
const char           *lifeline_article_editor_get_etag        (LifelineArticleEditor *self);
/* Loaded, and no request on its way. */
gboolean              lifeline_article_editor_is_idle         (LifelineArticleEditor *self);
guint                 lifeline_article_editor_get_n_published (LifelineArticleEditor *self);
gboolean              lifeline_article_editor_get_draft_saved (LifelineArticleEditor *self);
GtkTextBuffer        *lifeline_article_editor_get_body_buffer (LifelineArticleEditor *self);
GtkEditable          *lifeline_article_editor_get_title_editable (LifelineArticleEditor *self);
LifelineMarkdownView *lifeline_article_editor_get_preview     (LifelineArticleEditor *self);
/* The revisions shown in History (LifelineArticleRevision), or NULL. */
GPtrArray            *lifeline_article_editor_get_revisions   (LifelineArticleEditor *self);

G_END_DECLS
