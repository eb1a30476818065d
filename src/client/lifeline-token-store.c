/* lifeline-token-store.c — the server token, kept in the keyring (libsecret)
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One secret per server address, in the Secret Service schema
 * io.github.lifelinehq.Lifeline.Token. Inside the Flatpak sandbox libsecret
 * goes through the secret portal by itself.
 */

#define G_LOG_DOMAIN "lifeline-token"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "lifeline-error.h"
#include "lifeline-token-store.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.lifelinehq.Lifeline.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Whatever libsecret says, the agent needs to know what to do. */
static GError *
keyring_error (GError *error)
{
  GError *out;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == SECRET_ERROR && error->code == SECRET_ERROR_IS_LOCKED)
    out = g_error_new (LIFELINE_ERROR, LIFELINE_ERROR_UNSUPPORTED,
                       _("The keyring is locked. Unlock it (log out and in again, or open Passwords and Keys), "
                         "then paste the token again."));
  else
    out = g_error_new (LIFELINE_ERROR, LIFELINE_ERROR_UNSUPPORTED,
                       /* Translators: %s is the technical reason */
                       _("No keyring is available to keep the token safe. Install and unlock GNOME Keyring "
                         "(or another Secret Service), then paste the token again. (%s)"),
                       error->message);
  return out;
}

static void
lookup_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_pointer (task, token, (GDestroyNotify)secret_password_free);
}

void
lifeline_token_store_lookup_async (const char          *server_url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, lifeline_token_store_lookup_async);
  secret_password_lookup (token_schema (), cancellable, lookup_done, task,
                          "server", server_url,
                          NULL);
}

char *
lifeline_token_store_lookup_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_autofree char *secret = NULL;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  secret = g_task_propagate_pointer (G_TASK (result), error);
  if (secret == NULL)
    return NULL;
  /* Out of libsecret's non-pageable memory, into a plain string. */
  return g_strstrip (g_strdup (secret));
}

static void
store_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (task) == (gpointer)lifeline_token_store_save_async &&
      g_task_get_task_data (task) != NULL)
    secret_password_clear_finish (result, &error);
  else
    secret_password_store_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
lifeline_token_store_save_async (const char          *server_url,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;

  g_task_set_source_tag (task, lifeline_token_store_save_async);

  if (token == NULL || *token == '\0')
    {
      /* Marks a clear, for store_done. */
      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      secret_password_clear (token_schema (), cancellable, store_done, task,
                             "server", server_url,
                             NULL);
      return;
    }

  /* Translators: the name of the secret in the keyring; %s is the server address */
  label = g_strdup_printf (_("Lifeline token for %s"), server_url);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_done, task,
                         "server", server_url,
                         NULL);
}

gboolean
lifeline_token_store_save_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
