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

G_END_DECLS
