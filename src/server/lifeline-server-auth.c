/* lifeline-server-auth.c — bearer tokens and the per-token rate limit
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server-auth"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <sys/random.h>

#include "lifeline-error.h"
#include "lifeline-server-auth.h"

#define TOKEN_BYTES 32

char *
lifeline_token_new (GError **error)
{
  guint8 bytes[TOKEN_BYTES];
  gsize got = 0;
  g_autofree char *b64 = NULL;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                       _("Could not get random bytes for a token: %s"), g_strerror (errsv));
          return NULL;
        }
      got += n;
    }

  /* base64url without padding: safe in a header and a shell. */
  b64 = g_base64_encode (bytes, sizeof bytes);
  memset (bytes, 0, sizeof bytes);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  return g_strndup (b64, strcspn (b64, "="));
}

char *
lifeline_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

typedef struct
{
  double tokens;
  gint64 last_usec;
} Bucket;

struct _LifelineRateLimiter
{
  double      rate;
  double      burst;
  GHashTable *buckets;    /* gint64 key → Bucket */
};

LifelineRateLimiter *
lifeline_rate_limiter_new (double rate,
                           double burst)
{
  LifelineRateLimiter *self = g_new0 (LifelineRateLimiter, 1);

  self->rate = MAX (rate, 0);
  self->burst = MAX (burst, 1);
  self->buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  return self;
}

void
lifeline_rate_limiter_free (LifelineRateLimiter *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->buckets);
  g_free (self);
}

static void
forget_full_buckets (LifelineRateLimiter *self,
                     gint64               now_usec)
{
  GHashTableIter iter;
  Bucket *bucket;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&bucket))
    {
      double refill = (now_usec - bucket->last_usec) / (double)G_USEC_PER_SEC * self->rate;

      if (bucket->tokens + refill >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
}

gboolean
lifeline_rate_limiter_take (LifelineRateLimiter *self,
                            gint64               key,
                            gint64               now_usec,
                            guint               *retry_after)
{
  Bucket *bucket;

  g_return_val_if_fail (self != NULL, TRUE);

  if (self->rate <= 0)
    return TRUE;

  bucket = g_hash_table_lookup (self->buckets, &key);
  if (bucket == NULL)
    {
      gint64 *k = g_new (gint64, 1);

      /* A full bucket says nothing a new one would not: keep the table small. */
      if (g_hash_table_size (self->buckets) > 10000)
        forget_full_buckets (self, now_usec);

      *k = key;
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->burst;
      bucket->last_usec = now_usec;
      g_hash_table_insert (self->buckets, k, bucket);
    }
  else if (now_usec > bucket->last_usec)
    {
      bucket->tokens = MIN (self->burst,
                            bucket->tokens + (now_usec - bucket->last_usec) / (double)G_USEC_PER_SEC * self->rate);
      bucket->last_usec = now_usec;
    }

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  if (retry_after != NULL)
    *retry_after = MAX (1, (guint)ceil ((1.0 - bucket->tokens) / self->rate));
  return FALSE;
}
