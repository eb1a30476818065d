/* lifeline-application.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-application.h"
#include "lifeline-core.h"
#include "lifeline-window.h"

struct _LifelineApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  char           *db_path;
};

G_DEFINE_FINAL_TYPE (LifelineApplication, lifeline_application, ADW_TYPE_APPLICATION)

LifelineApplication *
lifeline_application_new (void)
{
  return g_object_new (LIFELINE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

static void
lifeline_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (lifeline_window_new (LIFELINE_APPLICATION (app)));

  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "Lifeline developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (window,
                         "application-name", _("Lifeline"),
                         "application-icon", APP_ID,
                         "developer-name", _("Lifeline developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/lifelinehq/lifeline",
                         "issue-url", "https://github.com/lifelinehq/lifeline/issues",
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 Lifeline developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
lifeline_application_startup (GApplication *app)
{
  LifelineApplication *self = LIFELINE_APPLICATION (app);
  static const char *quit_accels[] = { "<primary>q", NULL };

  G_APPLICATION_CLASS (lifeline_application_parent_class)->startup (app);

  self->settings = g_settings_new (BASE_APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
lifeline_application_finalize (GObject *object)
{
  LifelineApplication *self = (LifelineApplication *)object;

  g_clear_object (&self->settings);
  g_free (self->db_path);

  G_OBJECT_CLASS (lifeline_application_parent_class)->finalize (object);
}

static void
lifeline_application_class_init (LifelineApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lifeline_application_finalize;
  app_class->activate = lifeline_application_activate;
  app_class->startup = lifeline_application_startup;
}

static void
lifeline_application_init (LifelineApplication *self)
{
  self->db_path = lifeline_get_client_db_path ();
}

GSettings *
lifeline_application_get_settings (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->settings;
}

const char *
lifeline_application_get_db_path (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->db_path;
}
