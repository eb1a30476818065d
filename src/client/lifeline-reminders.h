/* lifeline-reminders.h — desktop notifications for follow-ups
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-recovery-store.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_REMINDERS (lifeline_reminders_get_type ())

G_DECLARE_FINAL_TYPE (LifelineReminders, lifeline_reminders, LIFELINE, REMINDERS, GObject)

/* Owned by the application. Keeps the open follow-ups in memory, asks
 * lifeline_followups_next_notice() what to show next and sets one timeout
 * for it; shows a GNotification for each reminder and deadline (and, at
 * start-up, for those that fell due while Lifeline was closed). Adds the
 * actions app.open-followup (s: follow-up id, "" for the list) and
 * app.followup-done (s) to @application; opening forwards to the window's
 * win.open-followup. */
LifelineReminders *lifeline_reminders_new       (GApplication          *application,
                                                 LifelineRecoveryStore *store,
                                                 GSettings             *settings);
/* The open follow-ups whose deadline has passed, as last loaded. */
guint              lifeline_reminders_get_overdue (LifelineReminders   *self);

G_END_DECLS
