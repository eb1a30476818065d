/* lifeline-script.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-script"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-report.h"
#include "lifeline-script.h"
#include "lifeline-wire.h"

G_DEFINE_FINAL_TYPE (LifelineScript, lifeline_script, G_TYPE_OBJECT)

static const char * const known_placeholders[] = {
  "customer_name", "agent_name", "promised_date", "correct_info", "wrong_info",
  "reference", "wait_time", NULL
};

static void
step_free (gpointer data)
{
  LifelineScriptStep *step = data;

  g_free (step->do_text);
  g_free (step->say);
  g_free (step->ask);
  g_free (step);
}

static void
lifeline_script_finalize (GObject *object)
{
  LifelineScript *self = (LifelineScript *)object;

  g_free (self->id);
  g_free (self->title);
  g_strfreev (self->categories);
  g_strfreev (self->tags);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (lifeline_script_parent_class)->finalize (object);
}

static void
lifeline_script_class_init (LifelineScriptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_script_finalize;
}

static void
lifeline_script_init (LifelineScript *self)
{
  self->categories = g_new0 (char *, 1);
  self->tags = g_new0 (char *, 1);
  self->revision = 1;
  self->steps = g_ptr_array_new_with_free_func (step_free);
}

const char * const *
lifeline_script_known_placeholders (void)
{
  return known_placeholders;
}

/* Calls @func for each {name} in @phrase; stops at the first FALSE. */
static gboolean
foreach_placeholder (const char *phrase,
                     gboolean  (*func) (const char *name, gsize len, gpointer data),
                     gpointer    data)
{
  for (const char *p = phrase; p != NULL && *p != '\0'; p++)
    {
      const char *end;

      if (*p != '{')
        continue;
      end = strchr (p + 1, '}');
      if (end == NULL)
        break;
      if (!func (p + 1, end - p - 1, data))
        return FALSE;
      p = end;
    }

  return TRUE;
}

static gboolean
check_known (const char *name,
             gsize       len,
             gpointer    data)
{
  char **unknown = data;

  for (guint i = 0; known_placeholders[i] != NULL; i++)
    if (strlen (known_placeholders[i]) == len && strncmp (known_placeholders[i], name, len) == 0)
      return TRUE;

  *unknown = g_strndup (name, len);
  return FALSE;
}

static const char * const script_fields[] = {
  "kind", "id", "title", "categories", "tags", "revision", "updated_at", "steps", NULL
};
static const char * const step_fields[] = { "do", "say", "ask", NULL };

LifelineScript *
lifeline_script_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(LifelineScript) self = g_object_new (LIFELINE_TYPE_SCRIPT, NULL);
  g_autofree char *kind = NULL;
  JsonNode *steps_node;
  JsonArray *steps;

  g_return_val_if_fail (object != NULL, NULL);

  if (!lifeline_wire_check_fields (object, script_fields, error) ||
      !lifeline_wire_get_string (object, "kind", FALSE, &kind, error) ||
      !lifeline_wire_get_string (object, "id", TRUE, &self->id, error) ||
      !lifeline_wire_get_string (object, "title", TRUE, &self->title, error) ||
      !lifeline_wire_get_strv (object, "categories", &self->categories, error) ||
      !lifeline_wire_get_strv (object, "tags", &self->tags, error) ||
      !lifeline_wire_get_int (object, "revision", FALSE, 1, G_MAXINT32, &self->revision, error) ||
      !lifeline_wire_get_time (object, "updated_at", FALSE, &self->updated_at, error))
    return NULL;

  if (kind != NULL && strcmp (kind, "script") != 0)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “kind” must be “script” here"));
      return NULL;
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

  for (guint i = 0; self->categories[i] != NULL; i++)
    {
      LifelineCategory category;

      if (!lifeline_category_from_string (self->categories[i], &category) ||
          category == LIFELINE_CATEGORY_NONE)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Unknown category “%s” in “categories” (expected one of %s)"),
                       self->categories[i],
                       "incorrect_information, miscommunication, professionalism, process, system_error");
          return NULL;
        }
    }

  steps_node = json_object_get_member (object, "steps");
  if (steps_node == NULL || !JSON_NODE_HOLDS_ARRAY (steps_node) ||
      json_array_get_length (json_node_get_array (steps_node)) == 0)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “steps” must be a list of at least one step"));
      return NULL;
    }

  steps = json_node_get_array (steps_node);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonNode *node = json_array_get_element (steps, i);
      LifelineScriptStep *step;
      g_autoptr(GError) local_error = NULL;
      JsonObject *sobj;
      char *unknown = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Step %u must be an object with “do”, “say” and “ask”"), i + 1);
          return NULL;
        }

      sobj = json_node_get_object (node);
      step = g_new0 (LifelineScriptStep, 1);
      g_ptr_array_add (self->steps, step);

      if (!lifeline_wire_check_fields (sobj, step_fields, &local_error) ||
          !lifeline_wire_get_string (sobj, "do", TRUE, &step->do_text, &local_error) ||
          !lifeline_wire_get_string (sobj, "say", FALSE, &step->say, &local_error) ||
          !lifeline_wire_get_string (sobj, "ask", FALSE, &step->ask, &local_error))
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Step %u: %s"), i + 1, local_error->message);
          return NULL;
        }

      if (step->say == NULL)
        step->say = g_strdup ("");
      if (step->ask != NULL && g_strstrip (step->ask)[0] == '\0')
        g_clear_pointer (&step->ask, g_free);

      if (!foreach_placeholder (step->say, check_known, &unknown))
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Step %u uses the unknown placeholder {%s}"), i + 1, unknown);
          g_free (unknown);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

void
lifeline_script_to_json (LifelineScript *self,
                         JsonBuilder    *builder)
{
  g_return_if_fail (LIFELINE_IS_SCRIPT (self));

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "kind", "script");
  lifeline_wire_add_string (builder, "id", self->id);
  lifeline_wire_add_string (builder, "title", self->title);
  lifeline_wire_add_strv (builder, "categories", (const char * const *)self->categories);
  lifeline_wire_add_strv (builder, "tags", (const char * const *)self->tags);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision);
  if (self->updated_at != 0)
    lifeline_wire_add_time (builder, "updated_at", self->updated_at);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    {
      LifelineScriptStep *step = g_ptr_array_index (self->steps, i);

      json_builder_begin_object (builder);
      lifeline_wire_add_string (builder, "do", step->do_text);
      lifeline_wire_add_string (builder, "say", step->say);
      lifeline_wire_add_string (builder, "ask", step->ask);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
lifeline_script_to_json_node (LifelineScript *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  lifeline_script_to_json (self, builder);
  return json_builder_get_root (builder);
}

gboolean
lifeline_script_serves (LifelineScript *self,
                        const char     *category)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT (self), FALSE);

  return category != NULL && g_strv_contains ((const char * const *)self->categories, category);
}

gboolean
lifeline_script_is_near_miss (LifelineScript *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT (self), FALSE);

  return g_strv_contains ((const char * const *)self->tags, "near-miss");
}

static gboolean
collect_placeholder (const char *name,
                     gsize       len,
                     gpointer    data)
{
  GPtrArray *names = data;
  g_autofree char *copy = g_strndup (name, len);

  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), copy) == 0)
      return TRUE;

  g_ptr_array_add (names, g_steal_pointer (&copy));
  return TRUE;
}

GStrv
lifeline_script_list_placeholders (LifelineScript *self)
{
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (LIFELINE_IS_SCRIPT (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      LifelineScriptStep *step = g_ptr_array_index (self->steps, i);

      foreach_placeholder (step->say, collect_placeholder, names);
    }

  g_ptr_array_add (names, NULL);
  return (GStrv)g_ptr_array_free (names, FALSE);
}

char *
lifeline_script_fill (const char *phrase,
                      GHashTable *values,
                      const char *missing_format)
{
  GString *out = g_string_new (NULL);
  const char *p = phrase;

  g_return_val_if_fail (phrase != NULL, NULL);
  g_return_val_if_fail (missing_format != NULL, NULL);

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open ? strchr (open + 1, '}') : NULL;
      g_autofree char *name = NULL;
      const char *value;

      if (open == NULL || close == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, open - p);
      name = g_strndup (open + 1, close - open - 1);
      value = values ? g_hash_table_lookup (values, name) : NULL;

      if (value != NULL && *value != '\0')
        g_string_append (out, value);
      else
        {
          g_autofree char *spoken = g_strdelimit (g_strdup (name), "_", ' ');

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          g_string_append_printf (out, missing_format, spoken);
#pragma GCC diagnostic pop
        }

      p = close + 1;
    }

  return g_string_free (out, FALSE);
}
