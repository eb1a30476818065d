/* lifeline-import.c — knowledge-base files: JSON Lines and Markdown with front matter
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-kb"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-import.h"
#include "lifeline-kb-private.h"
#include "lifeline-wire.h"

void
lifeline_kb_item_free (LifelineKbItem *item)
{
  if (item == NULL)
    return;
  g_free (item->file);
  g_clear_object (&item->article);
  g_clear_object (&item->script);
  g_free (item);
}

const char *
lifeline_kb_item_get_id (LifelineKbItem *item)
{
  return item->article ? item->article->id : item->script->id;
}

static void
set_located_error (GError     **error,
                   GError      *cause,
                   const char  *file,
                   int          line)
{
  g_set_error (error, LIFELINE_ERROR,
               cause->domain == LIFELINE_ERROR ? cause->code : LIFELINE_ERROR_INVALID,
               "%s:%d: %s", file, line, cause->message);
}

/* Front matter ------------------------------------------------------------------ */

static const char * const front_matter_keys[] = {
  "id", "title", "summary", "tags", "owner", "revision", "created_at", "updated_at",
  "verified_at", "verified_by", "verify_interval_days", NULL
};

static const char *
strip_cr (char *line)
{
  gsize len = strlen (line);

  if (len > 0 && line[len - 1] == '\r')
    line[len - 1] = '\0';
  return line;
}

static LifelineArticle *
parse_markdown (const char  *text,
                const char  *file,
                int         *error_line,
                GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GHashTable) key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LifelineArticle) article = NULL;
  GString *body;
  guint i;
  guint n_lines = g_strv_length (lines);

  *error_line = 1;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                           _("The file is not valid UTF-8 text"));
      return NULL;
    }

  if (n_lines == 0 || strcmp (strip_cr (lines[0]), "---") != 0)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                           _("An article must start with front matter: a line “---”, "
                             "“key: value” lines (id, title, summary, tags…), and a line “---”"));
      return NULL;
    }

  for (i = 1; i < n_lines; i++)
    {
      const char *line = strip_cr (lines[i]);
      const char *colon;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      *error_line = i + 1;
      if (strcmp (line, "---") == 0)
        break;
      if (*line == '\0' || *line == '#')
        continue;

      colon = strchr (line, ':');
      if (colon == NULL)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                       _("Expected “key: value” in the front matter, found “%s”"), line);
          return NULL;
        }
      key = g_strstrip (g_strndup (line, colon - line));
      value = g_strstrip (g_strdup (colon + 1));

      if (!g_strv_contains (front_matter_keys, key))
        {
          g_autofree char *known = g_strjoinv (", ", (GStrv)front_matter_keys);

          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Unknown front matter key “%s” (known keys: %s)"), key, known);
          return NULL;
        }
      if (g_hash_table_contains (key_lines, key))
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("The key “%s” appears twice in the front matter"), key);
          return NULL;
        }
      g_hash_table_insert (key_lines, g_strdup (key), GINT_TO_POINTER (i + 1));

      if (strcmp (key, "tags") == 0)
        {
          g_auto(GStrv) tags = g_strsplit (value, ",", -1);
          JsonArray *array = json_array_new ();

          for (guint t = 0; tags[t] != NULL; t++)
            {
              char *tag = g_strstrip (tags[t]);

              if (*tag != '\0')
                json_array_add_string_element (array, tag);
            }
          json_object_set_array_member (object, key, array);
        }
      else if (strcmp (key, "revision") == 0 || strcmp (key, "verify_interval_days") == 0)
        {
          gint64 number;

          if (!g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
            {
              g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("The key “%s” must be a whole number, not “%s”"), key, value);
              return NULL;
            }
          json_object_set_int_member (object, key, number);
        }
      else
        {
          /* Allow "title: "Quoted"" as YAML writers do. */
          gsize len = strlen (value);

          if (len >= 2 && ((value[0] == '"' && value[len - 1] == '"') ||
                           (value[0] == '\'' && value[len - 1] == '\'')))
            {
              value[len - 1] = '\0';
              json_object_set_string_member (object, key, value + 1);
            }
          else
            json_object_set_string_member (object, key, value);
        }
    }

  if (i >= n_lines)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                           _("The front matter has no closing line “---”"));
      return NULL;
    }

  body = g_string_new (NULL);
  for (guint b = i + 1; b < n_lines; b++)
    {
      const char *line = strip_cr (lines[b]);

      if (body->len == 0 && *line == '\0')
        continue;
      g_string_append_printf (body, "%s%s", line, b + 1 < n_lines ? "\n" : "");
    }
  while (body->len > 0 && body->str[body->len - 1] == '\n')
    g_string_truncate (body, body->len - 1);
  json_object_set_string_member (object, "body", body->str);
  g_string_free (body, TRUE);

  if (!json_object_has_member (object, "id") && file != NULL)
    {
      g_autofree char *base = g_path_get_basename (file);

      if (g_str_has_suffix (base, ".md"))
        base[strlen (base) - 3] = '\0';
      json_object_set_string_member (object, "id", base);
    }

  article = lifeline_article_new_from_json (object, &local_error);
  if (article == NULL)
    {
      GHashTableIter iter;
      gpointer key, line;

      /* Point at the line of the field the message names. */
      *error_line = 1;
      g_hash_table_iter_init (&iter, key_lines);
      while (g_hash_table_iter_next (&iter, &key, &line))
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", (const char *)key);

          if (strstr (local_error->message, quoted) != NULL)
            *error_line = GPOINTER_TO_INT (line);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&article);
}

LifelineArticle *
lifeline_kb_parse_markdown (const char  *text,
                            const char  *file,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  LifelineArticle *article;
  int line = 1;

  article = parse_markdown (text, file, &line, &local_error);
  if (article == NULL)
    set_located_error (error, local_error, file ? file : "-", line);
  return article;
}

/* Files ------------------------------------------------------------------------- */

static gboolean
read_jsonl (const char  *file,
            const char  *contents,
            gsize        length,
            GPtrArray   *items,
            GError     **error)
{
  const char *p = contents;
  const char *end = contents + length;
  int line = 0;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) object = NULL;
      LifelineKbItem *item;
      const char *kind;
      const char *q = p;

      line++;
      while (q < stop && g_ascii_isspace (*q))
        q++;
      if (q == stop)
        {
          p = stop + 1;
          continue;
        }

      object = lifeline_wire_parse_object (p, stop - p, &local_error);
      if (object == NULL)
        {
          set_located_error (error, local_error, file, line);
          return FALSE;
        }

      item = g_new0 (LifelineKbItem, 1);
      item->file = g_strdup (file);
      item->line = line;
      kind = json_object_has_member (object, "kind") &&
             JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "kind"))
             ? json_object_get_string_member_with_default (object, "kind", "") : "";
      if (g_strcmp0 (kind, "script") == 0)
        item->script = lifeline_script_new_from_json (object, &local_error);
      else
        item->article = lifeline_article_new_from_json (object, &local_error);

      if (item->script == NULL && item->article == NULL)
        {
          lifeline_kb_item_free (item);
          set_located_error (error, local_error, file, line);
          return FALSE;
        }
      g_ptr_array_add (items, item);
      p = stop + 1;
    }

  return TRUE;
}

static gboolean
read_file (const char  *file,
           GPtrArray   *items,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (file, &contents, &length, &local_error))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO, "%s: %s", file, local_error->message);
      return FALSE;
    }

  if (g_str_has_suffix (file, ".md"))
    {
      LifelineArticle *article = lifeline_kb_parse_markdown (contents, file, error);
      LifelineKbItem *item;

      if (article == NULL)
        return FALSE;
      item = g_new0 (LifelineKbItem, 1);
      item->file = g_strdup (file);
      item->line = 1;
      item->article = article;
      g_ptr_array_add (items, item);
      return TRUE;
    }

  return read_jsonl (file, contents, length, items, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
list_files (const char  *dir,
            GPtrArray   *out,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local_error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO, "%s: %s", dir, local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!list_files (path, out, error))
            return FALSE;
        }
      else if (g_str_has_suffix (path, ".md") || g_str_has_suffix (path, ".jsonl"))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
  return TRUE;
}

GPtrArray *
lifeline_kb_list_source_files (const char  *dir,
                               GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (!list_files (dir, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
lifeline_kb_read_path (const char  *path,
                       GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_kb_item_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) files = lifeline_kb_list_source_files (path, error);

      if (files == NULL)
        return NULL;
      for (guint i = 0; i < files->len; i++)
        if (!read_file (g_ptr_array_index (files, i), items, error))
          return NULL;
    }
  else if (!read_file (path, items, error))
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      LifelineKbItem *item = g_ptr_array_index (items, i);
      g_autofree char *key = g_strdup_printf ("%c%s", item->article ? 'a' : 's',
                                              lifeline_kb_item_get_id (item));
      LifelineKbItem *first = g_hash_table_lookup (seen, key);

      if (first != NULL)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("%s:%d: The id “%s” is already used at %s:%d"),
                       item->file, item->line, lifeline_kb_item_get_id (item),
                       first->file, first->line);
          return NULL;
        }
      g_hash_table_insert (seen, g_steal_pointer (&key), item);
    }

  return g_steal_pointer (&items);
}

/* Import and export ----------------------------------------------------------- */

static gboolean
import_item (LifelineDb      *db,
             LifelineKbItem  *item,
             LifelineOrigin   origin,
             gint64           now,
             guint           *added,
             guint           *updated,
             guint           *unchanged,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (item->article != NULL)
    {
      g_autoptr(LifelineArticle) old = lifeline_kb_get_article (db, item->article->id, &local_error);
      g_autoptr(LifelineArticle) article = lifeline_article_copy (item->article);

      if (old == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (old != NULL && lifeline_article_equal_content (old, article) &&
          old->verified_at == article->verified_at &&
          g_strcmp0 (old->verified_by, article->verified_by) == 0)
        {
          (*unchanged)++;
          return TRUE;
        }
      if (article->updated_at == 0)
        article->updated_at = now;
      if (old != NULL)
        {
          article->revision = MAX (article->revision, old->revision + 1);
          if (article->created_at == 0)
            article->created_at = old->created_at;
        }
      if (article->created_at == 0)
        article->created_at = article->updated_at;
      (*(old ? updated : added))++;
      return lifeline_kb_put_article (db, article, origin, error);
    }
  else
    {
      g_autoptr(LifelineScript) old = lifeline_kb_get_script (db, item->script->id, &local_error);
      g_autoptr(JsonNode) node = lifeline_script_to_json_node (item->script);
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(LifelineScript) script = NULL;

      if (old == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      object = json_object_ref (json_node_get_object (node));
      if (old != NULL)
        {
          g_autoptr(JsonNode) old_node = lifeline_script_to_json_node (old);
          JsonObject *old_object = json_node_get_object (old_node);

          json_object_set_int_member (old_object, "revision", item->script->revision);
          json_object_remove_member (old_object, "updated_at");
          json_object_remove_member (object, "updated_at");
          if (json_node_equal (old_node, node))
            {
              (*unchanged)++;
              return TRUE;
            }
          json_object_set_int_member (object, "revision", MAX (item->script->revision, old->revision + 1));
        }
      if (item->script->updated_at == 0 || old != NULL)
        {
          g_autofree char *stamp = lifeline_time_format (item->script->updated_at ? item->script->updated_at : now);

          json_object_set_string_member (object, "updated_at", stamp);
        }
      script = lifeline_script_new_from_json (object, error);
      if (script == NULL)
        return FALSE;
      (*(old ? updated : added))++;
      return lifeline_kb_put_script (db, script, origin, error);
    }
}

gboolean
lifeline_kb_import (LifelineDb      *db,
                    GPtrArray       *items,
                    LifelineOrigin   origin,
                    guint           *n_added,
                    guint           *n_updated,
                    guint           *n_unchanged,
                    GError         **error)
{
  guint added = 0, updated = 0, unchanged = 0;
  gint64 now = lifeline_time_now ();

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  if (!lifeline_db_begin (db, error))
    return FALSE;
  lifeline_kb_bulk_begin (db);

  for (guint i = 0; i < items->len; i++)
    {
      LifelineKbItem *item = g_ptr_array_index (items, i);
      g_autoptr(GError) local_error = NULL;

      if (!import_item (db, item, origin, now, &added, &updated, &unchanged, &local_error))
        {
          lifeline_kb_bulk_end (db, NULL);
          lifeline_db_rollback (db);
          set_located_error (error, local_error, item->file, item->line);
          return FALSE;
        }
    }

  if (!lifeline_kb_bulk_end (db, error) || !lifeline_db_commit (db, error))
    {
      lifeline_db_rollback (db);
      return FALSE;
    }

  if (n_added)
    *n_added = added;
  if (n_updated)
    *n_updated = updated;
  if (n_unchanged)
    *n_unchanged = unchanged;
  return TRUE;
}

static void
write_node (FILE     *out,
            JsonNode *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  fputs (json, out);
  fputc ('\n', out);
}

gboolean
lifeline_kb_export_jsonl (LifelineDb  *db,
                          FILE        *out,
                          GError     **error)
{
  g_autoptr(GPtrArray) articles = lifeline_kb_list_articles (db, error);
  g_autoptr(GPtrArray) scripts = NULL;

  if (articles == NULL)
    return FALSE;
  scripts = lifeline_kb_list_scripts (db, error);
  if (scripts == NULL)
    return FALSE;

  for (guint i = 0; i < articles->len; i++)
    {
      g_autoptr(JsonNode) node = lifeline_article_to_json_node (g_ptr_array_index (articles, i));

      write_node (out, node);
    }
  for (guint i = 0; i < scripts->len; i++)
    {
      g_autoptr(JsonNode) node = lifeline_script_to_json_node (g_ptr_array_index (scripts, i));

      write_node (out, node);
    }

  if (fflush (out) != 0 || ferror (out))
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                           _("Could not write the export (is the disk full?)"));
      return FALSE;
    }
  return TRUE;
}
