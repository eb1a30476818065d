/* lifeline-search-page.h — the agent's search: entry, results, article
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-search-worker.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_SEARCH_PAGE (lifeline_search_page_get_type ())

G_DECLARE_FINAL_TYPE (LifelineSearchPage, lifeline_search_page, LIFELINE, SEARCH_PAGE, GtkWidget)

GtkWidget      *lifeline_search_page_new              (void);
/* The worker that runs the queries; the page searches once it has one. */
void            lifeline_search_page_set_worker       (LifelineSearchPage   *self,
                                                       LifelineSearchWorker *worker);
GtkSearchEntry *lifeline_search_page_get_search_entry (LifelineSearchPage   *self);
/* Focuses the entry with its text selected, so that typing replaces it. */
void            lifeline_search_page_focus_search     (LifelineSearchPage   *self);
/* The id of the article on screen, or NULL (property "article-id"). */
const char     *lifeline_search_page_get_article_id   (LifelineSearchPage   *self);
/* Searches for @text as if the agent had typed it (the softphone's call
 * reason, the Shell's search). */
void            lifeline_search_page_search           (LifelineSearchPage   *self,
                                                       const char           *text);
/* Opens an article by id, as if the agent had picked it. */
void            lifeline_search_page_open_article     (LifelineSearchPage   *self,
                                                       const char           *id);
/* What the page shows: "home", "results", "no-results", "loading",
 * "error" or "article". */
const char     *lifeline_search_page_get_view         (LifelineSearchPage   *self);
/* The text whose results the list shows (it lags the entry while a query
 * runs), or NULL before the first results. */
const char     *lifeline_search_page_get_shown_query  (LifelineSearchPage   *self);

G_END_DECLS
