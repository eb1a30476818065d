/* lifeline-followup-dialog.h — "Set a follow-up"
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "lifeline-recovery-store.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_FOLLOWUP_DIALOG (lifeline_followup_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LifelineFollowupDialog, lifeline_followup_dialog, LIFELINE, FOLLOWUP_DIALOG, AdwWindow)

/* A modal window over @parent. @draft carries what is known already (the
 * promise from the notes, the customer reference, the report, the session,
 * the customer's wish); its id and deadline are set when the agent saves.
 * The dialog writes through @store, emits "saved" with the follow-up once it
 * is on disk, and closes. */
LifelineFollowupDialog *lifeline_followup_dialog_new (GtkWindow             *parent,
                                                      LifelineRecoveryStore *store,
                                                      GSettings             *settings,
                                                      LifelineFollowup      *draft);

G_END_DECLS
