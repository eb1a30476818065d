/* lifeline-followup.h — a promise to a customer, with a deadline
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIFELINE_TYPE_FOLLOWUP (lifeline_followup_get_type ())

G_DECLARE_FINAL_TYPE (LifelineFollowup, lifeline_followup, LIFELINE, FOLLOWUP, GObject)

typedef enum
{
  LIFELINE_FOLLOWUP_UPCOMING,
  LIFELINE_FOLLOWUP_DUE_SOON,   /* within the reminder window */
  LIFELINE_FOLLOWUP_OVERDUE,
  LIFELINE_FOLLOWUP_DONE,
} LifelineFollowupState;

/* Plain data, like LifelineArticle. */
struct _LifelineFollowup
{
  GObject  parent_instance;

  char    *id;             /* UUID */
  char    *report_id;      /* the mistake report it repairs, or NULL */
  char    *call_id;
  char    *promise;        /* what was promised, in the agent's words */
  char    *customer_ref;   /* how to reach the customer again: a reference, not their data */
  gint64   created_at;
  gint64   due_at;
  gint64   done_at;        /* 0 while open */

  /* Local only, not on the wire (lifeline-followups.c keeps them). */
  char    *session_id;     /* the recovery session it came from, or NULL */
  char    *wish;           /* the customer's answer to “What would you like to see happen?” */
  int      notified;       /* the LifelineNoticeKind already shown for it */
  gint64   revision;       /* rises with each state change, for the outbox */
};

LifelineFollowup     *lifeline_followup_new            (const char       *promise,
                                                        gint64            due_at);
LifelineFollowup     *lifeline_followup_new_from_json  (JsonObject       *object,
                                                        GError          **error);
void                  lifeline_followup_to_json        (LifelineFollowup *self,
                                                        JsonBuilder      *builder);
LifelineFollowupState lifeline_followup_get_state      (LifelineFollowup *self,
                                                        gint64            now,
                                                        gint64            reminder_seconds);

G_END_DECLS
