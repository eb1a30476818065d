/* lifeline-lead-queues.h — flagged, expired and soon-expiring articles for a lead
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

#define LIFELINE_TYPE_LEAD_QUEUES (lifeline_lead_queues_get_type ())

G_DECLARE_FINAL_TYPE (LifelineLeadQueues, lifeline_lead_queues, LIFELINE, LEAD_QUEUES, GtkWidget)

/* Loads the queues from @service (NULL: empty) and again on reload(). */
void                    lifeline_lead_queues_set_service (LifelineLeadQueues  *self,
                                                          LifelineLeadService *service);
void                    lifeline_lead_queues_reload      (LifelineLeadQueues  *self);
/* What is shown, or NULL before the first load; how many loads finished. */
LifelineLeadQueuesData *lifeline_lead_queues_get_data    (LifelineLeadQueues  *self);
guint                   lifeline_lead_queues_get_n_loads (LifelineLeadQueues  *self);
LifelineLeadFlag       *lifeline_lead_queues_find_flag   (LifelineLeadQueues  *self,
                                                          const char          *flag_id);

G_END_DECLS
