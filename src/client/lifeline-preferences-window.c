/* lifeline-preferences-window.c — the team server: address, token, test
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The address goes to GSettings ("server-url"), the token to the keyring
 * (lifeline-token-store.c), never to a file. "Test Connection" asks the
 * server who it thinks the token belongs to (GET /api/v1/me).
 */

#define G_LOG_DOMAIN "lifeline-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-preferences-window.h"
#include "lifeline-sync-settings.h"
#include "lifeline-token-store.h"

struct _LifelinePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *url_row;
  AdwEntryRow          *token_row;
  AdwActionRow         *connection_row;
  AdwActionRow         *queue_row;
  GtkSpinner           *spinner;

  GSettings            *settings;
  LifelineSyncEngine   *engine;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (LifelinePreferencesWindow, lifeline_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
set_connection (LifelinePreferencesWindow *self,
                const char                *text,
                gboolean                   problem)
{
  adw_action_row_set_subtitle (self->connection_row, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->connection_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->connection_row), "error");
}

static void
update_queue (LifelinePreferencesWindow *self)
{
  guint pending = lifeline_sync_engine_get_pending (self->engine);
  guint rejected = lifeline_sync_engine_get_rejected (self->engine);
  g_autofree char *text = NULL;

  if (rejected > 0)
    /* Translators: the first %u is how many items wait, the second how many the server refused */
    text = g_strdup_printf (_("%u waiting, %u refused by the server"), pending, rejected);
  else if (pending > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", pending), pending);
  else
    text = g_strdup (_("Nothing"));
  adw_action_row_set_subtitle (self->queue_row, text);
}

static void
on_token_looked_up (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LifelinePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = lifeline_token_store_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    set_connection (self, error->message, TRUE);
  else if (token != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->token_row), token);
}

static char *
current_url (LifelinePreferencesWindow  *self,
             GError                    **error)
{
  return lifeline_sync_normalize_url (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), error);
}

static void
on_token_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LifelinePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lifeline_token_store_save_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_connection (self, error->message, TRUE);
      return;
    }

  set_connection (self, _("Token saved in the keyring"), FALSE);
  lifeline_sync_settings_reload (self->engine);
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.test-connection", NULL);
}

static void
save_token (LifelinePreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = current_url (self, &error);
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));

  if (url == NULL)
    {
      set_connection (self, error->message, TRUE);
      return;
    }

  lifeline_token_store_save_async (url, token, self->cancellable, on_token_saved, g_object_ref (self));
}

static void
on_url_apply (LifelinePreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (*stripped == '\0')
    {
      /* Empty: standalone. */
      g_settings_set_string (self->settings, "server-url", "");
      set_connection (self, _("No server: everything stays on this computer"), FALSE);
      return;
    }

  url = lifeline_sync_normalize_url (text, &error);
  if (url == NULL)
    {
      set_connection (self, error->message, TRUE);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  g_settings_set_string (self->settings, "server-url", url);
  /* The token belongs to an address: keep it with the new one. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->token_row)) != '\0')
    save_token (self);
}

static void
on_token_apply (LifelinePreferencesWindow *self)
{
  save_token (self);
}

static void
on_tested (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LifelinePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;

  if (!lifeline_sync_engine_test_connection_finish (LIFELINE_SYNC_ENGINE (object), result, &name, &role, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_connection (self, error->message, TRUE);
    }
  else
    {
      const char *role_label = g_strcmp0 (role, "lead") == 0 ? _("team lead")
                             : g_strcmp0 (role, "agent") == 0 ? _("agent")
                             : role;
      /* Translators: the first %s is a user name, the second a role ("agent", "team lead") */
      g_autofree char *text = g_strdup_printf (_("Signed in as %s (%s)"), name, role_label);

      set_connection (self, text, FALSE);
    }

  gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test-connection", TRUE);
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LifelinePreferencesWindow *self = LIFELINE_PREFERENCES_WINDOW (widget);

  set_connection (self, _("Asking the server…"), FALSE);
  gtk_spinner_start (self->spinner);
  gtk_widget_action_set_enabled (widget, "prefs.test-connection", FALSE);
  lifeline_sync_engine_test_connection_async (self->engine,
                                              gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                              self->cancellable, on_tested, g_object_ref (self));
}

static void
lifeline_preferences_window_dispose (GObject *object)
{
  LifelinePreferencesWindow *self = (LifelinePreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);


  G_OBJECT_CLASS (lifeline_preferences_window_parent_class)->dispose (object);
}

/* libadwaita 1.2's password row names its show/hide button by a tooltip
 * alone, which GTK 4.8 gives a screen reader as the description, not the
 * name: the tooltip becomes the name too, and follows it. */
static void
name_from_tooltip (GtkWidget  *button,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
name_icon_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))))
        {
          name_from_tooltip (child, NULL, NULL);
          g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (name_from_tooltip), NULL);
        }
      name_icon_buttons (child);
    }
}

static void
lifeline_preferences_window_class_init (LifelinePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelinePreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, LifelinePreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, LifelinePreferencesWindow, connection_row);
  gtk_widget_class_bind_template_child (widget_class, LifelinePreferencesWindow, queue_row);
  gtk_widget_class_bind_template_child (widget_class, LifelinePreferencesWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_token_apply);

  gtk_widget_class_install_action (widget_class, "prefs.test-connection", NULL, test_connection_action);
}

static void
lifeline_preferences_window_init (LifelinePreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  name_icon_buttons (GTK_WIDGET (self->token_row));
}

LifelinePreferencesWindow *
lifeline_preferences_window_new (GtkWindow          *parent,
                                 GSettings          *settings,
                                 LifelineSyncEngine *engine)
{
  LifelinePreferencesWindow *self;
  g_autofree char *url = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (LIFELINE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       /* For app.sync-now. */
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->settings = g_object_ref (settings);
  self->engine = g_object_ref (engine);

  url = g_settings_get_string (settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  if (*url != '\0')
    {
      g_autofree char *normalized = lifeline_sync_normalize_url (url, NULL);

      if (normalized != NULL)
        lifeline_token_store_lookup_async (normalized, self->cancellable, on_token_looked_up,
                                           g_object_ref (self));
    }
  else
    set_connection (self, _("No server: everything stays on this computer"), FALSE);

  g_signal_connect_object (engine, "notify::pending", G_CALLBACK (update_queue), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::rejected", G_CALLBACK (update_queue), self, G_CONNECT_SWAPPED);
  update_queue (self);

  return self;
}
