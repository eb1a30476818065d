/* lifeline-freshness.h — how fresh an answer is, in words
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-article.h"

G_BEGIN_DECLS

typedef enum
{
  LIFELINE_FRESHNESS_VERIFIED,
  LIFELINE_FRESHNESS_EXPIRED,
  LIFELINE_FRESHNESS_NEVER_VERIFIED,
} LifelineFreshness;

/* Every function takes the current time, in Unix seconds, from its caller, so
 * that tests (and screenshots) can pin it. @expires_at is
 * lifeline_article_get_expires_at(): 0 when the article was never verified. */
gint64             lifeline_freshness_now           (void);
LifelineFreshness  lifeline_freshness_classify      (gint64             verified_at,
                                                     gint64             expires_at,
                                                     gint64             now);
/* The short badge of a result row: "Verified 12 days ago", "Expired 3 days
 * ago", "Never verified". */
char              *lifeline_freshness_format_badge  (gint64             verified_at,
                                                     gint64             expires_at,
                                                     gint64             now);
/* The line under an article's title: "Verified 12 days ago by Ana · every 90
 * days", or "Expired 3 days ago — check with a lead". */
char              *lifeline_freshness_format_line   (LifelineArticle   *article,
                                                     gint64             now);
/* "success" or "warning": the style class for the text. */
const char        *lifeline_freshness_style_class   (LifelineFreshness  freshness);

G_END_DECLS
