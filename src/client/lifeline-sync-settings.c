/* lifeline-sync-settings.c — points the sync engine at the server the agent set up
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine itself knows nothing of GSettings or the keyring, so that tests
 * and tools can run it with an address and a token of their own.
 */

#define G_LOG_DOMAIN "lifeline-sync"

#include "config.h"

#include "lifeline-sync-settings.h"
#include "lifeline-token-store.h"

typedef struct
{
  GSettings    *settings;
  GCancellable *cancellable;
  gulong        changed_id;
} Binding;

static void
binding_free (Binding *binding)
{
  g_cancellable_cancel (binding->cancellable);
  g_clear_object (&binding->cancellable);
  g_clear_signal_handler (&binding->changed_id, binding->settings);
  g_clear_object (&binding->settings);
  g_free (binding);
}

typedef struct
{
  GWeakRef  engine;
  char     *url;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_weak_ref_clear (&lookup->engine);
  g_free (lookup->url);
  g_free (lookup);
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(LifelineSyncEngine) engine = g_weak_ref_get (&lookup->engine);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = lifeline_token_store_lookup_finish (result, &error);

  if (engine != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      else if (token == NULL)
        g_message ("No token is stored for %s; the server will ask for one", lookup->url);
      /* Without a token the server answers 401, and the banner says what to do. */
      lifeline_sync_engine_set_server (engine, lookup->url, token);
    }

  lookup_free (lookup);
}

void
lifeline_sync_settings_reload (LifelineSyncEngine *engine)
{
  Binding *binding;
  g_autofree char *url = NULL;
  g_autofree char *normalized = NULL;
  Lookup *lookup;

  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (engine));

  binding = g_object_get_data (G_OBJECT (engine), "lifeline-sync-settings");
  if (binding == NULL)
    return;

  g_cancellable_cancel (binding->cancellable);
  g_clear_object (&binding->cancellable);
  binding->cancellable = g_cancellable_new ();

  url = g_settings_get_string (binding->settings, "server-url");
  if (*url != '\0')
    {
      g_autoptr(GError) error = NULL;

      normalized = lifeline_sync_normalize_url (url, &error);
      if (normalized == NULL)
        g_warning ("%s", error->message);
    }

  if (normalized == NULL)
    {
      lifeline_sync_engine_set_server (engine, NULL, NULL);
      return;
    }

  lookup = g_new0 (Lookup, 1);
  g_weak_ref_init (&lookup->engine, engine);
  lookup->url = g_steal_pointer (&normalized);
  lifeline_token_store_lookup_async (lookup->url, binding->cancellable, on_token, lookup);
}

static void
on_server_url_changed (GSettings          *settings,
                       const char         *key,
                       LifelineSyncEngine *engine)
{
  lifeline_sync_settings_reload (engine);
}

void
lifeline_sync_settings_bind (LifelineSyncEngine *engine,
                             GSettings          *settings)
{
  Binding *binding;

  g_return_if_fail (LIFELINE_IS_SYNC_ENGINE (engine));
  g_return_if_fail (G_IS_SETTINGS (settings));

  binding = g_new0 (Binding, 1);
  binding->settings = g_object_ref (settings);
  binding->cancellable = g_cancellable_new ();
  binding->changed_id = g_signal_connect (settings, "changed::server-url",
                                          G_CALLBACK (on_server_url_changed), engine);
  g_object_set_data_full (G_OBJECT (engine), "lifeline-sync-settings", binding,
                          (GDestroyNotify)binding_free);
  lifeline_sync_settings_reload (engine);
}
