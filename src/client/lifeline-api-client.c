/* lifeline-api-client.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-api"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "lifeline-api-client.h"
#include "lifeline-core.h"

struct _LifelineApiClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *token;
};

G_DEFINE_FINAL_TYPE (LifelineApiClient, lifeline_api_client, G_TYPE_OBJECT)

void
lifeline_api_response_free (LifelineApiResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->etag);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

JsonObject *
lifeline_api_response_get_object (LifelineApiResponse *response)
{
  g_return_val_if_fail (response != NULL, NULL);

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  return json_node_get_object (response->json);
}

gboolean
lifeline_api_response_check (LifelineApiResponse  *response,
                             GError              **error)
{
  JsonObject *object;
  const char *message = NULL;

  g_return_val_if_fail (response != NULL, FALSE);

  if (response->status >= 200 && response->status < 300)
    return TRUE;

  object = lifeline_api_response_get_object (response);
  if (object != NULL && json_object_has_member (object, "error"))
    {
      JsonNode *node = json_object_get_member (object, "error");

      if (JSON_NODE_HOLDS_OBJECT (node))
        message = json_object_get_string_member_with_default (json_node_get_object (node), "message", NULL);
    }

  switch (response->status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      if (message != NULL)
        g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                     _("The server did not accept your token: %s"), message);
      else
        g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                             _("The server did not accept your token; check it in Preferences."));
      break;
    case SOUP_STATUS_FORBIDDEN:
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("Only a team lead can do this. Ask your administrator for a lead token."));
      break;
    case SOUP_STATUS_PRECONDITION_FAILED:
    case SOUP_STATUS_CONFLICT:
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT, "%s",
                   message ? message : _("Someone else changed this in the meantime."));
      break;
    case SOUP_STATUS_NOT_FOUND:
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND, "%s",
                   message ? message : _("The server has no such item."));
      break;
    default:
      if (message != NULL)
        g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID, "%s", message);
      else
        g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                     _("The server answered %u; try again in a moment."), response->status);
      break;
    }
  return FALSE;
}

static void
lifeline_api_client_finalize (GObject *object)
{
  LifelineApiClient *self = (LifelineApiClient *)object;

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->token);

  G_OBJECT_CLASS (lifeline_api_client_parent_class)->finalize (object);
}

static void
lifeline_api_client_class_init (LifelineApiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_api_client_finalize;
}

static void
lifeline_api_client_init (LifelineApiClient *self)
{
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "user-agent", "Lifeline/" PACKAGE_VERSION " ",
                                                 NULL);
}

LifelineApiClient *
lifeline_api_client_new (const char *base_url,
                         const char *token)
{
  LifelineApiClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (LIFELINE_TYPE_API_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->token = g_strdup (token);
  return self;
}

const char *
lifeline_api_client_get_base_url (LifelineApiClient *self)
{
  g_return_val_if_fail (LIFELINE_IS_API_CLIENT (self), NULL);
  return self->base_url;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LifelineApiResponse) response = NULL;
  SoupMessage *msg = g_task_get_task_data (task);
  const char *etag;
  gsize size;
  const char *data;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("Could not reach the server: %s"), error->message);
      return;
    }

  response = g_new0 (LifelineApiResponse, 1);
  response->status = soup_message_get_status (msg);
  etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");
  if (etag != NULL)
    {
      if (g_str_has_prefix (etag, "W/"))
        etag += 2;
      response->etag = g_strdup (etag);
      if (response->etag[0] == '"')
        {
          gsize len = strlen (response->etag);

          memmove (response->etag, response->etag + 1, len);
          if (len >= 2 && response->etag[len - 2] == '"')
            response->etag[len - 2] = '\0';
        }
    }
  data = g_bytes_get_data (bytes, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, size, NULL))
        response->json = json_node_ref (json_parser_get_root (parser));
    }
  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify)lifeline_api_response_free);
}

void
lifeline_api_client_request_async (LifelineApiClient    *self,
                                   const char           *method,
                                   const char           *path,
                                   JsonNode             *body,
                                   const char           *if_match,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *msg;

  g_return_if_fail (LIFELINE_IS_API_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lifeline_api_client_request_async);

  url = g_strconcat (self->base_url, path, NULL);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                               _("“%s” is not a server address Lifeline can use."), url);
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL && *self->token != '\0')
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (if_match != NULL)
    {
      g_autofree char *quoted = g_str_equal (if_match, "*") ? g_strdup ("*")
                                                           : g_strdup_printf ("\"%s\"", if_match);

      soup_message_headers_replace (headers, "If-Match", quoted);
    }
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_sent, g_steal_pointer (&task));
}

LifelineApiResponse *
lifeline_api_client_request_finish (LifelineApiClient  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (LIFELINE_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
