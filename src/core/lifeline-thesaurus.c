/* lifeline-thesaurus.c — a general English thesaurus (MyThes, as LibreOffice uses)
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MyThes format: the .idx file is "encoding", "count", then one
 * "word|offset" line per word in byte order; at that offset the .dat file
 * has "word|n" and n lines "(pos)|term|term (generic term)|…". Both files
 * are mapped, and a word is found by binary search over the index lines.
 */

#define G_LOG_DOMAIN "lifeline-search"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-thesaurus.h"

#define DEFAULT_THESAURUS "/usr/share/mythes/th_en_US_v2"

struct _LifelineThesaurus
{
  GMappedFile *idx;
  GMappedFile *dat;
  GArray      *lines;   /* of guint32: offsets of the index lines */
};

void
lifeline_thesaurus_free (LifelineThesaurus *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->idx, g_mapped_file_unref);
  g_clear_pointer (&self->dat, g_mapped_file_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_free (self);
}

LifelineThesaurus *
lifeline_thesaurus_open (const char  *base,
                         GError     **error)
{
  g_autofree char *idx_path = g_strconcat (base, ".idx", NULL);
  g_autofree char *dat_path = g_strconcat (base, ".dat", NULL);
  LifelineThesaurus *self = g_new0 (LifelineThesaurus, 1);
  g_autoptr(GError) local_error = NULL;
  const char *data, *end;
  int skip = 2;

  self->idx = g_mapped_file_new (idx_path, FALSE, &local_error);
  if (self->idx != NULL)
    self->dat = g_mapped_file_new (dat_path, FALSE, &local_error);
  if (self->dat == NULL)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                   _("Could not open the thesaurus: %s"), local_error->message);
      lifeline_thesaurus_free (self);
      return NULL;
    }

  self->lines = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 150000);
  data = g_mapped_file_get_contents (self->idx);
  end = data + g_mapped_file_get_length (self->idx);
  for (const char *p = data; p < end; )
    {
      const char *nl = memchr (p, '\n', end - p);

      if (skip > 0)
        skip--;
      else if (nl != p)
        {
          guint32 offset = p - data;

          g_array_append_val (self->lines, offset);
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }

  return self;
}

LifelineThesaurus *
lifeline_thesaurus_get_default (void)
{
  static gsize once = 0;
  static LifelineThesaurus *thesaurus = NULL;

  if (g_once_init_enter (&once))
    {
      const char *base = g_getenv ("LIFELINE_THESAURUS");

      if (base == NULL || *base == '\0')
        base = DEFAULT_THESAURUS;
      if (g_strcmp0 (base, "none") != 0)
        thesaurus = lifeline_thesaurus_open (base, NULL);
      g_once_init_leave (&once, 1);
    }

  return thesaurus;
}

/* The .dat offset of @word, or -1. */
static gint64
find_word (LifelineThesaurus *self,
           const char        *word)
{
  const char *data = g_mapped_file_get_contents (self->idx);
  const char *end = data + g_mapped_file_get_length (self->idx);
  gsize wlen = strlen (word);
  guint lo = 0, hi = self->lines->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const char *line = data + g_array_index (self->lines, guint32, mid);
      const char *bar = memchr (line, '|', end - line);
      gsize llen;
      int c;

      if (bar == NULL)
        return -1;
      llen = bar - line;
      c = memcmp (line, word, MIN (llen, wlen));
      if (c == 0)
        c = llen < wlen ? -1 : llen > wlen;
      if (c == 0)
        return g_ascii_strtoll (bar + 1, NULL, 10);
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return -1;
}

static void
add_entry (GArray                    *entries,
           const char                *term,
           gsize                      len,
           LifelineThesaurusRelation  relation)
{
  LifelineThesaurusEntry entry;
  g_autofree char *raw = g_strndup (term, len);

  entry.term = g_utf8_strdown (g_strstrip (raw), -1);
  entry.relation = relation;
  for (guint i = 0; i < entries->len; i++)
    {
      if (strcmp (g_array_index (entries, LifelineThesaurusEntry, i).term, entry.term) == 0)
        {
          g_free (entry.term);
          return;
        }
    }
  g_array_append_val (entries, entry);
}

static void
read_entries (LifelineThesaurus *self,
              gint64             offset,
              const char        *word,
              GArray            *entries)
{
  const char *data = g_mapped_file_get_contents (self->dat);
  const char *end = data + g_mapped_file_get_length (self->dat);
  const char *p = data + offset;
  const char *nl;
  int n;

  if (offset < 0 || p >= end || (nl = memchr (p, '\n', end - p)) == NULL)
    return;
  {
    const char *bar = memchr (p, '|', nl - p);

    n = bar ? atoi (bar + 1) : 0;
  }
  p = nl + 1;

  for (int i = 0; i < n && p < end; i++)
    {
      const char *line_end = memchr (p, '\n', end - p);
      const char *field;

      if (line_end == NULL)
        line_end = end;
      /* Skip "(noun)" */
      field = memchr (p, '|', line_end - p);
      while (field != NULL && field < line_end)
        {
          const char *start = field + 1;
          const char *stop = memchr (start, '|', line_end - start);
          const char *paren;
          LifelineThesaurusRelation relation = LIFELINE_THESAURUS_SYNONYM;
          gsize len;

          if (stop == NULL)
            stop = line_end;
          len = stop - start;
          paren = memchr (start, '(', len);
          if (paren != NULL)
            {
              if (g_str_has_prefix (paren, "(generic term)"))
                relation = LIFELINE_THESAURUS_BROADER;
              else if (g_str_has_prefix (paren, "(similar term)"))
                relation = LIFELINE_THESAURUS_SIMILAR;
              else
                relation = (LifelineThesaurusRelation)-1;    /* antonyms, related terms */
              len = paren - start;
            }
          if (relation != (LifelineThesaurusRelation)-1 && len > 0 &&
              !(len == strlen (word) && g_ascii_strncasecmp (start, word, len) == 0))
            add_entry (entries, start, len, relation);
          field = stop < line_end ? stop : NULL;
        }
      p = line_end + 1;
    }
}

GArray *
lifeline_thesaurus_lookup (LifelineThesaurus *self,
                           const char        *word)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (LifelineThesaurusEntry));
  gsize len = strlen (word);
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
  gint64 offset;

  g_ptr_array_add (forms, g_strdup (word));
  /* Base forms for a word the thesaurus lists only as a lemma. */
  if (len > 4 && g_str_has_suffix (word, "ies"))
    g_ptr_array_add (forms, g_strdup_printf ("%.*sy", (int)len - 3, word));
  if (len > 3 && g_str_has_suffix (word, "es"))
    g_ptr_array_add (forms, g_strndup (word, len - 2));
  if (len > 3 && g_str_has_suffix (word, "s") && !g_str_has_suffix (word, "ss"))
    g_ptr_array_add (forms, g_strndup (word, len - 1));
  if (len > 4 && g_str_has_suffix (word, "ed"))
    {
      g_ptr_array_add (forms, g_strndup (word, len - 2));
      g_ptr_array_add (forms, g_strndup (word, len - 1));
      if (len > 5 && word[len - 3] == word[len - 4])
        g_ptr_array_add (forms, g_strndup (word, len - 3));
    }
  if (len > 5 && g_str_has_suffix (word, "ing"))
    {
      g_ptr_array_add (forms, g_strndup (word, len - 3));
      g_ptr_array_add (forms, g_strdup_printf ("%.*se", (int)len - 3, word));
      if (len > 6 && word[len - 4] == word[len - 5])
        g_ptr_array_add (forms, g_strndup (word, len - 4));
    }

  for (guint i = 0; i < forms->len; i++)
    {
      offset = find_word (self, g_ptr_array_index (forms, i));
      if (offset >= 0)
        {
          read_entries (self, offset, g_ptr_array_index (forms, i), entries);
          break;
        }
    }

  return entries;
}

void
lifeline_thesaurus_entries_free (GArray *entries)
{
  if (entries == NULL)
    return;
  for (guint i = 0; i < entries->len; i++)
    g_free (g_array_index (entries, LifelineThesaurusEntry, i).term);
  g_array_unref (entries);
}
