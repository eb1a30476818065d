/* lifeline-followup.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-followup"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-error.h"
#include "lifeline-followup.h"
#include "lifeline-wire.h"

G_DEFINE_FINAL_TYPE (LifelineFollowup, lifeline_followup, G_TYPE_OBJECT)

static void
lifeline_followup_finalize (GObject *object)
{
  LifelineFollowup *self = (LifelineFollowup *)object;

  g_free (self->id);
  g_free (self->report_id);
  g_free (self->call_id);
  g_free (self->promise);
  g_free (self->customer_ref);
  g_free (self->session_id);
  g_free (self->wish);

  G_OBJECT_CLASS (lifeline_followup_parent_class)->finalize (object);
}

static void
lifeline_followup_class_init (LifelineFollowupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_followup_finalize;
}

static void
lifeline_followup_init (LifelineFollowup *self)
{
  self->promise = g_strdup ("");
  self->customer_ref = g_strdup ("");
  self->wish = g_strdup ("");
  self->revision = 1;
}

LifelineFollowup *
lifeline_followup_new (const char *promise,
                       gint64      due_at)
{
  LifelineFollowup *self = g_object_new (LIFELINE_TYPE_FOLLOWUP, NULL);

  self->id = g_uuid_string_random ();
  g_free (self->promise);
  self->promise = g_strdup (promise ? promise : "");
  self->created_at = lifeline_time_now ();
  self->due_at = due_at;
  return self;
}

static const char * const followup_fields[] = {
  "id", "report_id", "call_id", "promise", "customer_ref", "created_at", "due_at", "done_at", NULL
};

LifelineFollowup *
lifeline_followup_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(LifelineFollowup) self = g_object_new (LIFELINE_TYPE_FOLLOWUP, NULL);

  if (!lifeline_wire_check_fields (object, followup_fields, error) ||
      !lifeline_wire_get_string (object, "id", TRUE, &self->id, error) ||
      !lifeline_wire_get_string (object, "report_id", FALSE, &self->report_id, error) ||
      !lifeline_wire_get_string (object, "call_id", FALSE, &self->call_id, error) ||
      !lifeline_wire_get_string (object, "promise", FALSE, &self->promise, error) ||
      !lifeline_wire_get_string (object, "customer_ref", FALSE, &self->customer_ref, error) ||
      !lifeline_wire_get_time (object, "created_at", TRUE, &self->created_at, error) ||
      !lifeline_wire_get_time (object, "due_at", TRUE, &self->due_at, error) ||
      !lifeline_wire_get_time (object, "done_at", FALSE, &self->done_at, error))
    return NULL;

  if (!lifeline_uuid_is_valid (self->id))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “id” must be a lowercase UUID"));
      return NULL;
    }

  if (self->report_id != NULL && !lifeline_uuid_is_valid (self->report_id))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                   _("Field “report_id” must be a lowercase UUID"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
lifeline_followup_to_json (LifelineFollowup *self,
                           JsonBuilder      *builder)
{
  g_return_if_fail (LIFELINE_IS_FOLLOWUP (self));

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", self->id);
  lifeline_wire_add_string (builder, "report_id", self->report_id);
  lifeline_wire_add_string (builder, "call_id", self->call_id);
  lifeline_wire_add_string (builder, "promise", self->promise);
  lifeline_wire_add_string (builder, "customer_ref", self->customer_ref);
  lifeline_wire_add_time (builder, "created_at", self->created_at);
  lifeline_wire_add_time (builder, "due_at", self->due_at);
  lifeline_wire_add_time (builder, "done_at", self->done_at);
  json_builder_end_object (builder);
}

LifelineFollowupState
lifeline_followup_get_state (LifelineFollowup *self,
                             gint64            now,
                             gint64            reminder_seconds)
{
  g_return_val_if_fail (LIFELINE_IS_FOLLOWUP (self), LIFELINE_FOLLOWUP_UPCOMING);

  if (self->done_at != 0)
    return LIFELINE_FOLLOWUP_DONE;
  if (now >= self->due_at)
    return LIFELINE_FOLLOWUP_OVERDUE;
  if (now >= self->due_at - reminder_seconds)
    return LIFELINE_FOLLOWUP_DUE_SOON;
  return LIFELINE_FOLLOWUP_UPCOMING;
}
