/* lifeline-lead-store.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lead's tools in standalone mode work here on the client database: the
 * same rules as the server's (docs/api.md), a revision kept for every
 * publish and verification in `article_revisions` (a script's in
 * `script_revisions`), and drafts in `drafts`
 * (migration step 4, lead_v4). A flag is open while it is newer than the
 * article's last verification, so verifying or publishing resolves it.
 */

#define G_LOG_DOMAIN "lifeline-lead"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "lifeline-error.h"
#include "lifeline-kb-store.h"
#include "lifeline-lead-store.h"
#include "lifeline-wire.h"

void
lifeline_article_revision_free (LifelineArticleRevision *revision)
{
  if (revision == NULL)
    return;
  g_free (revision->action);
  g_free (revision->by);
  g_clear_object (&revision->article);
  g_clear_object (&revision->script);
  g_free (revision);
}

void
lifeline_lead_flag_free (LifelineLeadFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->id);
  g_free (flag->article_id);
  g_free (flag->article_title);
  g_free (flag->reason);
  g_free (flag->report_id);
  g_free (flag->report_note);
  g_free (flag);
}

/* Articles' and scripts' revisions live in tables of the same shape. */
typedef struct
{
  const char *table;
  const char *id_column;
} RevisionTable;

static const RevisionTable article_revisions = { "article_revisions", "article_id" };
static const RevisionTable script_revisions = { "script_revisions", "script_id" };

static gboolean
record_revision (LifelineDb           *db,
                 const RevisionTable  *table,
                 const char           *id,
                 gint64                number,
                 JsonNode             *node,
                 const char           *action,
                 const char           *by,
                 gint64                at,
                 GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT OR REPLACE INTO %s "
                                          "(%s, revision, action, by, at, json) "
                                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                          table->table, table->id_column);
  g_autofree char *json = NULL;

  stmt = lifeline_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  json = lifeline_wire_to_string (node, FALSE);
  lifeline_db_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, number);
  lifeline_db_bind_text (stmt, 3, action);
  lifeline_db_bind_text (stmt, 4, by);
  sqlite3_bind_int64 (stmt, 5, at);
  lifeline_db_bind_text (stmt, 6, json);
  return lifeline_db_step_done (db, stmt, error);
}

/* One of @article and @script is set. */
static gboolean
record_item_revision (LifelineDb       *db,
                      LifelineArticle  *article,
                      LifelineScript   *script,
                      const char       *action,
                      const char       *by,
                      gint64            at,
                      GError          **error)
{
  g_autoptr(JsonNode) node = script != NULL ? lifeline_script_to_json_node (script)
                                            : lifeline_article_to_json_node (article);

  if (script != NULL)
    return record_revision (db, &script_revisions, script->id, script->revision, node, action, by, at, error);
  return record_revision (db, &article_revisions, article->id, article->revision, node, action, by, at, error);
}

static gboolean
has_revisions (LifelineDb           *db,
               const RevisionTable  *table,
               const char           *id,
               gboolean             *has,
               GError              **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE %s = ?1 LIMIT 1",
                                          table->table, table->id_column);
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return lifeline_db_set_error (db, error, table->table);
  *has = rc == SQLITE_ROW;
  return TRUE;
}

static gint64
base_time (LifelineArticle *article,
           LifelineScript  *script)
{
  if (script != NULL)
    return script->updated_at;
  return article->updated_at != 0 ? article->updated_at : article->verified_at;
}

/* The version that was there before the first local edit is the history's
 * first entry, so it can be viewed and restored too. One of @article and
 * @script is set. */
static gboolean
ensure_base_revision (LifelineDb       *db,
                      LifelineArticle  *article,
                      LifelineScript   *script,
                      GError          **error)
{
  gboolean has = FALSE;

  if (!has_revisions (db, script != NULL ? &script_revisions : &article_revisions,
                      script != NULL ? script->id : article->id, &has, error))
    return FALSE;
  if (has)
    return TRUE;
  return record_item_revision (db, article, script, "import", script != NULL ? NULL : article->verified_by,
                               base_time (article, script), error);
}

static LifelineArticle *
store_revision (LifelineDb       *db,
                LifelineArticle  *stored,
                LifelineArticle  *next,
                const char       *action,
                const char       *by,
                gint64            now,
                GError          **error)
{
  if (!lifeline_db_begin (db, error))
    return NULL;
  if ((stored != NULL && !ensure_base_revision (db, stored, NULL, error)) ||
      !lifeline_kb_put_article (db, next, LIFELINE_ORIGIN_LOCAL, error) ||
      !record_item_revision (db, next, NULL, action, by, now, error) ||
      !lifeline_db_commit (db, error))
    {
      lifeline_db_rollback (db);
      return NULL;
    }
  return g_object_ref (next);
}

LifelineArticle *
lifeline_lead_verify_article (LifelineDb   *db,
                              const char   *id,
                              const char   *by,
                              gint64        now,
                              GError      **error)
{
  g_autoptr(LifelineArticle) stored = NULL;
  g_autoptr(LifelineArticle) next = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stored = lifeline_kb_get_article (db, id, error);
  if (stored == NULL)
    return NULL;

  next = lifeline_article_copy (stored);
  next->revision = stored->revision + 1;
  next->verified_at = now;
  g_free (next->verified_by);
  next->verified_by = g_strdup (by);
  return store_revision (db, stored, next, "verify", by, now, error);
}

LifelineArticle *
lifeline_lead_publish_article (LifelineDb        *db,
                               LifelineArticle   *article,
                               gint64             base_revision,
                               const char        *by,
                               gint64             now,
                               LifelineArticle  **current,
                               GError           **error)
{
  g_autoptr(LifelineArticle) stored = NULL;
  g_autoptr(LifelineArticle) next = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (LIFELINE_IS_ARTICLE (article), NULL);

  if (!lifeline_id_is_valid (article->id))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("“%s” cannot be an article’s id: use 1 to 128 letters, digits, dots, dashes or underscores."),
                   article->id ? article->id : "");
      return NULL;
    }
  if (article->title == NULL || *g_strstrip (article->title) == '\0')
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("An article needs a title."));
      return NULL;
    }

  stored = lifeline_kb_get_article (db, article->id, &local_error);
  if (stored == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (stored != NULL && lifeline_article_equal_content (stored, article))
    return g_steal_pointer (&stored);   /* a retried publish: nothing changes */

  if ((stored == NULL && base_revision != 0) ||
      (stored != NULL && stored->revision != base_revision))
    {
      if (current != NULL)
        *current = stored != NULL ? g_object_ref (stored) : NULL;
      if (stored == NULL)
        g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                     _("“%s” was deleted after you started editing it."), article->id);
      else
        g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                     _("“%s” was changed after you started editing it (now revision %" PRId64
                       ", you started from %" PRId64 ")."),
                     stored->title, stored->revision, base_revision);
      return NULL;
    }

  next = lifeline_article_copy (article);
  next->revision = stored != NULL ? stored->revision + 1 : 1;
  next->created_at = stored != NULL && stored->created_at != 0 ? stored->created_at : now;
  next->updated_at = now;
  next->verified_at = now;
  g_free (next->verified_by);
  next->verified_by = g_strdup (by);
  if (next->verify_interval_days <= 0)
    next->verify_interval_days = LIFELINE_DEFAULT_VERIFY_INTERVAL_DAYS;
  return store_revision (db, stored, next, stored != NULL ? "update" : "create", by, now, error);
}

/* Two scripts say the same to the agent (revision and time aside). */
static gboolean
script_equal_content (LifelineScript *a,
                      LifelineScript *b)
{
  g_autoptr(JsonNode) node_a = lifeline_script_to_json_node (a);
  g_autoptr(JsonNode) node_b = lifeline_script_to_json_node (b);
  JsonObject *object_a = json_node_get_object (node_a);
  JsonObject *object_b = json_node_get_object (node_b);

  json_object_remove_member (object_a, "revision");
  json_object_remove_member (object_a, "updated_at");
  json_object_remove_member (object_b, "revision");
  json_object_remove_member (object_b, "updated_at");
  return json_node_equal (node_a, node_b);
}

gboolean
lifeline_article_revision_same_content (LifelineArticleRevision *a,
                                        LifelineArticleRevision *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->script != NULL && b->script != NULL)
    return script_equal_content (a->script, b->script);
  if (a->article != NULL && b->article != NULL)
    return lifeline_article_equal_content (a->article, b->article);
  return FALSE;
}

LifelineScript *
lifeline_lead_publish_script (LifelineDb       *db,
                              LifelineScript   *script,
                              gint64            base_revision,
                              const char       *by,
                              gint64            now,
                              LifelineScript  **current,
                              GError          **error)
{
  g_autoptr(LifelineScript) stored = NULL;
  g_autoptr(LifelineScript) next = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (LIFELINE_IS_SCRIPT (script), NULL);

  stored = lifeline_kb_get_script (db, script->id, &local_error);
  if (stored == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (stored != NULL && script_equal_content (stored, script))
    return g_steal_pointer (&stored);   /* a retried publish: nothing changes */

  if ((stored == NULL && base_revision != 0) ||
      (stored != NULL && stored->revision != base_revision))
    {
      if (current != NULL)
        *current = stored != NULL ? g_object_ref (stored) : NULL;
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                   _("“%s” was changed after you started editing it."), script->title);
      return NULL;
    }

  node = lifeline_script_to_json_node (script);
  object = json_node_get_object (node);
  json_object_set_int_member (object, "revision", stored != NULL ? stored->revision + 1 : 1);
  json_object_remove_member (object, "updated_at");
  next = lifeline_script_new_from_json (object, error);
  if (next == NULL)
    return NULL;
  next->updated_at = now;

  if (!lifeline_db_begin (db, error))
    return NULL;
  if ((stored != NULL && !ensure_base_revision (db, NULL, stored, error)) ||
      !lifeline_kb_put_script (db, next, LIFELINE_ORIGIN_LOCAL, error) ||
      !record_item_revision (db, NULL, next, stored != NULL ? "update" : "create", by, now, error) ||
      !lifeline_db_commit (db, error))
    {
      lifeline_db_rollback (db);
      return NULL;
    }
  return g_steal_pointer (&next);
}

static LifelineArticleRevision *
base_entry (LifelineArticle *article,
            LifelineScript  *script)
{
  LifelineArticleRevision *revision = g_new0 (LifelineArticleRevision, 1);

  revision->revision = script != NULL ? script->revision : article->revision;
  revision->action = g_strdup ("import");
  revision->by = g_strdup (script != NULL ? NULL : article->verified_by);
  revision->at = base_time (article, script);
  revision->article = article;
  revision->script = script;
  return revision;
}

static GPtrArray *
list_revisions (LifelineDb           *db,
                const RevisionTable  *table,
                const char           *id,
                GError              **error)
{
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_article_revision_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT revision, action, by, at, json FROM %s "
                                          "WHERE %s = ?1 ORDER BY revision",
                                          table->table, table->id_column);
  gboolean scripts = table == &script_revisions;
  int rc;

  stmt = lifeline_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LifelineArticleRevision *revision = g_new0 (LifelineArticleRevision, 1);
      const char *json = (const char *)sqlite3_column_text (stmt, 4);
      g_autoptr(JsonObject) object = json ? lifeline_wire_parse_object (json, -1, NULL) : NULL;

      revision->revision = sqlite3_column_int64 (stmt, 0);
      revision->action = lifeline_db_column_dup (stmt, 1);
      revision->by = lifeline_db_column_dup (stmt, 2);
      revision->at = sqlite3_column_int64 (stmt, 3);
      if (object != NULL && scripts)
        revision->script = lifeline_script_new_from_json (object, NULL);
      else if (object != NULL)
        revision->article = lifeline_article_new_from_json (object, NULL);
      g_ptr_array_add (revisions, revision);
    }
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, table->table);
      return NULL;
    }

  if (revisions->len == 0)
    {
      LifelineArticle *article = NULL;
      LifelineScript *script = NULL;

      if (scripts)
        script = lifeline_kb_get_script (db, id, error);
      else
        article = lifeline_kb_get_article (db, id, error);
      if (article == NULL && script == NULL)
        return NULL;
      g_ptr_array_add (revisions, base_entry (article, script));
    }

  return g_steal_pointer (&revisions);
}

GPtrArray *
lifeline_lead_list_revisions (LifelineDb   *db,
                              const char   *id,
                              GError      **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return list_revisions (db, &article_revisions, id, error);
}

GPtrArray *
lifeline_lead_list_script_revisions (LifelineDb   *db,
                                     const char   *id,
                                     GError      **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return list_revisions (db, &script_revisions, id, error);
}

GPtrArray *
lifeline_lead_list_flags (LifelineDb  *db,
                          GError     **error)
{
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_lead_flag_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  /* The agent's flags, and "incorrect information" reports that name an
   * article without a flag of their own; open while newer than the
   * article's last verification. */
  stmt = lifeline_db_prepare (db,
                              "SELECT id, article_id, title, reason, report_id, note, created_at FROM ("
                              " SELECT f.id AS id, f.article_id AS article_id, a.title AS title, f.reason AS reason,"
                              "  f.report_id AS report_id, r.note AS note, f.created_at AS created_at,"
                              "  a.verified_at AS verified_at"
                              " FROM flags f LEFT JOIN reports r ON r.id = f.report_id"
                              " LEFT JOIN kb_articles a ON a.id = f.article_id"
                              " UNION ALL"
                              " SELECT 'report:' || r.id, r.article_id, a.title, r.note, r.id, r.note, r.created_at,"
                              "  a.verified_at"
                              " FROM reports r LEFT JOIN kb_articles a ON a.id = r.article_id"
                              " WHERE r.category = 'incorrect_information' AND r.article_id IS NOT NULL"
                              "  AND NOT EXISTS (SELECT 1 FROM flags f2 WHERE f2.report_id = r.id)"
                              ") WHERE created_at > IFNULL(verified_at, 0) ORDER BY created_at DESC",
                              error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LifelineLeadFlag *flag = g_new0 (LifelineLeadFlag, 1);

      flag->id = lifeline_db_column_dup (stmt, 0);
      flag->article_id = lifeline_db_column_dup (stmt, 1);
      flag->article_title = lifeline_db_column_dup (stmt, 2);
      flag->reason = lifeline_db_column_dup (stmt, 3);
      flag->report_id = lifeline_db_column_dup (stmt, 4);
      flag->report_note = lifeline_db_column_dup (stmt, 5);
      flag->created_at = sqlite3_column_int64 (stmt, 6);
      if (flag->reason == NULL || *flag->reason == '\0')
        {
          g_free (flag->reason);
          flag->reason = g_strdup (_("Named in an “incorrect information” report"));
        }
      g_ptr_array_add (flags, flag);
    }
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "flags");
      return NULL;
    }
  return g_steal_pointer (&flags);
}

gboolean
lifeline_lead_save_draft (LifelineDb   *db,
                          const char   *kind,
                          const char   *id,
                          const char   *json,
                          gint64        base_revision,
                          gint64        now,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL && json != NULL, FALSE);

  stmt = lifeline_db_prepare (db,
                              "INSERT OR REPLACE INTO drafts (kind, item_id, json, base_revision, saved_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, kind);
  lifeline_db_bind_text (stmt, 2, id);
  lifeline_db_bind_text (stmt, 3, json);
  sqlite3_bind_int64 (stmt, 4, base_revision);
  sqlite3_bind_int64 (stmt, 5, now);
  return lifeline_db_step_done (db, stmt, error);
}

char *
lifeline_lead_get_draft (LifelineDb   *db,
                         const char   *kind,
                         const char   *id,
                         gint64       *base_revision,
                         gint64       *saved_at,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  stmt = lifeline_db_prepare (db,
                              "SELECT json, base_revision, saved_at FROM drafts WHERE kind = ?1 AND item_id = ?2",
                              error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, kind);
  lifeline_db_bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      lifeline_db_set_error (db, error, "drafts");
      return NULL;
    }
  if (base_revision != NULL)
    *base_revision = sqlite3_column_int64 (stmt, 1);
  if (saved_at != NULL)
    *saved_at = sqlite3_column_int64 (stmt, 2);
  return lifeline_db_column_dup (stmt, 0);
}

gboolean
lifeline_lead_delete_draft (LifelineDb   *db,
                            const char   *kind,
                            const char   *id,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db, "DELETE FROM drafts WHERE kind = ?1 AND item_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, kind);
  lifeline_db_bind_text (stmt, 2, id);
  return lifeline_db_step_done (db, stmt, error);
}
