/* lifeline-article.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-article"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-article.h"
#include "lifeline-error.h"
#include "lifeline-wire.h"

G_DEFINE_FINAL_TYPE (LifelineArticle, lifeline_article, G_TYPE_OBJECT)

static void
lifeline_article_finalize (GObject *object)
{
  LifelineArticle *self = (LifelineArticle *)object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->summary);
  g_free (self->body);
  g_strfreev (self->tags);
  g_free (self->owner);
  g_free (self->verified_by);

  G_OBJECT_CLASS (lifeline_article_parent_class)->finalize (object);
}

static void
lifeline_article_class_init (LifelineArticleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_article_finalize;
}

static void
lifeline_article_init (LifelineArticle *self)
{
  self->summary = g_strdup ("");
  self->body = g_strdup ("");
  self->owner = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  self->revision = 1;
  self->verify_interval_days = LIFELINE_DEFAULT_VERIFY_INTERVAL_DAYS;
}

LifelineArticle *
lifeline_article_new (const char *id,
                      const char *title)
{
  LifelineArticle *self = g_object_new (LIFELINE_TYPE_ARTICLE, NULL);

  self->id = g_strdup (id);
  self->title = g_strdup (title);
  return self;
}

static const char * const article_fields[] = {
  "kind", "id", "title", "summary", "body", "tags", "owner", "revision",
  "created_at", "updated_at", "verified_at", "verified_by", "verify_interval_days",
  NULL
};

/**
 * lifeline_article_new_from_json:
 *
 * Reads PRODUCT.md's article wire format. Only `id` and `title` are
 * required; unknown fields are an error so that a typo ("verifed_at") is
 * not silently dropped.
 */
LifelineArticle *
lifeline_article_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(LifelineArticle) self = g_object_new (LIFELINE_TYPE_ARTICLE, NULL);
  gint64 interval = self->verify_interval_days;

  g_return_val_if_fail (object != NULL, NULL);

  if (!lifeline_wire_check_fields (object, article_fields, error) ||
      !lifeline_wire_get_string (object, "id", TRUE, &self->id, error) ||
      !lifeline_wire_get_string (object, "title", TRUE, &self->title, error) ||
      !lifeline_wire_get_string (object, "summary", FALSE, &self->summary, error) ||
      !lifeline_wire_get_string (object, "body", FALSE, &self->body, error) ||
      !lifeline_wire_get_strv (object, "tags", &self->tags, error) ||
      !lifeline_wire_get_string (object, "owner", FALSE, &self->owner, error) ||
      !lifeline_wire_get_int (object, "revision", FALSE, 1, G_MAXINT32, &self->revision, error) ||
      !lifeline_wire_get_time (object, "created_at", FALSE, &self->created_at, error) ||
      !lifeline_wire_get_time (object, "updated_at", FALSE, &self->updated_at, error) ||
      !lifeline_wire_get_time (object, "verified_at", FALSE, &self->verified_at, error) ||
      !lifeline_wire_get_string (object, "verified_by", FALSE, &self->verified_by, error) ||
      !lifeline_wire_get_int (object, "verify_interval_days", FALSE, 1, 3650, &interval, error))
    return NULL;

  if (json_object_has_member (object, "kind"))
    {
      const char *kind = json_object_get_string_member_with_default (object, "kind", "");

      if (g_strcmp0 (kind, "article") != 0)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Field “kind” must be “article” here"));
          return NULL;
        }
    }

  if (!lifeline_id_is_valid (self->id))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “id” must be 1–128 letters, digits, dots, dashes or underscores"));
      return NULL;
    }

  g_strstrip (self->title);
  if (self->title[0] == '\0')
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “title” must not be empty"));
      return NULL;
    }

  self->verify_interval_days = (int)interval;
  return g_steal_pointer (&self);
}

LifelineArticle *
lifeline_article_copy (LifelineArticle *self)
{
  LifelineArticle *copy;

  g_return_val_if_fail (LIFELINE_IS_ARTICLE (self), NULL);

  copy = lifeline_article_new (self->id, self->title);
  g_free (copy->summary);
  copy->summary = g_strdup (self->summary);
  g_free (copy->body);
  copy->body = g_strdup (self->body);
  g_strfreev (copy->tags);
  copy->tags = g_strdupv (self->tags);
  g_free (copy->owner);
  copy->owner = g_strdup (self->owner);
  copy->revision = self->revision;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->verified_at = self->verified_at;
  copy->verified_by = g_strdup (self->verified_by);
  copy->verify_interval_days = self->verify_interval_days;
  return copy;
}

void
lifeline_article_to_json (LifelineArticle *self,
                          JsonBuilder     *builder)
{
  g_return_if_fail (LIFELINE_IS_ARTICLE (self));

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", self->id);
  lifeline_wire_add_string (builder, "title", self->title);
  lifeline_wire_add_string (builder, "summary", self->summary);
  lifeline_wire_add_string (builder, "body", self->body);
  lifeline_wire_add_strv (builder, "tags", (const char * const *)self->tags);
  lifeline_wire_add_string (builder, "owner", self->owner);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision);
  if (self->created_at != 0)
    lifeline_wire_add_time (builder, "created_at", self->created_at);
  lifeline_wire_add_time (builder, "updated_at", self->updated_at);
  lifeline_wire_add_time (builder, "verified_at", self->verified_at);
  lifeline_wire_add_string (builder, "verified_by", self->verified_by);
  json_builder_set_member_name (builder, "verify_interval_days");
  json_builder_add_int_value (builder, self->verify_interval_days);
  json_builder_end_object (builder);
}

JsonNode *
lifeline_article_to_json_node (LifelineArticle *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  lifeline_article_to_json (self, builder);
  return json_builder_get_root (builder);
}

/* An article never verified is expired from the start. */
gint64
lifeline_article_get_expires_at (LifelineArticle *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE (self), 0);

  if (self->verified_at == 0)
    return 0;
  return self->verified_at + (gint64)self->verify_interval_days * 24 * 60 * 60;
}

gboolean
lifeline_article_is_expired (LifelineArticle *self,
                             gint64           now)
{
  return lifeline_article_get_expires_at (self) <= now;
}

gboolean
lifeline_article_equal_content (LifelineArticle *a,
                                LifelineArticle *b)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE (a), FALSE);
  g_return_val_if_fail (LIFELINE_IS_ARTICLE (b), FALSE);

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->summary, b->summary) == 0 &&
         g_strcmp0 (a->body, b->body) == 0 &&
         g_strv_equal ((const char * const *)a->tags, (const char * const *)b->tags) &&
         g_strcmp0 (a->owner, b->owner) == 0 &&
         a->verify_interval_days == b->verify_interval_days;
}
