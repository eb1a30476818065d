/* lifeline-test-ui.c — the real window for C tests, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-test"

#include "config.h"

#include <glib/gstdio.h>

#include "lifeline-test-ui.h"

GtkWidget *
lifeline_test_start_window (GApplication *app)
{
  g_autoptr(GError) error = NULL;
  gboolean registered;
  GtkWindow *window;

  g_application_set_flags (app, G_APPLICATION_NON_UNIQUE);
  registered = g_application_register (app, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (registered);
  g_application_activate (app);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  return GTK_WIDGET (window);
}

GtkWidget *
lifeline_test_find_widget (GtkWidget *root,
                           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = lifeline_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
lifeline_test_wait_until (LifelineTestCondition condition,
                          gpointer              data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, on_timeout, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

void
lifeline_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
lifeline_test_wait_for_frame (GtkWidget *widget)
{
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (widget); i++)
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (widget);
}

void
lifeline_test_screenshot (GtkWidget  *window,
                          const char *name)
{
  const char *dir = g_getenv ("LIFELINE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  GdkSurface *surface;
  int status = 0;

  if (dir == NULL || *dir == '\0')
    return;

  /* Let page transitions end and the last change paint. */
  lifeline_test_spin (600);
  gtk_test_widget_wait_for_draw (window);

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  /* No window manager under Xvfb: every window sits at 0,0. */
  command = g_strdup_printf ("import -window root -crop %dx%d+0+0 +repage %s",
                             gdk_surface_get_width (surface), gdk_surface_get_height (surface), path);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_printerr ("# screenshot %s\n", path);
}

void
lifeline_test_save_png (GtkWidget  *window,
                        const char *name)
{
  const char *dir = g_getenv ("LIFELINE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width, height;

  if (dir == NULL || *dir == '\0')
    return;

  gtk_test_widget_wait_for_draw (window);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_printerr ("# screenshot %s (%dx%d)\n", path, width, height);
}
