/* lifeline-recovery-session.h — what the agent typed while walking a recovery script
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-db.h"
#include "lifeline-report.h"
#include "lifeline-script.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_RECOVERY_SESSION (lifeline_recovery_session_get_type ())

G_DECLARE_FINAL_TYPE (LifelineRecoverySession, lifeline_recovery_session, LIFELINE, RECOVERY_SESSION, GObject)

/* Plain data, like LifelineArticle. */
struct _LifelineRecoverySession
{
  GObject     parent_instance;

  char       *id;            /* UUID */
  char       *script_id;
  char       *report_id;     /* the mistake report it repairs, or NULL */
  guint       step;          /* the step on screen, 0-based */
  gint64      seq;           /* rises with each change; an older snapshot never overwrites a newer one */
  GHashTable *values;        /* placeholder name → what the agent typed */
  GHashTable *answers;       /* step number (1-based) as text → the noted answer */
  gint64      started_at;
  gint64      updated_at;
  gint64      finished_at;   /* 0 until the last step is done */
};

LifelineRecoverySession *lifeline_recovery_session_new          (const char               *script_id,
                                                                 const char               *report_id);
/* A deep copy, to hand a snapshot to a worker thread. */
LifelineRecoverySession *lifeline_recovery_session_copy         (LifelineRecoverySession  *self);
const char              *lifeline_recovery_session_get_answer   (LifelineRecoverySession  *self,
                                                                 guint                     step);
/* Sets (or, with NULL or "", removes) the answer of 0-based @step; bumps seq. */
void                     lifeline_recovery_session_set_answer   (LifelineRecoverySession  *self,
                                                                 guint                     step,
                                                                 const char               *answer);
void                     lifeline_recovery_session_set_value    (LifelineRecoverySession  *self,
                                                                 const char               *name,
                                                                 const char               *value);

/* The index of the step that asks "What would you like to see happen?", or -1. */
int                      lifeline_script_find_wish_step         (LifelineScript           *script);

/* Storage (one durable transaction each). Saving writes the whole snapshot,
 * unless the stored one has a higher seq. */
gboolean                 lifeline_recovery_session_save         (LifelineDb               *db,
                                                                 LifelineRecoverySession  *self,
                                                                 GError                  **error);
LifelineRecoverySession *lifeline_recovery_session_load         (LifelineDb               *db,
                                                                 const char               *id,
                                                                 GError                  **error);
/* The newest unfinished session of @script_id for @report_id (NULL: one not
 * tied to a report) touched after @since, or NULL with no error when none. */
LifelineRecoverySession *lifeline_recovery_session_find_open    (LifelineDb               *db,
                                                                 const char               *script_id,
                                                                 const char               *report_id,
                                                                 gint64                    since,
                                                                 GError                  **error);
/* The newest session for @report_id (finished ones first), or NULL with no error. */
LifelineRecoverySession *lifeline_recovery_session_find_for_report (LifelineDb            *db,
                                                                    const char            *report_id,
                                                                    GError               **error);
/* For the report sender: fills @report's recovery_script_id and
 * recovery_answers from its newest session. Leaves @report alone and
 * returns TRUE when no script was walked for it. */
gboolean                 lifeline_recovery_attach_to_report     (LifelineDb               *db,
                                                                 LifelineReport           *report,
                                                                 GError                  **error);

G_END_DECLS
