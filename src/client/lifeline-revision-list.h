/* lifeline-revision-list.h — the History panel's rows, for articles and recovery scripts
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-lead-service.h"
#include "lifeline-lead-store.h"

G_BEGIN_DECLS

/* What changed in a revision, for a person: "Edited", "Imported", … */
const char              *lifeline_revision_action_label (const char *action);
/* Who made @revision ("import" when no one did). */
const char              *lifeline_revision_by_label     (LifelineArticleRevision *revision);
/* Revision @number in @revisions (LifelineArticleRevision), or NULL. */
LifelineArticleRevision *lifeline_revision_find         (GPtrArray  *revisions,
                                                         gint64      number);
/* Fills @list with @revisions, newest first: revision, what changed, who,
 * when; a view button activating @view_action and a restore button
 * activating @restore_action, both with the revision number ("x"). The
 * newest cannot be restored (it is what is published). */
void                     lifeline_revision_list_show    (GtkListBox *list,
                                                         GPtrArray  *revisions,
                                                         const char *view_action,
                                                         const char *restore_action);
/* Finishes lifeline_lead_service_list_revisions_async() or
 * lifeline_lead_service_list_script_revisions_async(): on success, the
 * revisions replace *@revisions and fill @list as above. */
gboolean                 lifeline_revision_list_finish  (GtkListBox          *list,
                                                         GPtrArray          **revisions,
                                                         LifelineLeadService *service,
                                                         GAsyncResult        *result,
                                                         const char          *view_action,
                                                         const char          *restore_action,
                                                         GError             **error);

G_END_DECLS
