/* lifeline-server-auth.h — bearer tokens and the per-token rate limit
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new random token: 32 bytes from the kernel's CSPRNG, base64url (43 characters). */
char     *lifeline_token_new  (GError     **error);
/* What the database keeps instead of the token: its SHA-256 in hex. */
char     *lifeline_token_hash (const char  *token);

/* A token bucket per key (a user id): @rate requests per second, bursts of
 * @burst. A rate of 0 lets everything through. */
typedef struct _LifelineRateLimiter LifelineRateLimiter;

LifelineRateLimiter *lifeline_rate_limiter_new  (double               rate,
                                                 double               burst);
void                 lifeline_rate_limiter_free (LifelineRateLimiter *self);
/* TRUE when a request may go ahead; otherwise the seconds to wait. */
gboolean             lifeline_rate_limiter_take (LifelineRateLimiter *self,
                                                 gint64               key,
                                                 gint64               now_usec,
                                                 guint               *retry_after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineRateLimiter, lifeline_rate_limiter_free)

G_END_DECLS
