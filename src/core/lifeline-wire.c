/* lifeline-wire.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-wire"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-wire.h"

char *
lifeline_time_format (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc (unix_seconds);
  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
lifeline_time_parse (const char *text,
                     gint64     *unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (unix_seconds != NULL, FALSE);

  if (text == NULL || *text == '\0')
    return FALSE;

  /* RFC 3339 demands an explicit offset; without one GLib would read local time. */
  {
    size_t len = strlen (text);
    gboolean zulu = text[len - 1] == 'Z' || text[len - 1] == 'z';
    gboolean offset = len > 6 && (text[len - 6] == '+' || text[len - 6] == '-') && text[len - 3] == ':';

    if (len < 20 || (text[10] != 'T' && text[10] != 't') || !(zulu || offset))
      return FALSE;
  }

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  *unix_seconds = g_date_time_to_unix (dt);
  return TRUE;
}

gint64
lifeline_time_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

JsonObject *
lifeline_wire_parse_object (const char  *data,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length < 0)
    length = data ? strlen (data) : 0;

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                           _("The text is not valid UTF-8"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                   _("Malformed JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("Expected a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
wrong_type (const char  *field,
            const char  *expected,
            GError     **error)
{
  /* Translators: the first %s is a field name, the second a JSON type ("a string") */
  g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
               _("Field “%s” must be %s"), field, expected);
  return FALSE;
}

static gboolean
missing (const char  *field,
         GError     **error)
{
  g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
               _("Field “%s” is required"), field);
  return FALSE;
}

static JsonNode *
get_member (JsonObject *object,
            const char *field)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

gboolean
lifeline_wire_get_string (JsonObject  *object,
                          const char  *field,
                          gboolean     required,
                          char       **out,
                          GError     **error)
{
  JsonNode *node = get_member (object, field);

  if (node == NULL)
    return required ? missing (field, error) : TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (field, _("a string"), error);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
lifeline_wire_get_int (JsonObject  *object,
                       const char  *field,
                       gboolean     required,
                       gint64       min,
                       gint64       max,
                       gint64      *out,
                       GError     **error)
{
  JsonNode *node = get_member (object, field);
  gint64 value;

  if (node == NULL)
    return required ? missing (field, error) : TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (field, _("a whole number"), error);

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “%s” must be between %" PRId64 " and %" PRId64),
                   field, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
lifeline_wire_get_bool (JsonObject  *object,
                        const char  *field,
                        gboolean    *out,
                        GError     **error)
{
  JsonNode *node = get_member (object, field);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (field, _("true or false"), error);

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
lifeline_wire_get_time (JsonObject  *object,
                        const char  *field,
                        gboolean     required,
                        gint64      *out,
                        GError     **error)
{
  g_autofree char *text = NULL;

  if (!lifeline_wire_get_string (object, field, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!lifeline_time_parse (text, out))
    return wrong_type (field, _("an RFC 3339 time such as 2026-11-23T14:02:00Z"), error);

  return TRUE;
}

gboolean
lifeline_wire_get_strv (JsonObject   *object,
                        const char   *field,
                        char       ***out,
                        GError      **error)
{
  JsonNode *node = get_member (object, field);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (field, _("a list of strings"), error);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  builder = g_strv_builder_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return wrong_type (field, _("a list of strings"), error);
      g_strv_builder_add (builder, json_node_get_string (item));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
lifeline_wire_check_fields (JsonObject          *object,
                            const char * const  *known,
                            GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (known, l->data))
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Unknown field “%s”"), (const char *)l->data);
          return FALSE;
        }
    }

  return TRUE;
}

void
lifeline_wire_add_time (JsonBuilder *builder,
                        const char  *field,
                        gint64       unix_seconds)
{
  g_autofree char *text = lifeline_time_format (unix_seconds);

  lifeline_wire_add_string (builder, field, text);
}

void
lifeline_wire_add_string (JsonBuilder *builder,
                          const char  *field,
                          const char  *value_or_null)
{
  json_builder_set_member_name (builder, field);
  if (value_or_null == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value_or_null);
}

void
lifeline_wire_add_strv (JsonBuilder         *builder,
                        const char          *field,
                        const char * const  *strv)
{
  json_builder_set_member_name (builder, field);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

char *
lifeline_wire_to_string (JsonNode *node,
                         gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

gboolean
lifeline_id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;

  len = strlen (id);
  if (len == 0 || len > 128 || id[0] == '.')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = id[i];

      if (!g_ascii_isalnum (c) && c != '-' && c != '_' && c != '.')
        return FALSE;
    }

  return TRUE;
}

gboolean
lifeline_uuid_is_valid (const char *uuid)
{
  if (uuid == NULL || strlen (uuid) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      char c = uuid[i];

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (c != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (c) || g_ascii_isupper (c))
        return FALSE;
    }

  return TRUE;
}
