/* lifeline-flags.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-flags"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-error.h"
#include "lifeline-flags.h"
#include "lifeline-outbox.h"
#include "lifeline-wire.h"

/* POST /api/v1/articles/{id}/flags, through the outbox (docs/api.md). */
static gboolean
enqueue_flag (LifelineDb  *db,
              const char  *id,
              const char  *reason,
              const char  *report_id,
              GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *payload = NULL;

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", id);
  lifeline_wire_add_string (builder, "reason", reason);
  lifeline_wire_add_string (builder, "report_id", report_id);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  payload = lifeline_wire_to_string (node, FALSE);

  return lifeline_outbox_enqueue (db, LIFELINE_OUTBOX_FLAG, id, 1, payload, error);
}

char *
lifeline_flags_add (LifelineDb  *db,
                    const char  *article_id,
                    const char  *reason,
                    const char  *report_id,
                    gint64       created_at,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (article_id == NULL || *article_id == '\0')
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("A flag needs the article it is about."));
      return NULL;
    }
  if (reason == NULL || *reason == '\0' || !g_utf8_validate (reason, -1, NULL))
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("Say what is wrong with the article, so that its owner can fix it."));
      return NULL;
    }

  stmt = lifeline_db_prepare (db,
                              "INSERT INTO flags (id, article_id, reason, report_id, created_at, sent_at) "
                              "VALUES (?, ?, ?, ?, ?, NULL)",
                              error);
  if (stmt == NULL)
    return NULL;

  id = g_uuid_string_random ();
  lifeline_db_bind_text (stmt, 1, id);
  lifeline_db_bind_text (stmt, 2, article_id);
  lifeline_db_bind_text (stmt, 3, reason);
  lifeline_db_bind_text (stmt, 4, report_id);
  sqlite3_bind_int64 (stmt, 5, created_at);

  /* The flag and its outbox row are written together (a savepoint works
   * inside the caller's transaction and alone). */
  if (!lifeline_db_exec (db, "SAVEPOINT flag_add", error))
    return NULL;

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, _("Saving the flag"));
      lifeline_db_exec (db, "ROLLBACK TO flag_add; RELEASE flag_add", NULL);
      return NULL;
    }

  if (!enqueue_flag (db, id, reason, report_id, error))
    {
      lifeline_db_exec (db, "ROLLBACK TO flag_add; RELEASE flag_add", NULL);
      return NULL;
    }

  if (!lifeline_db_exec (db, "RELEASE flag_add", error))
    return NULL;

  return g_steal_pointer (&id);
}
