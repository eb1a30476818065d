/* lifeline-article-page.h — one article, as an agent reads it mid-call
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-article.h"
#include "lifeline-search-worker.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_ARTICLE_PAGE (lifeline_article_page_get_type ())

G_DECLARE_FINAL_TYPE (LifelineArticlePage, lifeline_article_page, LIFELINE, ARTICLE_PAGE, GtkWidget)

GtkWidget       *lifeline_article_page_new          (void);
/* The worker that stores flags. */
void             lifeline_article_page_set_worker   (LifelineArticlePage  *self,
                                                     LifelineSearchWorker *worker);
LifelineArticle *lifeline_article_page_get_article  (LifelineArticlePage  *self);
/* Shows @article (or nothing), its freshness as of @now, scrolled to the top. */
void             lifeline_article_page_set_article  (LifelineArticlePage  *self,
                                                     LifelineArticle      *article,
                                                     gint64                now);
/* Scrolls by a step or a page, for the keys of the search entry. */
void             lifeline_article_page_scroll       (LifelineArticlePage  *self,
                                                     GtkScrollType         scroll);
void             lifeline_article_page_add_toast    (LifelineArticlePage  *self,
                                                     const char           *title);

G_END_DECLS
