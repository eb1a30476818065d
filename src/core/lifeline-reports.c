/* lifeline-reports.c — mistake reports in the client database, and their revisions
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is written and queued in one transaction, so the outbox never
 * misses a saved report and never holds one that was not saved. The payload
 * queued is the report's canonical JSON: what the server compares to tell a
 * harmless repeat from a conflict. A revision is changed in place only while
 * its outbox row has had no attempt; after that the server may have it, and
 * a change becomes the next revision.
 */

#define G_LOG_DOMAIN "lifeline-reports"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-flags.h"
#include "lifeline-outbox.h"
#include "lifeline-reports.h"
#include "lifeline-scrub.h"
#include "lifeline-wire.h"

#define REPORT_COLUMNS \
  "id, revision, created_at, category, root_cause, near_miss, confidential, note, " \
  "article_id, call_id, recovery, sent_revision, received_at, rejected_at, " \
  "rejected_message, removed, updated_at"

#define MAX_FLAG_REASON_CHARS 2000

void
lifeline_report_status_free (LifelineReportStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->rejected_message);
  g_free (status->removed);
  g_free (status);
}

static char *
recovery_to_string (LifelineReport *report)
{
  g_autoptr(JsonNode) node = NULL;
  JsonNode *recovery;

  if (report->recovery_script_id == NULL)
    return NULL;

  node = lifeline_report_to_json_node (report);
  recovery = json_object_get_member (json_node_get_object (node), "recovery");
  return lifeline_wire_to_string (recovery, FALSE);
}

static void
recovery_from_string (LifelineReport *report,
                      const char     *text)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *answers;

  if (text == NULL)
    return;

  object = lifeline_wire_parse_object (text, -1, NULL);
  if (object == NULL)
    return;

  lifeline_wire_get_string (object, "script_id", FALSE, &report->recovery_script_id, NULL);
  if (!json_object_has_member (object, "answers") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "answers")))
    return;

  answers = json_object_get_object_member (object, "answers");
  members = json_object_get_members (answers);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *value = json_object_get_string_member_with_default (answers, l->data, NULL);

      if (value != NULL)
        g_hash_table_insert (report->recovery_answers, g_strdup (l->data), g_strdup (value));
    }
}

static LifelineReport *
report_from_row (sqlite3_stmt          *stmt,
                 LifelineReportStatus **status)
{
  LifelineReport *report = g_object_new (LIFELINE_TYPE_REPORT, NULL);
  g_autofree char *recovery = NULL;

  report->id = lifeline_db_column_dup (stmt, 0);
  report->revision = sqlite3_column_int64 (stmt, 1);
  report->created_at = sqlite3_column_int64 (stmt, 2);
  if (!lifeline_category_from_string ((const char *)sqlite3_column_text (stmt, 3), &report->category))
    report->category = LIFELINE_CATEGORY_NONE;
  if (!lifeline_root_cause_from_string ((const char *)sqlite3_column_text (stmt, 4), &report->root_cause))
    report->root_cause = LIFELINE_ROOT_CAUSE_NONE;
  report->near_miss = sqlite3_column_int (stmt, 5) != 0;
  report->confidential = sqlite3_column_int (stmt, 6) != 0;
  g_free (report->note);
  report->note = lifeline_db_column_dup (stmt, 7);
  if (report->note == NULL)
    report->note = g_strdup ("");
  report->article_id = lifeline_db_column_dup (stmt, 8);
  report->call_id = lifeline_db_column_dup (stmt, 9);
  recovery = lifeline_db_column_dup (stmt, 10);
  recovery_from_string (report, recovery);

  if (status != NULL)
    {
      LifelineReportStatus *s = g_new0 (LifelineReportStatus, 1);

      s->sent_revision = sqlite3_column_int64 (stmt, 11);
      s->received_at = sqlite3_column_int64 (stmt, 12);
      s->rejected_at = sqlite3_column_int64 (stmt, 13);
      s->rejected_message = lifeline_db_column_dup (stmt, 14);
      s->removed = lifeline_db_column_dup (stmt, 15);
      s->updated_at = sqlite3_column_int64 (stmt, 16);
      *status = s;
    }

  return report;
}

static gboolean
is_queued (LifelineDb *db,
           const char *id,
           gint64      revision,
           gboolean    unattempted_only)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = lifeline_db_prepare (db,
                              unattempted_only
                                ? "SELECT 1 FROM outbox WHERE kind = 'report' AND item_id = ? "
                                  "AND revision = ? AND attempts = 0"
                                : "SELECT 1 FROM outbox WHERE kind = 'report' AND item_id = ? "
                                  "AND revision >= ?",
                              NULL);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, revision);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

LifelineReport *
lifeline_reports_get (LifelineDb            *db,
                      const char            *id,
                      LifelineReportStatus **status,
                      GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LifelineReport *report;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = lifeline_db_prepare (db, "SELECT " REPORT_COLUMNS " FROM reports WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no report %s on this computer"), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      lifeline_db_set_error (db, error, "Reading the report");
      return NULL;
    }

  report = report_from_row (stmt, status);
  if (status != NULL)
    (*status)->queued = is_queued (db, id, 0, FALSE);
  return report;
}

GPtrArray *
lifeline_reports_list (LifelineDb  *db,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  stmt = lifeline_db_prepare (db, "SELECT " REPORT_COLUMNS " FROM reports "
                                  "ORDER BY created_at DESC, rowid DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, limit);

  reports = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (reports, report_from_row (stmt, NULL));
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading the reports");
      return NULL;
    }

  return g_steal_pointer (&reports);
}

static gboolean
write_report (LifelineDb      *db,
              LifelineReport  *report,
              gboolean         insert,
              const char      *removed,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *recovery = recovery_to_string (report);

  stmt = lifeline_db_prepare (db,
                              insert
                                ? "INSERT INTO reports (revision, created_at, category, root_cause, near_miss, "
                                  "  confidential, note, article_id, call_id, recovery, removed, updated_at, id) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                                : "UPDATE reports SET revision = ?1, created_at = ?2, category = ?3, "
                                  "  root_cause = ?4, near_miss = ?5, confidential = ?6, note = ?7, "
                                  "  article_id = ?8, call_id = ?9, recovery = ?10, removed = ?11, "
                                  "  updated_at = ?12, rejected_at = 0, rejected_message = NULL "
                                  "WHERE id = ?13",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, report->revision);
  sqlite3_bind_int64 (stmt, 2, report->created_at);
  lifeline_db_bind_text (stmt, 3, lifeline_category_to_string (report->category));
  lifeline_db_bind_text (stmt, 4, lifeline_root_cause_to_string (report->root_cause));
  sqlite3_bind_int (stmt, 5, report->near_miss ? 1 : 0);
  sqlite3_bind_int (stmt, 6, report->confidential ? 1 : 0);
  lifeline_db_bind_text (stmt, 7, report->note ? report->note : "");
  lifeline_db_bind_text (stmt, 8, report->article_id);
  lifeline_db_bind_text (stmt, 9, report->call_id);
  lifeline_db_bind_text (stmt, 10, recovery);
  lifeline_db_bind_text (stmt, 11, removed ? removed : "");
  sqlite3_bind_int64 (stmt, 12, lifeline_time_now ());
  lifeline_db_bind_text (stmt, 13, report->id);

  return lifeline_db_step_done (db, stmt, error);
}

static gboolean
enqueue_report (LifelineDb      *db,
                LifelineReport  *report,
                GError         **error)
{
  g_autofree char *payload = lifeline_report_to_canonical (report);

  return lifeline_outbox_enqueue (db, LIFELINE_OUTBOX_REPORT, report->id, report->revision,
                                  payload, error);
}

LifelineReport *
lifeline_reports_record (LifelineDb  *db,
                         const char  *article_id,
                         const char  *call_id,
                         GError     **error)
{
  g_autoptr(LifelineReport) report = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  report = lifeline_report_new ();
  /* The click never fails over a detail: what the server would refuse is left out. */
  if (article_id != NULL && lifeline_id_is_valid (article_id))
    report->article_id = g_strdup (article_id);
  if (call_id != NULL && *call_id != '\0' && strlen (call_id) <= 200 && g_utf8_validate (call_id, -1, NULL))
    report->call_id = g_strdup (call_id);

  if (!lifeline_db_begin (db, error))
    return NULL;

  /* Held back while the agent adds details (confidential, above all), so
   * they reach the server in the first revision instead of after it. */
  if (!write_report (db, report, TRUE, NULL, error) ||
      !enqueue_report (db, report, error) ||
      !lifeline_outbox_hold (db, LIFELINE_OUTBOX_REPORT, report->id, report->revision,
                             g_get_real_time () / 1000 + LIFELINE_REPORT_HOLD_MS, error) ||
      !lifeline_db_commit (db, error))
    {
      lifeline_db_rollback (db);
      return NULL;
    }

  return g_steal_pointer (&report);
}

/* "phone,card" ∪ what was just removed, in a stable order. */
static char *
merge_removed (const char *stored,
               GPtrArray  *removed)
{
  gboolean seen[LIFELINE_N_SCRUB_KINDS] = { FALSE, };
  g_auto(GStrv) parts = g_strsplit (stored ? stored : "", ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      LifelineScrubKind kind;

      if (lifeline_scrub_kind_from_string (parts[i], &kind))
        seen[kind] = TRUE;
    }
  for (guint i = 0; removed != NULL && i < removed->len; i++)
    seen[((LifelineScrubMatch *)g_ptr_array_index (removed, i))->kind] = TRUE;

  for (guint k = 0; k < LIFELINE_N_SCRUB_KINDS; k++)
    {
      if (!seen[k])
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, lifeline_scrub_kind_to_string (k));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
flag_article (LifelineDb      *db,
              LifelineReport  *report,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *flag_id = NULL;

  if (report->category != LIFELINE_CATEGORY_INCORRECT_INFORMATION || report->article_id == NULL)
    return TRUE;

  stmt = lifeline_db_prepare (db, "SELECT 1 FROM flags WHERE report_id = ? AND article_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, report->id);
  lifeline_db_bind_text (stmt, 2, report->article_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;   /* flagged once already */

  stripped = g_strstrip (g_strdup (report->note ? report->note : ""));
  if (*stripped != '\0')
    reason = g_utf8_substring (stripped, 0, MIN (g_utf8_strlen (stripped, -1), MAX_FLAG_REASON_CHARS));
  else
    reason = g_strdup ("Named in an incorrect information report");

  flag_id = lifeline_flags_add (db, report->article_id, reason, report->id, lifeline_time_now (), error);
  return flag_id != NULL;
}

gboolean
lifeline_reports_save (LifelineDb      *db,
                       LifelineReport  *report,
                       GPtrArray      **removed,
                       gboolean        *out_changed,
                       GError         **error)
{
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *scrubbed = NULL;
  g_autofree char *old_payload = NULL;
  g_autofree char *new_payload = NULL;
  g_autofree char *removed_kinds = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (LIFELINE_IS_REPORT (report), FALSE);
  g_return_val_if_fail (report->id != NULL, FALSE);

  if (removed != NULL)
    *removed = NULL;
  if (out_changed != NULL)
    *out_changed = FALSE;

  scrubbed = lifeline_scrub (report->note, &matches);
  g_free (report->note);
  report->note = g_steal_pointer (&scrubbed);
  if (report->article_id != NULL && (*report->article_id == '\0' || !lifeline_id_is_valid (report->article_id)))
    g_clear_pointer (&report->article_id, g_free);

  if (!lifeline_db_begin (db, error))
    return FALSE;

  stored = lifeline_reports_get (db, report->id, &status, error);
  if (stored == NULL)
    goto failed;

  /* What the agent cannot change. */
  report->created_at = stored->created_at;
  report->revision = stored->revision;

  old_payload = lifeline_report_to_canonical (stored);
  new_payload = lifeline_report_to_canonical (report);
  if (g_strcmp0 (old_payload, new_payload) == 0 && status->rejected_at == 0)
    {
      lifeline_db_rollback (db);
      if (removed != NULL)
        *removed = g_steal_pointer (&matches);
      return TRUE;
    }

  /* In place only while this revision has had no attempt. */
  if (!is_queued (db, report->id, stored->revision, TRUE))
    report->revision = stored->revision + 1;

  removed_kinds = merge_removed (status->removed, matches);
  if (!write_report (db, report, FALSE, removed_kinds, error) ||
      !enqueue_report (db, report, error) ||
      !lifeline_outbox_forget_rejected (db, LIFELINE_OUTBOX_REPORT, report->id, error) ||
      !flag_article (db, report, error) ||
      !lifeline_db_commit (db, error))
    goto failed;

  if (removed != NULL)
    *removed = g_steal_pointer (&matches);
  if (out_changed != NULL)
    *out_changed = TRUE;
  return TRUE;

failed:
  lifeline_db_rollback (db);
  if (stored != NULL)
    report->revision = stored->revision;
  return FALSE;
}

gboolean
lifeline_reports_resend (LifelineDb  *db,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  if (!lifeline_db_begin (db, error))
    return FALSE;

  report = lifeline_reports_get (db, id, &status, error);
  if (report == NULL)
    goto failed;

  if (!is_queued (db, id, report->revision, TRUE))
    report->revision++;

  if (!write_report (db, report, FALSE, status->removed, error) ||
      !enqueue_report (db, report, error) ||
      !lifeline_outbox_forget_rejected (db, LIFELINE_OUTBOX_REPORT, id, error) ||
      !lifeline_db_commit (db, error))
    goto failed;

  return TRUE;

failed:
  lifeline_db_rollback (db);
  return FALSE;
}

gboolean
lifeline_reports_set_received (LifelineDb  *db,
                               const char  *id,
                               gint64       revision,
                               gint64       received_at,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db,
                              "UPDATE reports SET sent_revision = max(sent_revision, ?1), "
                              "  received_at = ?2, "
                              "  rejected_at = CASE WHEN ?1 >= revision THEN 0 ELSE rejected_at END, "
                              "  rejected_message = CASE WHEN ?1 >= revision THEN NULL ELSE rejected_message END "
                              "WHERE id = ?3",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, revision);
  sqlite3_bind_int64 (stmt, 2, received_at);
  lifeline_db_bind_text (stmt, 3, id);
  return lifeline_db_step_done (db, stmt, error);
}

gboolean
lifeline_reports_set_rejected (LifelineDb  *db,
                               const char  *id,
                               const char  *message,
                               gint64       rejected_at,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db, "UPDATE reports SET rejected_at = ?, rejected_message = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rejected_at);
  lifeline_db_bind_text (stmt, 2, message);
  lifeline_db_bind_text (stmt, 3, id);
  return lifeline_db_step_done (db, stmt, error);
}

GStrv
lifeline_reports_list_receipts (LifelineDb  *db,
                                guint        limit,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  stmt = lifeline_db_prepare (db,
                              "SELECT id FROM reports WHERE confidential = 1 AND sent_revision > 0 "
                              "ORDER BY created_at DESC LIMIT ?",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading the reports");
      return NULL;
    }

  return g_strv_builder_end (builder);
}

gboolean
lifeline_reports_release (LifelineDb  *db,
                          const char  *id,
                          GError     **error)
{
  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return lifeline_outbox_release (db, LIFELINE_OUTBOX_REPORT, id, error);
}
