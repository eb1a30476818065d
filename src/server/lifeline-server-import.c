/* lifeline-server-import.c — articles and scripts from a JSONL file
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-import.h"
#include "lifeline-server-import.h"

/* The file is read by core's knowledge-base reader (lifeline-import.h), the
 * same one lifeline-kb uses, so both accept exactly the same files. */

static char *
script_key (LifelineScript *script)
{
  g_autoptr(JsonNode) node = lifeline_script_to_json_node (script);
  JsonObject *object = json_node_get_object (node);

  json_object_remove_member (object, "revision");
  json_object_remove_member (object, "updated_at");
  return lifeline_wire_to_string (node, FALSE);
}

static gboolean
import_entry (LifelineServerStore   *store,
              LifelineKbItem        *entry,
              gint64                 now,
              LifelineImportCounts  *counts,
              GError               **error)
{
  g_autoptr(LifelineServerItem) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  LifelineServerItem next = { 0 };
  LifelineItemKind kind = entry->script != NULL ? LIFELINE_ITEM_SCRIPT : LIFELINE_ITEM_ARTICLE;
  gboolean live;
  gboolean ok;

  existing = lifeline_server_store_item_get (store, kind, lifeline_kb_item_get_id (entry), &local_error);
  if (existing == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  live = existing != NULL && !existing->deleted;
  if (live)
    {
      object = lifeline_wire_parse_object (existing->content, -1, error);
      if (object == NULL)
        return FALSE;
    }

  next.kind = kind;
  next.id = (char *)lifeline_kb_item_get_id (entry);
  next.revision = existing != NULL ? existing->revision + 1 : 1;
  next.updated_at = now;

  if (kind == LIFELINE_ITEM_ARTICLE)
    {
      LifelineArticle *article = entry->article;
      gboolean has_verified_at = article->verified_at != 0;
      g_autoptr(LifelineArticle) current = live ? lifeline_article_new_from_json (object, error) : NULL;

      if (live && current == NULL)
        return FALSE;
      if (current != NULL &&
          lifeline_article_equal_content (current, article) &&
          (!has_verified_at || current->verified_at == article->verified_at))
        {
          counts->unchanged++;
          return TRUE;
        }

      if (!has_verified_at && current != NULL)
        {
          article->verified_at = current->verified_at;
          g_free (article->verified_by);
          article->verified_by = g_strdup (current->verified_by);
        }
      article->revision = next.revision;
      if (article->updated_at == 0)
        article->updated_at = now;
      if (current != NULL && current->created_at != 0)
        article->created_at = current->created_at;
      else if (article->created_at == 0)
        article->created_at = now;
      node = lifeline_article_to_json_node (article);
      counts->articles++;
    }
  else
    {
      LifelineScript *script = entry->script;
      g_autoptr(LifelineScript) current = live ? lifeline_script_new_from_json (object, error) : NULL;

      if (live && current == NULL)
        return FALSE;
      if (current != NULL)
        {
          g_autofree char *a = script_key (current);
          g_autofree char *b = script_key (script);

          if (g_str_equal (a, b))
            {
              counts->unchanged++;
              return TRUE;
            }
        }

      script->revision = next.revision;
      if (script->updated_at == 0)
        script->updated_at = now;
      node = lifeline_script_to_json_node (script);
      counts->scripts++;
    }

  next.content = lifeline_wire_to_string (node, FALSE);
  ok = lifeline_server_store_item_put (store, &next, "import", 0, error) &&
       lifeline_server_store_change_add (store, lifeline_item_kind_to_string (kind), next.id, 0, error);
  g_free (next.content);
  return ok;
}

gboolean
lifeline_server_import_file (LifelineServerStore   *store,
                             const char            *path,
                             LifelineImportCounts  *counts,
                             GError               **error)
{
  g_autoptr(GPtrArray) items = NULL;
  gint64 now = lifeline_time_now ();

  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (store), FALSE);

  memset (counts, 0, sizeof *counts);

  /* All or nothing: the whole file is read and checked before any write. */
  items = lifeline_kb_read_path (path, error);
  if (items == NULL)
    return FALSE;

  if (!lifeline_server_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      if (!import_entry (store, items->pdata[i], now, counts, error))
        {
          lifeline_server_store_rollback (store);
          memset (counts, 0, sizeof *counts);
          return FALSE;
        }
    }
  if (!lifeline_server_store_commit (store, error))
    {
      lifeline_server_store_rollback (store);
      memset (counts, 0, sizeof *counts);
      return FALSE;
    }

  return TRUE;
}
