/* lifeline-vocab.c — the index's words in memory: spelling, completion, statistics
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spelling uses deletion neighbourhoods (the idea behind SymSpell): every
 * word of the index is filed under each string it becomes with one
 * character deleted. A typed word's own one-deletion strings, looked up in
 * that file and among the words, find every word one insertion, deletion,
 * substitution or transposition away, and the two-edit ones that differ by
 * one edit on each side, with a few hash look-ups instead of a scan of the
 * vocabulary. The candidates are then checked with the real
 * Damerau-Levenshtein (optimal string alignment) distance. The file is
 * built on the first misspelling, in about 100 ms for 100,000 words.
 */

#define G_LOG_DOMAIN "lifeline-search"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-vocab.h"

typedef struct
{
  int df;
  int hdf;
} StemStat;

typedef struct
{
  guint32 hash;
  guint32 index;
} Deletion;

struct _LifelineVocab
{
  GArray       *words;        /* LifelineVocabWord, in byte order */
  GStringChunk *strings;
  GHashTable   *by_word;      /* word → index + 1 */
  GHashTable   *stems;        /* stem → StemStat */
  GArray       *deletions;    /* Deletion, by hash; built on first use */
  GHashTable   *prefix_df;    /* "h:prefix" → gint64 */
  GHashTable   *completions;  /* "h:max:prefix" → GPtrArray */
};

void
lifeline_vocab_free (LifelineVocab *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->words, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->by_word, g_hash_table_unref);
  g_clear_pointer (&self->stems, g_hash_table_unref);
  g_clear_pointer (&self->deletions, g_array_unref);
  g_clear_pointer (&self->prefix_df, g_hash_table_unref);
  g_clear_pointer (&self->completions, g_hash_table_unref);
  g_free (self);
}

LifelineVocab *
lifeline_vocab_load (sqlite3  *handle,
                     GError  **error)
{
  LifelineVocab *self = g_new0 (LifelineVocab, 1);
  sqlite3_stmt *stmt = NULL;
  int rc;

  self->words = g_array_new (FALSE, FALSE, sizeof (LifelineVocabWord));
  self->strings = g_string_chunk_new (64 * 1024);
  self->by_word = g_hash_table_new (g_str_hash, g_str_equal);
  self->stems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->prefix_df = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->completions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify)g_ptr_array_unref);

  if (sqlite3_prepare_v2 (handle, "SELECT word, stem, df, hdf FROM kb_vocab WHERE df > 0 ORDER BY word",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
                   _("Could not read the search vocabulary: %s"), sqlite3_errmsg (handle));
      lifeline_vocab_free (self);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LifelineVocabWord w;

      w.word = g_string_chunk_insert (self->strings, (const char *)sqlite3_column_text (stmt, 0));
      w.stem = g_string_chunk_insert_const (self->strings, (const char *)sqlite3_column_text (stmt, 1));
      w.df = sqlite3_column_int (stmt, 2);
      w.hdf = sqlite3_column_int (stmt, 3);
      g_array_append_val (self->words, w);
      g_hash_table_insert (self->by_word, w.word, GUINT_TO_POINTER (self->words->len));

    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE &&
      sqlite3_prepare_v2 (handle, "SELECT stem, df, hdf FROM kb_stems WHERE df > 0", -1, &stmt, NULL) == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          StemStat *stat = g_new0 (StemStat, 1);

          stat->df = sqlite3_column_int (stmt, 1);
          stat->hdf = sqlite3_column_int (stmt, 2);
          g_hash_table_insert (self->stems,
                               g_string_chunk_insert_const (self->strings, (const char *)sqlite3_column_text (stmt, 0)),
                               stat);
        }
      sqlite3_finalize (stmt);
    }

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
                   _("Could not read the search vocabulary: %s"), sqlite3_errmsg (handle));
      lifeline_vocab_free (self);
      return NULL;
    }

  return self;
}

guint
lifeline_vocab_size (LifelineVocab *self)
{
  return self->words->len;
}

static inline LifelineVocabWord *
word_at (LifelineVocab *self,
         guint          i)
{
  return &g_array_index (self->words, LifelineVocabWord, i);
}

const LifelineVocabWord *
lifeline_vocab_lookup (LifelineVocab *self,
                       const char    *word)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_word, word));

  return i ? word_at (self, i - 1) : NULL;
}

int
lifeline_vocab_stem_df (LifelineVocab *self,
                        const char    *stem,
                        gboolean       head)
{
  StemStat *stat = g_hash_table_lookup (self->stems, stem);

  return stat ? (head ? stat->hdf : stat->df) : 0;
}

/* First index whose word is >= @key (compared on its first @n bytes). */
static guint
lower_bound (LifelineVocab *self,
             const char    *key,
             gsize          n)
{
  guint lo = 0, hi = self->words->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strncmp (word_at (self, mid)->word, key, n) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
prefix_range (LifelineVocab *self,
              const char    *prefix,
              guint         *first,
              guint         *last)
{
  gsize n = strlen (prefix);
  guint lo = lower_bound (self, prefix, n);
  guint hi = lo;

  /* Words that start with the prefix compare equal on its n bytes. */
  {
    guint a = lo, b = self->words->len;

    while (a < b)
      {
        guint mid = a + (b - a) / 2;

        if (strncmp (word_at (self, mid)->word, prefix, n) <= 0)
          a = mid + 1;
        else
          b = mid;
      }
    hi = a;
  }

  *first = lo;
  *last = hi;
}

static gint64
range_df (LifelineVocab *self,
          guint          first,
          guint          last,
          gboolean       head)
{
  gint64 sum = 0;

  for (guint i = first; i < last; i++)
    sum += head ? word_at (self, i)->hdf : word_at (self, i)->df;
  return sum;
}

gint64
lifeline_vocab_prefix_df (LifelineVocab *self,
                          const char    *prefix,
                          gboolean       head)
{
  g_autofree char *key = g_strdup_printf ("%c%s", head ? 'h' : 'f', prefix);
  gint64 *cached = g_hash_table_lookup (self->prefix_df, key);
  guint first, last;

  if (cached != NULL)
    return *cached;

  prefix_range (self, prefix, &first, &last);
  cached = g_new (gint64, 1);
  *cached = range_df (self, first, last, head);
  g_hash_table_insert (self->prefix_df, g_steal_pointer (&key), cached);
  return *cached;
}

GPtrArray *
lifeline_vocab_complete (LifelineVocab *self,
                         const char    *prefix,
                         guint          max,
                         gboolean       head)
{
  g_autofree char *key = g_strdup_printf ("%c%u:%s", head ? 'h' : 'f', max, prefix);
  GPtrArray *out = g_hash_table_lookup (self->completions, key);
  guint first, last;

  if (out != NULL)
    return g_ptr_array_ref (out);

  out = g_ptr_array_new ();
  prefix_range (self, prefix, &first, &last);
  for (guint i = first; i < last; i++)
    {
      LifelineVocabWord *w = word_at (self, i);
      int f = head ? w->hdf : w->df;
      guint pos = out->len;

      if (head && f == 0)
        continue;
      while (pos > 0)
        {
          LifelineVocabWord *o = g_ptr_array_index (out, pos - 1);

          if ((head ? o->hdf : o->df) >= f)
            break;
          pos--;
        }
      if (pos >= max)
        continue;
      g_ptr_array_insert (out, pos, w);
      if (out->len > max)
        g_ptr_array_set_size (out, max);
    }

  g_hash_table_insert (self->completions, g_steal_pointer (&key), g_ptr_array_ref (out));
  return out;
}

/* Spelling ---------------------------------------------------------------------- */

static guint32
hash_bytes (const char *s,
            gsize       n)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < n; i++)
    {
      h ^= (guchar)s[i];
      h *= 16777619u;
    }
  return h;
}

/* Hash of @word with the character at [skip, skip + skip_len) left out. */
static guint32
hash_without (const char *word,
              gsize       len,
              gsize       skip,
              gsize       skip_len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    {
      if (i >= skip && i < skip + skip_len)
        continue;
      h ^= (guchar)word[i];
      h *= 16777619u;
    }
  return h;
}

static int
compare_deletion (gconstpointer a,
                  gconstpointer b)
{
  guint32 ha = ((const Deletion *)a)->hash, hb = ((const Deletion *)b)->hash;

  return ha < hb ? -1 : ha > hb;
}

static void
ensure_deletions (LifelineVocab *self)
{
  if (self->deletions != NULL)
    return;

  self->deletions = g_array_sized_new (FALSE, FALSE, sizeof (Deletion), self->words->len * 8);
  for (guint i = 0; i < self->words->len; i++)
    {
      const char *word = word_at (self, i)->word;
      gsize len = strlen (word);

      if (len < 3 || len > 32)
        continue;
      for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
        {
          gsize clen = g_utf8_next_char (p) - p;
          Deletion d = { hash_without (word, len, p - word, clen), i };

          g_array_append_val (self->deletions, d);
        }
    }
  g_array_sort (self->deletions, compare_deletion);
}

static void
add_deletion_matches (LifelineVocab *self,
                      guint32        hash,
                      GHashTable    *out)
{
  guint lo = 0, hi = self->deletions->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->deletions, Deletion, mid).hash < hash)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < self->deletions->len; i++)
    {
      Deletion *d = &g_array_index (self->deletions, Deletion, i);

      if (d->hash != hash)
        break;
      g_hash_table_add (out, GUINT_TO_POINTER (d->index + 1));
    }
}

static void
add_word_match (LifelineVocab *self,
                const char    *word,
                gsize          len,
                gsize          skip,
                gsize          skip_len,
                GHashTable    *out)
{
  g_autofree char *variant = g_malloc (len + 1);
  guint i;

  memcpy (variant, word, skip);
  memcpy (variant + skip, word + skip + skip_len, len - skip - skip_len);
  variant[len - skip_len] = '\0';
  i = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_word, variant));
  if (i)
    g_hash_table_add (out, GUINT_TO_POINTER (i));
}

int
lifeline_edit_distance (const char *a,
                        const char *b,
                        int         max)
{
  glong la, lb;
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, &la);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, &lb);
  g_autofree int *d = NULL;
  int w = lb + 1;

  if (ABS (la - lb) > max)
    return max + 1;

  d = g_new (int, (la + 1) * (lb + 1));
  for (int i = 0; i <= la; i++)
    d[i * w] = i;
  for (int j = 0; j <= lb; j++)
    d[j] = j;
  for (int i = 1; i <= la; i++)
    {
      int row_min = G_MAXINT;

      for (int j = 1; j <= lb; j++)
        {
          int cost = ua[i - 1] == ub[j - 1] ? 0 : 1;
          int v = MIN (MIN (d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1), d[(i - 1) * w + j - 1] + cost);

          if (i > 1 && j > 1 && ua[i - 1] == ub[j - 2] && ua[i - 2] == ub[j - 1])
            v = MIN (v, d[(i - 2) * w + j - 2] + 1);
          d[i * w + j] = v;
          row_min = MIN (row_min, v);
        }
      if (row_min > max)
        return max + 1;
    }
  return d[la * w + lb];
}

typedef struct
{
  LifelineVocabWord *word;
  int                distance;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->distance != cb->distance)
    return ca->distance - cb->distance;
  return cb->word->df - ca->word->df;
}

GPtrArray *
lifeline_vocab_correct (LifelineVocab *self,
                        const char    *word,
                        int            max_distance,
                        guint          max,
                        GArray        *distances)
{
  g_autoptr(GHashTable) found = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  GPtrArray *out = g_ptr_array_new ();
  gsize len = strlen (word);
  GHashTableIter iter;
  gpointer key;

  if (len < 3 || len > 32)
    return out;

  ensure_deletions (self);

  /* The typed word lacks a character, or has one more, or one different. */
  add_deletion_matches (self, hash_bytes (word, len), found);
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize clen = g_utf8_next_char (p) - p;

      add_word_match (self, word, len, p - word, clen, found);
      add_deletion_matches (self, hash_without (word, len, p - word, clen), found);
    }

  /* Two characters too many. */
  if (max_distance >= 2)
    {
      for (gsize i = 0; i + 1 < len; i++)
        for (gsize j = i + 1; j < len; j++)
          {
            g_autofree char *variant = g_malloc (len);
            gsize k = 0;
            guint idx;

            for (gsize c = 0; c < len; c++)
              if (c != i && c != j)
                variant[k++] = word[c];
            variant[k] = '\0';
            idx = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_word, variant));
            if (idx)
              g_hash_table_add (found, GUINT_TO_POINTER (idx));
          }
    }

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      LifelineVocabWord *w = word_at (self, GPOINTER_TO_UINT (key) - 1);
      Candidate c = { w, lifeline_edit_distance (word, w->word, max_distance) };

      if (c.distance <= max_distance && c.distance > 0)
        g_array_append_val (candidates, c);
    }
  g_array_sort (candidates, compare_candidates);

  for (guint i = 0; i < candidates->len && out->len < max; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);

      g_ptr_array_add (out, c->word);
      if (distances != NULL)
        g_array_append_val (distances, c->distance);
    }
  return out;
}

typedef struct
{
  char   *prefix;
  gint64  df;
} PrefixFix;

static void
try_prefix (LifelineVocab *self,
            const char    *variant,
            GArray        *fixes)
{
  guint first, last;
  PrefixFix fix;

  prefix_range (self, variant, &first, &last);
  if (first == last)
    return;
  for (guint i = 0; i < fixes->len; i++)
    if (strcmp (g_array_index (fixes, PrefixFix, i).prefix, variant) == 0)
      return;
  fix.prefix = g_strdup (variant);
  fix.df = range_df (self, first, MIN (last, first + 2000), FALSE);
  g_array_append_val (fixes, fix);
}

static int
compare_fix (gconstpointer a,
             gconstpointer b)
{
  const PrefixFix *fa = a, *fb = b;

  if (fa->df != fb->df)
    return fa->df < fb->df ? 1 : -1;
  /* Longer is more specific: a deletion only widens the prefix. */
  return (int)strlen (fb->prefix) - (int)strlen (fa->prefix);
}

GStrv
lifeline_vocab_correct_prefix (LifelineVocab *self,
                               const char    *prefix,
                               guint          max)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  gsize len = strlen (prefix);
  g_autofree char *buf = g_malloc (len + 2);
  g_autoptr(GArray) fixes = g_array_new (FALSE, FALSE, sizeof (PrefixFix));
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  guint first, last;

  if (len < 3 || len > 32)
    return NULL;
  prefix_range (self, prefix, &first, &last);
  if (first != last)
    return NULL;

  for (gsize i = 0; i < len; i++)
    {
      /* deletion */
      memcpy (buf, prefix, i);
      memcpy (buf + i, prefix + i + 1, len - i - 1);
      buf[len - 1] = '\0';
      try_prefix (self, buf, fixes);

      /* transposition */
      if (i + 1 < len)
        {
          memcpy (buf, prefix, len + 1);
          buf[i] = prefix[i + 1];
          buf[i + 1] = prefix[i];
          try_prefix (self, buf, fixes);
        }

      /* substitution */
      for (const char *a = alphabet; *a != '\0'; a++)
        {
          if (*a == prefix[i])
            continue;
          memcpy (buf, prefix, len + 1);
          buf[i] = *a;
          try_prefix (self, buf, fixes);
        }
    }

  /* insertion (not at the end: that is only a longer prefix) */
  for (gsize i = 0; i < len; i++)
    for (const char *a = alphabet; *a != '\0'; a++)
      {
        memcpy (buf, prefix, i);
        buf[i] = *a;
        memcpy (buf + i + 1, prefix + i, len - i + 1);
        try_prefix (self, buf, fixes);
      }

  g_array_sort (fixes, compare_fix);
  for (guint i = 0; i < fixes->len; i++)
    {
      PrefixFix *fix = &g_array_index (fixes, PrefixFix, i);

      if (i < max)
        g_strv_builder_add (out, fix->prefix);
      g_free (fix->prefix);
    }
  if (fixes->len == 0)
    return NULL;
  return g_strv_builder_end (out);
}
