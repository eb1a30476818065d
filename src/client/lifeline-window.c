/* lifeline-window.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-trace.h"
#include "lifeline-window.h"

struct _LifelineWindow
{
  AdwApplicationWindow  parent_instance;

  AdwHeaderBar         *header_bar;
  AdwViewStack         *view_stack;
  GtkSearchEntry       *search_entry;
  AdwToastOverlay      *toast_overlay;
};

G_DEFINE_FINAL_TYPE (LifelineWindow, lifeline_window, ADW_TYPE_APPLICATION_WINDOW)

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_first_frame (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, user_data);
  lifeline_trace_line ("first-frame ms=%.1f", lifeline_trace_since_start_ms ());
}

static void
lifeline_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lifeline_window_parent_class)->realize (widget);

  if (lifeline_trace_enabled ())
    g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                      G_CALLBACK (on_first_frame), widget);
}

static void
lifeline_window_class_init (LifelineWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->realize = lifeline_window_realize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
}

static void
lifeline_window_init (LifelineWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

LifelineWindow *
lifeline_window_new (LifelineApplication *application)
{
  LifelineWindow *self = g_object_new (LIFELINE_TYPE_WINDOW, "application", application, NULL);
  GSettings *settings = lifeline_application_get_settings (application);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return self;
}
