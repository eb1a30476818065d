/* lifeline-server.h — the HTTP service: a GObject that owns a SoupServer
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define LIFELINE_TYPE_SERVER (lifeline_server_get_type ())

G_DECLARE_FINAL_TYPE (LifelineServer, lifeline_server, LIFELINE, SERVER, GObject)

LifelineServer *lifeline_server_new     (const char      *db_path,
                                         GError         **error);
/* Requests per second and burst per token; a rate of 0 turns the limit off. */
void            lifeline_server_set_rate_limit (LifelineServer *self,
                                                double          rate,
                                                double          burst);
gboolean        lifeline_server_listen  (LifelineServer  *self,
                                         const char      *address,
                                         guint            port,
                                         GTlsCertificate *certificate,
                                         GError         **error);
/* The URL it listens on, e.g. "http://127.0.0.1:43127/". */
char           *lifeline_server_get_url (LifelineServer  *self);
void            lifeline_server_stop    (LifelineServer  *self);

G_END_DECLS
