/* lifeline-report.h — mistake reports
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIFELINE_CATEGORY_NONE,
  LIFELINE_CATEGORY_INCORRECT_INFORMATION,
  LIFELINE_CATEGORY_MISCOMMUNICATION,
  LIFELINE_CATEGORY_PROFESSIONALISM,
  LIFELINE_CATEGORY_PROCESS,
  LIFELINE_CATEGORY_SYSTEM_ERROR,
  LIFELINE_N_CATEGORIES
} LifelineCategory;

typedef enum
{
  LIFELINE_ROOT_CAUSE_NONE,
  LIFELINE_ROOT_CAUSE_KNOWLEDGE_GAP,
  LIFELINE_ROOT_CAUSE_OUTDATED_ARTICLE,
  LIFELINE_ROOT_CAUSE_STRESS,
  LIFELINE_ROOT_CAUSE_FATIGUE,
  LIFELINE_ROOT_CAUSE_UNCLEAR_PROCESS,
  LIFELINE_ROOT_CAUSE_TOOL_FAULT,
  LIFELINE_ROOT_CAUSE_OTHER,
  LIFELINE_N_ROOT_CAUSES
} LifelineRootCause;

/* Wire names (NULL for NONE) and translated labels for people. */
const char *lifeline_category_to_string    (LifelineCategory   category);
gboolean    lifeline_category_from_string  (const char        *text,
                                            LifelineCategory  *category);
const char *lifeline_category_get_label    (LifelineCategory   category);
const char *lifeline_root_cause_to_string  (LifelineRootCause  cause);
gboolean    lifeline_root_cause_from_string(const char        *text,
                                            LifelineRootCause *cause);
const char *lifeline_root_cause_get_label  (LifelineRootCause  cause);

#define LIFELINE_TYPE_REPORT (lifeline_report_get_type ())

G_DECLARE_FINAL_TYPE (LifelineReport, lifeline_report, LIFELINE, REPORT, GObject)

/* Plain data, like LifelineArticle. */
struct _LifelineReport
{
  GObject            parent_instance;

  char              *id;              /* client-generated UUID */
  gint64             revision;
  gint64             created_at;
  LifelineCategory   category;
  LifelineRootCause  root_cause;
  gboolean           near_miss;
  gboolean           confidential;
  char              *note;
  char              *article_id;
  char              *call_id;
  char              *recovery_script_id;   /* NULL: no recovery */
  GHashTable        *recovery_answers;     /* step number as text → answer */
};

LifelineReport *lifeline_report_new             (void);
LifelineReport *lifeline_report_new_from_json   (JsonObject     *object,
                                                 GError        **error);
void            lifeline_report_to_json         (LifelineReport *self,
                                                 JsonBuilder    *builder);
JsonNode       *lifeline_report_to_json_node    (LifelineReport *self);
char           *lifeline_report_to_canonical    (LifelineReport *self);

G_END_DECLS
