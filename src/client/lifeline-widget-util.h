/* lifeline-widget-util.h
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For the dispose of a templated GtkWidget subclass. Not
 * gtk_widget_dispose_template(): GTK 4.8's version unparents every bound
 * child, even those nested deep inside another child, which then fails (or
 * crashes) when that container disposes; and it leaves unbound direct
 * children behind. Unparenting the direct children is what a widget owes. */
void lifeline_widget_unparent_children (GtkWidget *widget);

/* Called with the application of a widget's window, NULL when it has none
 * or the widget left its window. */
typedef void (*LifelineWidgetApplicationFunc) (GtkWidget      *widget,
                                               GtkApplication *application);

/* For the root vfunc, after chaining up: calls @func with the application
 * of @widget's window now and each time it changes. */
void lifeline_widget_follow_application   (GtkWidget                     *widget,
                                           LifelineWidgetApplicationFunc  func);
/* For the unroot vfunc, before chaining up: stops following and calls the
 * function with NULL. */
void lifeline_widget_unfollow_application (GtkWidget                     *widget);

G_END_DECLS
