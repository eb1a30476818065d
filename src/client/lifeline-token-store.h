/* lifeline-token-store.h — the server token, kept in the keyring (libsecret)
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The token for @server_url (normalized), or NULL when none is stored. Fails
 * with a message a person can act on when no keyring (Secret Service) is
 * there. */
void      lifeline_token_store_lookup_async  (const char           *server_url,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char     *lifeline_token_store_lookup_finish (GAsyncResult         *result,
                                              GError              **error);

/* Stores @token for @server_url; an empty @token removes it. */
void      lifeline_token_store_save_async    (const char           *server_url,
                                              const char           *token,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean  lifeline_token_store_save_finish   (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
