/* lifeline-lead-service.h — the lead's curation, on the server or on the local database
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-api-client.h"
#include "lifeline-article.h"
#include "lifeline-script.h"

G_BEGIN_DECLS

/* The three queues: open flags (LifelineLeadFlag), expired articles and
 * articles expiring within 14 days (LifelineArticle, soonest first); and
 * the recovery scripts to edit. */
typedef struct
{
  GPtrArray *flags;
  GPtrArray *expired;
  GPtrArray *expiring;
  GPtrArray *scripts;     /* every recovery script (LifelineScript), by title */
} LifelineLeadQueuesData;

void lifeline_lead_queues_data_free (LifelineLeadQueuesData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineLeadQueuesData, lifeline_lead_queues_data_free)

#define LIFELINE_EXPIRING_DAYS 14

/* An article as published, and its ETag (the revision; NULL for an article
 * the server does not have yet). */
typedef struct
{
  LifelineArticle *article;
  char            *etag;
} LifelineLeadArticle;

void lifeline_lead_article_free (LifelineLeadArticle *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineLeadArticle, lifeline_lead_article_free)

#define LIFELINE_TYPE_LEAD_SERVICE (lifeline_lead_service_get_type ())

G_DECLARE_FINAL_TYPE (LifelineLeadService, lifeline_lead_service, LIFELINE, LEAD_SERVICE, GObject)

/* @client NULL: standalone, everything on the database at @db_path. With a
 * client, writes go to the server and what it answers is stored locally
 * too, so search shows it at once. @by names the lead in standalone mode. */
LifelineLeadService *lifeline_lead_service_new        (const char           *db_path,
                                                       LifelineApiClient    *client,
                                                       const char           *by);
gboolean             lifeline_lead_service_is_standalone (LifelineLeadService *self);
const char          *lifeline_lead_service_get_db_path (LifelineLeadService *self);

void                    lifeline_lead_service_list_queues_async  (LifelineLeadService  *self,
                                                                  gint64                now,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
LifelineLeadQueuesData *lifeline_lead_service_list_queues_finish (LifelineLeadService  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

void                 lifeline_lead_service_verify_async   (LifelineLeadService  *self,
                                                           const char           *id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
LifelineLeadArticle *lifeline_lead_service_verify_finish  (LifelineLeadService  *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* The article as published now (not a draft). */
void                 lifeline_lead_service_get_article_async  (LifelineLeadService  *self,
                                                               const char           *id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
LifelineLeadArticle *lifeline_lead_service_get_article_finish (LifelineLeadService  *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* Publishes @article's content over @etag (NULL: a new article). When
 * someone else published in between, fails with LIFELINE_ERROR_CONFLICT and
 * @current holds their version, so the lead can choose. */
void                 lifeline_lead_service_publish_async  (LifelineLeadService  *self,
                                                           LifelineArticle      *article,
                                                           const char           *etag,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
LifelineLeadArticle *lifeline_lead_service_publish_finish (LifelineLeadService  *self,
                                                           GAsyncResult         *result,
                                                           LifelineLeadArticle **current,
                                                           GError              **error);

/* Every revision, oldest first (LifelineArticleRevision). */
void                 lifeline_lead_service_list_revisions_async  (LifelineLeadService  *self,
                                                                  const char           *id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray           *lifeline_lead_service_list_revisions_finish (LifelineLeadService  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);

/* Drafts stay on this machine, whichever the mode. @kind: "article" or
 * "script". */
void                 lifeline_lead_service_save_draft_async   (LifelineLeadService  *self,
                                                               const char           *kind,
                                                               const char           *id,
                                                               const char           *json,
                                                               const char           *etag,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             lifeline_lead_service_save_draft_finish  (LifelineLeadService  *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
/* @id's draft JSON (NULL and no error: none) and the ETag it started from. */
void                 lifeline_lead_service_get_draft_async    (LifelineLeadService  *self,
                                                               const char           *kind,
                                                               const char           *id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
char                *lifeline_lead_service_get_draft_finish   (LifelineLeadService  *self,
                                                               GAsyncResult         *result,
                                                               char                **etag,
                                                               GError              **error);
void                 lifeline_lead_service_delete_draft_async (LifelineLeadService  *self,
                                                               const char           *kind,
                                                               const char           *id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean             lifeline_lead_service_delete_draft_finish(LifelineLeadService  *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* Recovery scripts: the same, under /api/v1/scripts/ (no verification). */
typedef struct
{
  LifelineScript *script;
  char           *etag;
} LifelineLeadScript;

void lifeline_lead_script_free (LifelineLeadScript *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineLeadScript, lifeline_lead_script_free)

void                 lifeline_lead_service_get_script_async      (LifelineLeadService  *self,
                                                                  const char           *id,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
LifelineLeadScript  *lifeline_lead_service_get_script_finish     (LifelineLeadService  *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
/* @etag NULL: a new script. A stale @etag fails with
 * LIFELINE_ERROR_CONFLICT, and @current holds the other version. */
void                 lifeline_lead_service_publish_script_async  (LifelineLeadService  *self,
                                                                  LifelineScript       *script,
                                                                  const char           *etag,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
LifelineLeadScript  *lifeline_lead_service_publish_script_finish (LifelineLeadService  *self,
                                                                  GAsyncResult         *result,
                                                                  LifelineLeadScript  **current,
                                                                  GError              **error);
/* Every revision of script @id, oldest first (LifelineArticleRevision with
 * its script set); finish with lifeline_lead_service_list_revisions_finish(). */
void                 lifeline_lead_service_list_script_revisions_async (LifelineLeadService  *self,
                                                                        const char           *id,
                                                                        GCancellable         *cancellable,
                                                                        GAsyncReadyCallback   callback,
                                                                        gpointer              user_data);

G_END_DECLS
