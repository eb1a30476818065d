/* lifeline-call-hint.c — the gentle "ask a lead" hint during a long call
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-call-hint"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-application.h"
#include "lifeline-call-hint.h"
#include "lifeline-widget-util.h"

struct _LifelineCallHint
{
  GtkWidget            parent_instance;

  GtkRevealer         *revealer;
  GtkLabel            *label;

  LifelineApplication *application;
  gulong               call_handler;
  GSettings           *settings;
  gulong               settings_handler;
  guint                due_id;
  char                *dismissed_call;  /* the call the agent closed the hint for */
};

G_DEFINE_FINAL_TYPE (LifelineCallHint, lifeline_call_hint, GTK_TYPE_WIDGET)

static void update (LifelineCallHint *self);

static void
on_due (gpointer user_data)
{
  LifelineCallHint *self = user_data;

  self->due_id = 0;
  update (self);
}

static void
show (LifelineCallHint *self,
      gboolean          shown)
{
  gtk_revealer_set_reveal_child (self->revealer, shown);
  /* Hidden, it takes no room and no keyboard focus. */
  gtk_widget_set_visible (GTK_WIDGET (self), shown || gtk_revealer_get_child_revealed (self->revealer));
}

static void
update (LifelineCallHint *self)
{
  const char *call_id = NULL;
  g_autofree char *text = NULL;
  gint64 elapsed;
  gint64 due;
  int minutes;

  g_clear_handle_id (&self->due_id, g_source_remove);

  if (self->application != NULL)
    call_id = lifeline_application_get_call_id (self->application);
  if (call_id == NULL)
    g_clear_pointer (&self->dismissed_call, g_free);

  minutes = self->settings != NULL ? g_settings_get_int (self->settings, "call-hint-minutes") : 0;
  if (call_id == NULL || minutes <= 0 || g_strcmp0 (call_id, self->dismissed_call) == 0)
    {
      show (self, FALSE);
      return;
    }

  elapsed = g_get_monotonic_time () - lifeline_application_get_call_started (self->application);
  due = (gint64) minutes * 60 * G_USEC_PER_SEC;
  if (elapsed < due)
    {
      show (self, FALSE);
      self->due_id = g_timeout_add_once ((due - elapsed) / 1000 + 1, on_due, self);
      return;
    }

  text = g_strdup_printf (ngettext ("This call has run for over %d minute. If you are stuck, a lead is glad to help — asking early is part of the job.",
                                    "This call has run for over %d minutes. If you are stuck, a lead is glad to help — asking early is part of the job.",
                                    minutes),
                          minutes);
  gtk_label_set_text (self->label, text);
  show (self, TRUE);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LifelineCallHint *self = LIFELINE_CALL_HINT (widget);
  const char *call_id = NULL;

  if (self->application != NULL)
    call_id = lifeline_application_get_call_id (self->application);
  g_free (self->dismissed_call);
  self->dismissed_call = g_strdup (call_id);
  update (self);
}

static void
on_child_revealed (LifelineCallHint *self)
{
  if (!gtk_revealer_get_reveal_child (self->revealer) &&
      !gtk_revealer_get_child_revealed (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
set_application (LifelineCallHint    *self,
                 LifelineApplication *application)
{
  GSettings *settings = NULL;

  if (self->application == application)
    return;

  if (self->application != NULL)
    g_clear_signal_handler (&self->call_handler, self->application);
  if (self->settings != NULL)
    g_clear_signal_handler (&self->settings_handler, self->settings);

  g_set_object (&self->application, application);
  if (application != NULL)
    {
      settings = lifeline_application_get_settings (application);
      self->call_handler = g_signal_connect_object (application, "notify::call-id",
                                                    G_CALLBACK (update), self,
                                                    G_CONNECT_SWAPPED);
    }
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    self->settings_handler = g_signal_connect_object (settings, "changed::call-hint-minutes",
                                                      G_CALLBACK (update), self,
                                                      G_CONNECT_SWAPPED);
  update (self);
}

static void
on_application (GtkWidget      *widget,
                GtkApplication *application)
{
  set_application (LIFELINE_CALL_HINT (widget),
                   LIFELINE_IS_APPLICATION (application) ? LIFELINE_APPLICATION (application) : NULL);
}

static void
lifeline_call_hint_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lifeline_call_hint_parent_class)->root (widget);
  lifeline_widget_follow_application (widget, on_application);
}

static void
lifeline_call_hint_unroot (GtkWidget *widget)
{
  lifeline_widget_unfollow_application (widget);
  GTK_WIDGET_CLASS (lifeline_call_hint_parent_class)->unroot (widget);
}

static void
lifeline_call_hint_dispose (GObject *object)
{
  LifelineCallHint *self = (LifelineCallHint *)object;

  g_clear_handle_id (&self->due_id, g_source_remove);
  if (self->application != NULL)
    g_clear_signal_handler (&self->call_handler, self->application);
  if (self->settings != NULL)
    g_clear_signal_handler (&self->settings_handler, self->settings);
  g_clear_object (&self->application);
  g_clear_object (&self->settings);
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_call_hint_parent_class)->dispose (object);
}

static void
lifeline_call_hint_finalize (GObject *object)
{
  LifelineCallHint *self = (LifelineCallHint *)object;

  g_free (self->dismissed_call);

  G_OBJECT_CLASS (lifeline_call_hint_parent_class)->finalize (object);
}

static void
lifeline_call_hint_class_init (LifelineCallHintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_call_hint_dispose;
  object_class->finalize = lifeline_call_hint_finalize;
  widget_class->root = lifeline_call_hint_root;
  widget_class->unroot = lifeline_call_hint_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-call-hint.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineCallHint, revealer);
  gtk_widget_class_bind_template_child (widget_class, LifelineCallHint, label);
  gtk_widget_class_bind_template_callback (widget_class, on_child_revealed);
  gtk_widget_class_set_css_name (widget_class, "callhint");

  gtk_widget_class_install_action (widget_class, "call-hint.dismiss", NULL, dismiss_action);
}

static void
lifeline_call_hint_init (LifelineCallHint *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

gboolean
lifeline_call_hint_get_shown (LifelineCallHint *self)
{
  g_return_val_if_fail (LIFELINE_IS_CALL_HINT (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
lifeline_call_hint_get_text (LifelineCallHint *self)
{
  g_return_val_if_fail (LIFELINE_IS_CALL_HINT (self), NULL);
  return gtk_label_get_text (self->label);
}
