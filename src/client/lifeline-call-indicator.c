/* lifeline-call-indicator.c — the call timer in the header bar
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-call-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-application.h"
#include "lifeline-call-indicator.h"
#include "lifeline-widget-util.h"

struct _LifelineCallIndicator
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  GtkLabel            *label;

  LifelineApplication *application;
  gulong               call_handler;
  guint                tick_id;
};

G_DEFINE_FINAL_TYPE (LifelineCallIndicator, lifeline_call_indicator, GTK_TYPE_WIDGET)

static void update (LifelineCallIndicator *self);

static char *
format_elapsed (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static gboolean
on_tick (gpointer user_data)
{
  LifelineCallIndicator *self = user_data;

  self->tick_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
update (LifelineCallIndicator *self)
{
  const char *call_id = NULL;
  const char *caller;
  g_autofree char *elapsed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  gint64 elapsed_us;

  g_clear_handle_id (&self->tick_id, g_source_remove);

  if (self->application != NULL)
    call_id = lifeline_application_get_call_id (self->application);

  gtk_widget_set_visible (GTK_WIDGET (self), call_id != NULL);
  if (call_id == NULL)
    {
      gtk_label_set_text (self->label, "");
      return;
    }

  elapsed_us = MAX (0, g_get_monotonic_time () - lifeline_application_get_call_started (self->application));
  elapsed = format_elapsed (elapsed_us / G_USEC_PER_SEC);
  /* Translators: the call timer in the header bar; %s is the time since the
   * call started, such as 04:12 or 1:04:12 */
  text = g_strdup_printf (C_("call timer", "Call %s"), elapsed);
  gtk_label_set_text (self->label, text);

  caller = lifeline_application_get_call_caller (self->application);
  if (caller != NULL && *caller != '\0')
    /* Translators: a tooltip; the first %s is the softphone's call ID, the second the caller's name */
    tooltip = g_strdup_printf (_("In call %s with %s"), call_id, caller);
  else
    /* Translators: a tooltip; %s is the softphone's call ID */
    tooltip = g_strdup_printf (_("In call %s"), call_id);
  gtk_widget_set_tooltip_text (self->box, tooltip);

  /* Wake just after the next whole second of the call. */
  self->tick_id = g_timeout_add (1000 - (elapsed_us / 1000) % 1000 + 5, on_tick, self);
}

static void
on_call_changed (LifelineCallIndicator *self)
{
  update (self);
}

static void
set_application (LifelineCallIndicator *self,
                 LifelineApplication   *application)
{
  if (self->application == application)
    return;

  if (self->application != NULL)
    g_clear_signal_handler (&self->call_handler, self->application);
  g_set_object (&self->application, application);
  if (application != NULL)
    self->call_handler = g_signal_connect_object (application, "notify::call-id",
                                                  G_CALLBACK (on_call_changed), self,
                                                  G_CONNECT_SWAPPED);
  update (self);
}

static void
on_application (GtkWidget      *widget,
                GtkApplication *application)
{
  set_application (LIFELINE_CALL_INDICATOR (widget),
                   LIFELINE_IS_APPLICATION (application) ? LIFELINE_APPLICATION (application) : NULL);
}

static void
lifeline_call_indicator_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lifeline_call_indicator_parent_class)->root (widget);
  lifeline_widget_follow_application (widget, on_application);
}

static void
lifeline_call_indicator_unroot (GtkWidget *widget)
{
  lifeline_widget_unfollow_application (widget);
  GTK_WIDGET_CLASS (lifeline_call_indicator_parent_class)->unroot (widget);
}

static void
lifeline_call_indicator_dispose (GObject *object)
{
  LifelineCallIndicator *self = (LifelineCallIndicator *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->application != NULL)
    g_clear_signal_handler (&self->call_handler, self->application);
  g_clear_object (&self->application);
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_call_indicator_parent_class)->dispose (object);
}

static void
lifeline_call_indicator_class_init (LifelineCallIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_call_indicator_dispose;
  widget_class->root = lifeline_call_indicator_root;
  widget_class->unroot = lifeline_call_indicator_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-call-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineCallIndicator, box);
  gtk_widget_class_bind_template_child (widget_class, LifelineCallIndicator, label);
  gtk_widget_class_set_css_name (widget_class, "callindicator");
}

static void
lifeline_call_indicator_init (LifelineCallIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
lifeline_call_indicator_get_text (LifelineCallIndicator *self)
{
  g_return_val_if_fail (LIFELINE_IS_CALL_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}
