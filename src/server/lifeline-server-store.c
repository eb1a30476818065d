/* lifeline-server-store.c — the storage interface and its plain records
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server-store"

#include "config.h"

#include "lifeline-server-store.h"

G_DEFINE_INTERFACE (LifelineServerStore, lifeline_server_store, G_TYPE_OBJECT)

static void
lifeline_server_store_default_init (LifelineServerStoreInterface *iface)
{
}

const char *
lifeline_role_to_string (LifelineRole role)
{
  return role == LIFELINE_ROLE_LEAD ? "lead" : "agent";
}

gboolean
lifeline_role_from_string (const char   *text,
                           LifelineRole *role)
{
  if (g_strcmp0 (text, "agent") == 0)
    *role = LIFELINE_ROLE_AGENT;
  else if (g_strcmp0 (text, "lead") == 0)
    *role = LIFELINE_ROLE_LEAD;
  else
    return FALSE;
  return TRUE;
}

const char *
lifeline_item_kind_to_string (LifelineItemKind kind)
{
  return kind == LIFELINE_ITEM_SCRIPT ? "script" : "article";
}

void
lifeline_server_user_free (LifelineServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user);
}

void
lifeline_server_report_free (LifelineServerReport *report)
{
  if (report == NULL)
    return;
  g_clear_object (&report->report);
  g_free (report->content);
  g_free (report->user_name);
  g_free (report);
}

void
lifeline_server_feedback_free (LifelineServerFeedback *feedback)
{
  if (feedback == NULL)
    return;
  g_free (feedback->id);
  g_free (feedback->report_id);
  g_free (feedback->message);
  g_free (feedback);
}

void
lifeline_server_flag_free (LifelineServerFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->id);
  g_free (flag->article_id);
  g_free (flag->reason);
  g_free (flag->report_id);
  g_free (flag);
}

void
lifeline_server_item_free (LifelineServerItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->content);
  g_free (item);
}

void
lifeline_server_revision_free (LifelineServerRevision *revision)
{
  if (revision == NULL)
    return;
  g_free (revision->action);
  g_free (revision->by);
  g_free (revision->content);
  g_free (revision);
}

void
lifeline_server_followup_free (LifelineServerFollowup *followup)
{
  if (followup == NULL)
    return;
  g_free (followup->id);
  g_free (followup);
}

void
lifeline_server_change_free (LifelineServerChange *change)
{
  if (change == NULL)
    return;
  g_free (change->type);
  g_free (change->id);
  g_free (change->content);
  lifeline_server_feedback_free (change->feedback);
  g_free (change);
}

gboolean
lifeline_server_store_begin (LifelineServerStore  *self,
                             GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->begin (self, error);
}

gboolean
lifeline_server_store_commit (LifelineServerStore  *self,
                              GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->commit (self, error);
}

void
lifeline_server_store_rollback (LifelineServerStore *self)
{
  g_return_if_fail (LIFELINE_IS_SERVER_STORE (self));

  LIFELINE_SERVER_STORE_GET_IFACE (self)->rollback (self);
}

gboolean
lifeline_server_store_savepoint (LifelineServerStore  *self,
                                 GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->savepoint (self, error);
}

void
lifeline_server_store_release (LifelineServerStore *self,
                               gboolean             keep)
{
  g_return_if_fail (LIFELINE_IS_SERVER_STORE (self));

  LIFELINE_SERVER_STORE_GET_IFACE (self)->release (self, keep);
}

gboolean
lifeline_server_store_user_add (LifelineServerStore  *self,
                                const char           *name,
                                LifelineRole          role,
                                const char           *token_sha256,
                                gint64                now,
                                GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->user_add (self, name, role, token_sha256, now, error);
}

GPtrArray *
lifeline_server_store_user_list (LifelineServerStore  *self,
                                 GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->user_list (self, error);
}

gboolean
lifeline_server_store_user_revoke (LifelineServerStore  *self,
                                   const char           *name,
                                   gint64                now,
                                   GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->user_revoke (self, name, now, error);
}

LifelineServerUser *
lifeline_server_store_user_lookup_token (LifelineServerStore  *self,
                                         const char           *token_sha256,
                                         GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->user_lookup_token (self, token_sha256, error);
}

LifelineServerReport *
lifeline_server_store_report_get (LifelineServerStore  *self,
                                  const char           *id,
                                  GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->report_get (self, id, error);
}

gboolean
lifeline_server_store_report_put (LifelineServerStore   *self,
                                  LifelineServerReport  *report,
                                  GError               **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->report_put (self, report, error);
}

GPtrArray *
lifeline_server_store_report_list (LifelineServerStore  *self,
                                   gint64                since,
                                   gint64                before,
                                   gint64                confidential_upto,
                                   guint                 limit,
                                   GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->report_list (self, since, before, confidential_upto, limit, error);
}

GPtrArray *
lifeline_server_store_report_list_range (LifelineServerStore  *self,
                                         gint64                from,
                                         gint64                to,
                                         GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->report_list_range (self, from, to, error);
}

gint64
lifeline_server_store_report_confidential_release (LifelineServerStore  *self,
                                                   guint                 group,
                                                   GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), 0);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->report_confidential_release (self, group, error);
}

LifelineServerFeedback *
lifeline_server_store_feedback_get (LifelineServerStore  *self,
                                    const char           *id,
                                    GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->feedback_get (self, id, error);
}

gboolean
lifeline_server_store_feedback_add (LifelineServerStore     *self,
                                    LifelineServerFeedback  *feedback,
                                    GError                 **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->feedback_add (self, feedback, error);
}

GPtrArray *
lifeline_server_store_feedback_for_reports (LifelineServerStore  *self,
                                            const char * const   *report_ids,
                                            GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->feedback_for_reports (self, report_ids, error);
}

LifelineServerFlag *
lifeline_server_store_flag_get (LifelineServerStore  *self,
                                const char           *id,
                                GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->flag_get (self, id, error);
}

LifelineServerFlag *
lifeline_server_store_flag_find_for_report (LifelineServerStore  *self,
                                            const char           *article_id,
                                            const char           *report_id,
                                            GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->flag_find_for_report (self, article_id, report_id, error);
}

gboolean
lifeline_server_store_flag_add (LifelineServerStore  *self,
                                LifelineServerFlag   *flag,
                                GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->flag_add (self, flag, error);
}

GPtrArray *
lifeline_server_store_flag_list (LifelineServerStore  *self,
                                 gboolean              open_only,
                                 GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->flag_list (self, open_only, error);
}

gboolean
lifeline_server_store_flags_resolve (LifelineServerStore  *self,
                                     const char           *article_id,
                                     gint64                now,
                                     GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->flags_resolve (self, article_id, now, error);
}

gboolean
lifeline_server_store_flags_unlink_user (LifelineServerStore  *self,
                                         const char           *report_id,
                                         GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->flags_unlink_user (self, report_id, error);
}

gboolean
lifeline_server_store_followup_put (LifelineServerStore     *self,
                                    LifelineServerFollowup  *followup,
                                    gint64                   now,
                                    gboolean                *created,
                                    gint64                  *received_at,
                                    GError                 **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->followup_put (self, followup, now, created, received_at, error);
}

GPtrArray *
lifeline_server_store_followup_list_due (LifelineServerStore  *self,
                                         gint64                from,
                                         gint64                to,
                                         GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->followup_list_due (self, from, to, error);
}

LifelineServerItem *
lifeline_server_store_item_get (LifelineServerStore  *self,
                                LifelineItemKind      kind,
                                const char           *id,
                                GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->item_get (self, kind, id, error);
}

gboolean
lifeline_server_store_item_put (LifelineServerStore  *self,
                                LifelineServerItem   *item,
                                const char           *action,
                                gint64                user_id,
                                GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->item_put (self, item, action, user_id, error);
}

GPtrArray *
lifeline_server_store_item_revisions (LifelineServerStore  *self,
                                      LifelineItemKind      kind,
                                      const char           *id,
                                      GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->item_revisions (self, kind, id, error);
}

gboolean
lifeline_server_store_change_add (LifelineServerStore  *self,
                                  const char           *type,
                                  const char           *id,
                                  gint64                audience,
                                  GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), FALSE);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->change_add (self, type, id, audience, error);
}

GPtrArray *
lifeline_server_store_changes_list (LifelineServerStore  *self,
                                    gint64                since,
                                    guint                 limit,
                                    gint64                user_id,
                                    GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), NULL);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->changes_list (self, since, limit, user_id, error);
}

gint64
lifeline_server_store_changes_last_seq (LifelineServerStore  *self,
                                        GError              **error)
{
  g_return_val_if_fail (LIFELINE_IS_SERVER_STORE (self), 0);

  return LIFELINE_SERVER_STORE_GET_IFACE (self)->changes_last_seq (self, error);
}
