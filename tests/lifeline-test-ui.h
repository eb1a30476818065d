/* lifeline-test-ui.h — the real window for C tests, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*LifelineTestCondition) (gpointer data);

/* Registers @app (non-unique), activates it and returns the window it
 * opened; fails the test when there is none. */
GtkWidget *lifeline_test_start_window  (GApplication          *app);

/* The first widget of @type at or under @root, depth first, or NULL. */
GtkWidget *lifeline_test_find_widget   (GtkWidget             *root,
                                        GType                  type);

/* Spins the main loop until @condition (@data) holds, or 10 s have passed;
 * returns whether it holds. */
gboolean   lifeline_test_wait_until    (LifelineTestCondition  condition,
                                        gpointer               data);

/* Spins the main loop for @ms milliseconds (for screenshots only: let an
 * animation end; tests wait for conditions instead). */
void       lifeline_test_spin          (guint                  ms);

/* Waits until @widget is mapped and has been drawn. */
void       lifeline_test_wait_for_frame (GtkWidget            *widget);

/* With LIFELINE_SCREENSHOT_DIR set, saves the window as X shows it there
 * (`import`, ImageMagick) as @name; nothing otherwise. */
void       lifeline_test_screenshot    (GtkWidget             *window,
                                        const char            *name);

/* With LIFELINE_SCREENSHOT_DIR set, saves @window as GTK renders it there
 * as @name (PNG); nothing otherwise. */
void       lifeline_test_save_png      (GtkWidget             *window,
                                        const char            *name);

G_END_DECLS
