/* lifeline-recover-page.h — the recovery scripts, and the one being walked
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-recovery-store.h"
#include "lifeline-script-view.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_RECOVER_PAGE (lifeline_recover_page_get_type ())

G_DECLARE_FINAL_TYPE (LifelineRecoverPage, lifeline_recover_page, LIFELINE, RECOVER_PAGE, GtkWidget)

void                lifeline_recover_page_set_store       (LifelineRecoverPage   *self,
                                                           LifelineRecoveryStore *store);
/* The current mistake report's category (a wire name; NULL or "" for none)
 * and report id: the scripts serving it come first. */
void                lifeline_recover_page_set_report      (LifelineRecoverPage   *self,
                                                           const char            *category,
                                                           const char            *report_id);
/* What win.open-recovery does: sets the report and opens the first script
 * serving its category, or shows the list when none does. */
void                lifeline_recover_page_open_for_report (LifelineRecoverPage   *self,
                                                           const char            *category,
                                                           const char            *report_id);
/* Opens one script (for the current report, if any). */
void                lifeline_recover_page_open_script     (LifelineRecoverPage   *self,
                                                           const char            *script_id);
void                lifeline_recover_page_show_list       (LifelineRecoverPage   *self);
LifelineScriptView *lifeline_recover_page_get_script_view (LifelineRecoverPage   *self);
/* The scripts in the order listed (for tests), once loaded, else NULL. */
GPtrArray          *lifeline_recover_page_get_scripts     (LifelineRecoverPage   *self);

G_END_DECLS
