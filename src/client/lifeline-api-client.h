/* lifeline-api-client.h — one request to lifeline-server, for the lead tools
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What the server answered: any HTTP status (the caller decides what a 412
 * means), the ETag without its quotes (or NULL), and the parsed JSON body
 * (or NULL when there was none). */
typedef struct
{
  guint     status;
  char     *etag;
  JsonNode *json;
} LifelineApiResponse;

void        lifeline_api_response_free        (LifelineApiResponse  *response);
/* The object at the top of the body, or NULL. */
JsonObject *lifeline_api_response_get_object  (LifelineApiResponse  *response);
/* FALSE with the server's error message (LIFELINE_ERROR) unless 2xx. */
gboolean    lifeline_api_response_check       (LifelineApiResponse  *response,
                                               GError              **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineApiResponse, lifeline_api_response_free)

#define LIFELINE_TYPE_API_CLIENT (lifeline_api_client_get_type ())

G_DECLARE_FINAL_TYPE (LifelineApiClient, lifeline_api_client, LIFELINE, API_CLIENT, GObject)

/* @base_url as lifeline_sync_normalize_url() gives it; @token the bearer. */
LifelineApiClient   *lifeline_api_client_new            (const char           *base_url,
                                                         const char           *token);
const char          *lifeline_api_client_get_base_url   (LifelineApiClient    *self);

/* @path starts with "/api/v1/". @body is sent as JSON when not NULL;
 * @if_match (an ETag without quotes, or "*") goes into If-Match. Network
 * failures are errors; every HTTP answer is a response. */
void                 lifeline_api_client_request_async  (LifelineApiClient    *self,
                                                         const char           *method,
                                                         const char           *path,
                                                         JsonNode             *body,
                                                         const char           *if_match,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
LifelineApiResponse *lifeline_api_client_request_finish (LifelineApiClient    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
