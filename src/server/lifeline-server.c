/* lifeline-server.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-core.h"
#include "lifeline-server.h"

struct _LifelineServer
{
  GObject     parent_instance;
  SoupServer *soup;
  char       *db_path;
};

G_DEFINE_FINAL_TYPE (LifelineServer, lifeline_server, G_TYPE_OBJECT)

static void
send_json (SoupServerMessage *msg,
           guint              status,
           JsonNode          *node)
{
  g_autofree char *body = lifeline_wire_to_string (node, FALSE);
  gsize len = strlen (body);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), len);
}

static void
handle_healthz (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  send_json (msg, SOUP_STATUS_OK, node);
}

static void
lifeline_server_dispose (GObject *object)
{
  LifelineServer *self = (LifelineServer *)object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (lifeline_server_parent_class)->dispose (object);
}

static void
lifeline_server_finalize (GObject *object)
{
  LifelineServer *self = (LifelineServer *)object;

  g_free (self->db_path);

  G_OBJECT_CLASS (lifeline_server_parent_class)->finalize (object);
}

static void
lifeline_server_class_init (LifelineServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lifeline_server_dispose;
  object_class->finalize = lifeline_server_finalize;
}

static void
lifeline_server_init (LifelineServer *self)
{
}

LifelineServer *
lifeline_server_new (const char  *db_path,
                     GError     **error)
{
  g_autoptr(LifelineServer) self = g_object_new (LIFELINE_TYPE_SERVER, NULL);

  self->db_path = g_strdup (db_path);
  self->soup = soup_server_new ("server-header", "lifeline-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, "/healthz", handle_healthz, self, NULL);

  return g_steal_pointer (&self);
}

gboolean
lifeline_server_listen (LifelineServer   *self,
                        const char       *address,
                        guint             port,
                        GTlsCertificate  *certificate,
                        GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (LIFELINE_IS_SERVER (self), FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address (use 127.0.0.1, 0.0.0.0 or ::)"), address);
      return FALSE;
    }

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  sockaddr = g_inet_socket_address_new (inet, port);
  return soup_server_listen (self->soup, sockaddr, options, error);
}

char *
lifeline_server_get_url (LifelineServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (LIFELINE_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return url;
}

void
lifeline_server_stop (LifelineServer *self)
{
  g_return_if_fail (LIFELINE_IS_SERVER (self));

  soup_server_disconnect (self->soup);
}
