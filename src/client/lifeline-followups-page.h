/* lifeline-followups-page.h — the agent's promises: overdue, due and done
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-recovery-store.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_FOLLOWUPS_PAGE (lifeline_followups_page_get_type ())

G_DECLARE_FINAL_TYPE (LifelineFollowupsPage, lifeline_followups_page, LIFELINE, FOLLOWUPS_PAGE, GtkWidget)

void     lifeline_followups_page_set_store     (LifelineFollowupsPage *self,
                                                LifelineRecoveryStore *store);
/* Brings the follow-up's row into view and focuses it ("" or an unknown id:
 * just the list). */
void     lifeline_followups_page_show_followup (LifelineFollowupsPage *self,
                                                const char            *followup_id);
/* The open follow-ups past their deadline, as last loaded. */
guint    lifeline_followups_page_get_n_overdue (LifelineFollowupsPage *self);
/* The rows on the page (for tests): of LifelineFollowup, in the order shown. */
GPtrArray *lifeline_followups_page_get_followups (LifelineFollowupsPage *self);

G_END_DECLS
