/* lifeline-lead-page.h — the team lead's workspace: queues, editors, trends, reports
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-article-editor.h"
#include "lifeline-lead-queues.h"
#include "lifeline-lead-service.h"
#include "lifeline-script-editor.h"
#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_LEAD_PAGE (lifeline_lead_page_get_type ())

G_DECLARE_FINAL_TYPE (LifelineLeadPage, lifeline_lead_page, LIFELINE, LEAD_PAGE, GtkWidget)

/* Follows @engine's server (NULL, or no server: standalone, on the database
 * at @db_path). With a server, the page is "available" only once GET
 * /api/v1/me says the token is a lead's. */
void                   lifeline_lead_page_set_sync_engine (LifelineLeadPage   *self,
                                                           LifelineSyncEngine *engine,
                                                           const char         *db_path);
/* The same with an address and token given directly (what the keyring
 * holds for the engine's address is looked up otherwise); @url NULL:
 * standalone. For tests and tools. */
void                   lifeline_lead_page_set_server      (LifelineLeadPage   *self,
                                                           const char         *url,
                                                           const char         *token,
                                                           const char         *db_path);
/* Standalone, or the server has said who the token is. */
gboolean               lifeline_lead_page_get_role_known  (LifelineLeadPage   *self);
/* Whether the lead tools are on offer: the window shows the page then. */
gboolean               lifeline_lead_page_get_available   (LifelineLeadPage   *self);
/* The lead's own pages ("queues", and the coaching pages beside it). */
AdwViewStack          *lifeline_lead_page_get_stack       (LifelineLeadPage   *self);
LifelineLeadQueues    *lifeline_lead_page_get_queues      (LifelineLeadPage   *self);
LifelineArticleEditor *lifeline_lead_page_get_editor      (LifelineLeadPage   *self);
LifelineScriptEditor  *lifeline_lead_page_get_script_editor (LifelineLeadPage *self);
/* What the tools work on now, or NULL while not available. */
LifelineLeadService   *lifeline_lead_page_get_service     (LifelineLeadPage   *self);
/* The api client when a lead is signed in to a server, else NULL. */
LifelineApiClient     *lifeline_lead_page_get_api_client  (LifelineLeadPage   *self);

G_END_DECLS
