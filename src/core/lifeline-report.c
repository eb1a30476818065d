/* lifeline-report.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-report"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-report.h"
#include "lifeline-wire.h"

typedef struct
{
  const char *wire;
  const char *label;
} Name;

static const Name categories[] = {
  { NULL, N_("Not chosen") },
  { "incorrect_information", N_("Incorrect information") },
  { "miscommunication", N_("Miscommunication") },
  { "professionalism", N_("Professionalism lapse") },
  { "process", N_("Process not followed") },
  { "system_error", N_("System error") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (categories) == LIFELINE_N_CATEGORIES);

static const Name root_causes[] = {
  { NULL, N_("Not chosen") },
  { "knowledge_gap", N_("Knowledge gap") },
  { "outdated_article", N_("Outdated or wrong article") },
  { "stress", N_("Stress or time pressure") },
  { "fatigue", N_("Fatigue") },
  { "unclear_process", N_("Unclear process") },
  { "tool_fault", N_("Tool or system fault") },
  { "other", N_("Other") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (root_causes) == LIFELINE_N_ROOT_CAUSES);

static gboolean
name_lookup (const Name *names,
             guint       n_names,
             const char *text,
             guint      *out)
{
  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }

  for (guint i = 1; i < n_names; i++)
    {
      if (strcmp (names[i].wire, text) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
lifeline_category_to_string (LifelineCategory category)
{
  g_return_val_if_fail (category < LIFELINE_N_CATEGORIES, NULL);
  return categories[category].wire;
}

gboolean
lifeline_category_from_string (const char       *text,
                               LifelineCategory *category)
{
  guint value;

  if (!name_lookup (categories, G_N_ELEMENTS (categories), text, &value))
    return FALSE;
  *category = value;
  return TRUE;
}

const char *
lifeline_category_get_label (LifelineCategory category)
{
  g_return_val_if_fail (category < LIFELINE_N_CATEGORIES, NULL);
  return g_dgettext (GETTEXT_PACKAGE, categories[category].label);
}

const char *
lifeline_root_cause_to_string (LifelineRootCause cause)
{
  g_return_val_if_fail (cause < LIFELINE_N_ROOT_CAUSES, NULL);
  return root_causes[cause].wire;
}

gboolean
lifeline_root_cause_from_string (const char        *text,
                                 LifelineRootCause *cause)
{
  guint value;

  if (!name_lookup (root_causes, G_N_ELEMENTS (root_causes), text, &value))
    return FALSE;
  *cause = value;
  return TRUE;
}

const char *
lifeline_root_cause_get_label (LifelineRootCause cause)
{
  g_return_val_if_fail (cause < LIFELINE_N_ROOT_CAUSES, NULL);
  return g_dgettext (GETTEXT_PACKAGE, root_causes[cause].label);
}

G_DEFINE_FINAL_TYPE (LifelineReport, lifeline_report, G_TYPE_OBJECT)

static void
lifeline_report_finalize (GObject *object)
{
  LifelineReport *self = (LifelineReport *)object;

  g_free (self->id);
  g_free (self->note);
  g_free (self->article_id);
  g_free (self->call_id);
  g_free (self->recovery_script_id);
  g_clear_pointer (&self->recovery_answers, g_hash_table_unref);

  G_OBJECT_CLASS (lifeline_report_parent_class)->finalize (object);
}

static void
lifeline_report_class_init (LifelineReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_report_finalize;
}

static void
lifeline_report_init (LifelineReport *self)
{
  self->revision = 1;
  self->note = g_strdup ("");
  self->recovery_answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * lifeline_report_new:
 *
 * A new report with a fresh random UUID, revision 1, created now.
 */
LifelineReport *
lifeline_report_new (void)
{
  LifelineReport *self = g_object_new (LIFELINE_TYPE_REPORT, NULL);

  self->id = g_uuid_string_random ();
  self->created_at = lifeline_time_now ();
  return self;
}

static const char * const report_fields[] = {
  "id", "revision", "created_at", "category", "root_cause", "near_miss",
  "confidential", "note", "article_id", "call_id", "recovery", NULL
};
static const char * const recovery_fields[] = { "script_id", "answers", NULL };

#define MAX_NOTE_CHARS 10000

LifelineReport *
lifeline_report_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(LifelineReport) self = g_object_new (LIFELINE_TYPE_REPORT, NULL);
  g_autofree char *category = NULL;
  g_autofree char *root_cause = NULL;
  JsonNode *recovery;

  g_return_val_if_fail (object != NULL, NULL);

  if (!lifeline_wire_check_fields (object, report_fields, error) ||
      !lifeline_wire_get_string (object, "id", TRUE, &self->id, error) ||
      !lifeline_wire_get_int (object, "revision", TRUE, 1, G_MAXINT32, &self->revision, error) ||
      !lifeline_wire_get_time (object, "created_at", TRUE, &self->created_at, error) ||
      !lifeline_wire_get_string (object, "category", FALSE, &category, error) ||
      !lifeline_wire_get_string (object, "root_cause", FALSE, &root_cause, error) ||
      !lifeline_wire_get_bool (object, "near_miss", &self->near_miss, error) ||
      !lifeline_wire_get_bool (object, "confidential", &self->confidential, error) ||
      !lifeline_wire_get_string (object, "note", FALSE, &self->note, error) ||
      !lifeline_wire_get_string (object, "article_id", FALSE, &self->article_id, error) ||
      !lifeline_wire_get_string (object, "call_id", FALSE, &self->call_id, error))
    return NULL;

  if (!lifeline_uuid_is_valid (self->id))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “id” must be a lowercase UUID such as 0b6f3c1e-2d4a-4f7e-9c55-8a1d2e3f4b5c"));
      return NULL;
    }

  if (!lifeline_category_from_string (category, &self->category))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “category” has the unknown value “%s”"), category);
      return NULL;
    }

  if (!lifeline_root_cause_from_string (root_cause, &self->root_cause))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “root_cause” has the unknown value “%s”"), root_cause);
      return NULL;
    }

  if (g_utf8_strlen (self->note, -1) > MAX_NOTE_CHARS)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “note” is longer than %d characters"), MAX_NOTE_CHARS);
      return NULL;
    }

  if (self->article_id != NULL && !lifeline_id_is_valid (self->article_id))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “article_id” is not a valid article id"));
      return NULL;
    }

  if (self->call_id != NULL && strlen (self->call_id) > 200)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “call_id” is longer than 200 characters"));
      return NULL;
    }

  recovery = json_object_get_member (object, "recovery");
  if (recovery != NULL && !JSON_NODE_HOLDS_NULL (recovery))
    {
      JsonObject *robj;
      JsonNode *answers;

      if (!JSON_NODE_HOLDS_OBJECT (recovery))
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                       _("Field “recovery” must be null or an object with “script_id” and “answers”"));
          return NULL;
        }

      robj = json_node_get_object (recovery);
      if (!lifeline_wire_check_fields (robj, recovery_fields, error) ||
          !lifeline_wire_get_string (robj, "script_id", TRUE, &self->recovery_script_id, error))
        return NULL;

      answers = json_object_get_member (robj, "answers");
      if (answers != NULL && !JSON_NODE_HOLDS_NULL (answers))
        {
          g_autoptr(GList) members = NULL;
          JsonObject *aobj;

          if (!JSON_NODE_HOLDS_OBJECT (answers))
            {
              g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("Field “recovery.answers” must be an object of step → answer"));
              return NULL;
            }

          aobj = json_node_get_object (answers);
          members = json_object_get_members (aobj);
          for (const GList *l = members; l; l = l->next)
            {
              JsonNode *value = json_object_get_member (aobj, l->data);

              if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
                {
                  g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                               _("Field “recovery.answers” must map each step to a string"));
                  return NULL;
                }
              g_hash_table_insert (self->recovery_answers, g_strdup (l->data),
                                   g_strdup (json_node_get_string (value)));
            }
        }
    }

  return g_steal_pointer (&self);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const char *sa = *(const char * const *)a;
  const char *sb = *(const char * const *)b;
  gint64 na = g_ascii_strtoll (sa, NULL, 10);
  gint64 nb = g_ascii_strtoll (sb, NULL, 10);

  if (na != nb)
    return na < nb ? -1 : 1;
  return strcmp (sa, sb);
}

void
lifeline_report_to_json (LifelineReport *self,
                         JsonBuilder    *builder)
{
  g_return_if_fail (LIFELINE_IS_REPORT (self));

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", self->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision);
  lifeline_wire_add_time (builder, "created_at", self->created_at);
  lifeline_wire_add_string (builder, "category", lifeline_category_to_string (self->category));
  lifeline_wire_add_string (builder, "root_cause", lifeline_root_cause_to_string (self->root_cause));
  json_builder_set_member_name (builder, "near_miss");
  json_builder_add_boolean_value (builder, self->near_miss);
  json_builder_set_member_name (builder, "confidential");
  json_builder_add_boolean_value (builder, self->confidential);
  lifeline_wire_add_string (builder, "note", self->note ? self->note : "");
  lifeline_wire_add_string (builder, "article_id", self->article_id);
  lifeline_wire_add_string (builder, "call_id", self->call_id);
  json_builder_set_member_name (builder, "recovery");
  if (self->recovery_script_id == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree gpointer *keys = NULL;
      guint n_keys = 0;

      json_builder_begin_object (builder);
      lifeline_wire_add_string (builder, "script_id", self->recovery_script_id);
      json_builder_set_member_name (builder, "answers");
      json_builder_begin_object (builder);
      /* Sorted, so that the same content always serialises the same way. */
      keys = g_hash_table_get_keys_as_array (self->recovery_answers, &n_keys);
      qsort (keys, n_keys, sizeof (gpointer), compare_keys);
      for (guint i = 0; i < n_keys; i++)
        lifeline_wire_add_string (builder, keys[i],
                                  g_hash_table_lookup (self->recovery_answers, keys[i]));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

JsonNode *
lifeline_report_to_json_node (LifelineReport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  lifeline_report_to_json (self, builder);
  return json_builder_get_root (builder);
}

/**
 * lifeline_report_to_canonical:
 *
 * The report as compact JSON with members in a fixed order: two reports
 * have the same content exactly when these strings are equal. The server
 * uses it to tell a harmless repeat (200) from a conflict (409).
 */
char *
lifeline_report_to_canonical (LifelineReport *self)
{
  g_autoptr(JsonNode) node = lifeline_report_to_json_node (self);

  return lifeline_wire_to_string (node, FALSE);
}
