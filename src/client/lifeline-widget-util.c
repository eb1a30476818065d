/* lifeline-widget-util.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline"

#include "config.h"

#include "lifeline-widget-util.h"

void
lifeline_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

#define FOLLOW_KEY "lifeline-follow-application"

typedef struct
{
  GtkWindow                     *window;    /* unowned: the widget's root */
  gulong                         handler;
  LifelineWidgetApplicationFunc  func;
} Follow;

static void
follow_free (gpointer data)
{
  Follow *follow = data;

  g_clear_signal_handler (&follow->handler, follow->window);
  g_free (follow);
}

static void
on_window_application (GtkWindow  *window,
                       GParamSpec *pspec,
                       GtkWidget  *widget)
{
  Follow *follow = g_object_get_data (G_OBJECT (widget), FOLLOW_KEY);

  follow->func (widget, gtk_window_get_application (window));
}

void
lifeline_widget_follow_application (GtkWidget                     *widget,
                                    LifelineWidgetApplicationFunc  func)
{
  GtkRoot *root;
  Follow *follow;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root))
    return;

  follow = g_new0 (Follow, 1);
  follow->window = GTK_WINDOW (root);
  follow->func = func;
  follow->handler = g_signal_connect_object (root, "notify::application",
                                             G_CALLBACK (on_window_application), widget, 0);
  g_object_set_data_full (G_OBJECT (widget), FOLLOW_KEY, follow, follow_free);
  func (widget, gtk_window_get_application (follow->window));
}

void
lifeline_widget_unfollow_application (GtkWidget *widget)
{
  Follow *follow;
  LifelineWidgetApplicationFunc func;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  follow = g_object_get_data (G_OBJECT (widget), FOLLOW_KEY);
  if (follow == NULL)
    return;
  func = follow->func;
  g_object_set_data (G_OBJECT (widget), FOLLOW_KEY, NULL);
  func (widget, NULL);
}
