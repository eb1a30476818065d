/* lifeline-article.h
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIFELINE_DEFAULT_VERIFY_INTERVAL_DAYS 90

#define LIFELINE_TYPE_ARTICLE (lifeline_article_get_type ())

G_DECLARE_FINAL_TYPE (LifelineArticle, lifeline_article, LIFELINE, ARTICLE, GObject)

/* A knowledge-base article. The fields are plain data, read directly; code
 * outside src/core treats them as read-only and builds new articles with
 * lifeline_article_new() or lifeline_article_new_from_json(). Times are Unix
 * seconds, 0 for "never". */
struct _LifelineArticle
{
  GObject   parent_instance;

  char     *id;
  char     *title;
  char     *summary;
  char     *body;               /* Markdown */
  char    **tags;
  char     *owner;
  gint64    revision;
  gint64    created_at;
  gint64    updated_at;
  gint64    verified_at;
  char     *verified_by;
  int       verify_interval_days;
};

LifelineArticle *lifeline_article_new            (const char       *id,
                                                  const char       *title);
LifelineArticle *lifeline_article_new_from_json  (JsonObject       *object,
                                                  GError          **error);
LifelineArticle *lifeline_article_copy           (LifelineArticle  *self);
void             lifeline_article_to_json        (LifelineArticle  *self,
                                                  JsonBuilder      *builder);
JsonNode        *lifeline_article_to_json_node   (LifelineArticle  *self);
gint64           lifeline_article_get_expires_at (LifelineArticle  *self);
gboolean         lifeline_article_is_expired     (LifelineArticle  *self,
                                                  gint64            now);
gboolean         lifeline_article_equal_content  (LifelineArticle  *a,
                                                  LifelineArticle  *b);

G_END_DECLS
