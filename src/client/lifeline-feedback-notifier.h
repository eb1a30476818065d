/* lifeline-feedback-notifier.h — tells the agent when a team lead answered a report
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-sync-engine.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_FEEDBACK_NOTIFIER (lifeline_feedback_notifier_get_type ())

G_DECLARE_FINAL_TYPE (LifelineFeedbackNotifier, lifeline_feedback_notifier, LIFELINE, FEEDBACK_NOTIFIER, GObject)

/* Sends a desktop notification ("Your team lead replied to your report")
 * through @application each time @engine stores new feedback (its
 * "feedback-received" signal, for the changes feed and the receipts of
 * confidential reports alike). The feedback itself shows on the report's
 * receipt (LifelineReportPanel). */
LifelineFeedbackNotifier *lifeline_feedback_notifier_new (GApplication       *application,
                                                          LifelineSyncEngine *engine);

G_END_DECLS
