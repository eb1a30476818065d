/* lifeline-scrub.c — take obvious customer data out of an agent's note
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * E-mail addresses are found with a regular expression. Numbers are found by
 * a small scanner: a "run" is digits joined by single separators (space,
 * dash, dot, parentheses), optionally after a "+". Within a run, groups of
 * digits that together hold 13–19 digits, joined by single spaces or dashes,
 * and pass the Luhn check are card numbers; what is left of the run is a
 * phone number when it looks like one (7–15 digits, and a "+", or grouped
 * like a phone, or 10–11 digits in one piece). Runs glued to letters
 * ("ORD12345678") are identifiers and are kept.
 */

#define G_LOG_DOMAIN "lifeline-scrub"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-scrub.h"

typedef struct
{
  gsize             start;
  gsize             end;
  LifelineScrubKind kind;
} Span;

typedef struct
{
  gsize start;
  gsize end;
} Group;

#define MAX_GROUPS 32

static const char * const kind_names[] = { "phone", "email", "card" };
G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == LIFELINE_N_SCRUB_KINDS);

void
lifeline_scrub_match_free (LifelineScrubMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->text);
  g_free (match);
}

const char *
lifeline_scrub_kind_to_string (LifelineScrubKind kind)
{
  g_return_val_if_fail ((guint)kind < LIFELINE_N_SCRUB_KINDS, NULL);
  return kind_names[kind];
}

gboolean
lifeline_scrub_kind_from_string (const char        *text,
                                 LifelineScrubKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (text, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
lifeline_scrub_kind_get_label (LifelineScrubKind kind)
{
  switch (kind)
    {
    case LIFELINE_SCRUB_PHONE:
      return _("phone number");
    case LIFELINE_SCRUB_EMAIL:
      return _("e-mail address");
    case LIFELINE_SCRUB_CARD:
      return _("card number");
    case LIFELINE_N_SCRUB_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
marker (LifelineScrubKind kind)
{
  switch (kind)
    {
    case LIFELINE_SCRUB_PHONE:
      /* Translators: stands in a note where a phone number was removed */
      return _("[phone number]");
    case LIFELINE_SCRUB_EMAIL:
      /* Translators: stands in a note where an e-mail address was removed */
      return _("[e-mail address]");
    case LIFELINE_SCRUB_CARD:
      /* Translators: stands in a note where a card number was removed */
      return _("[card number]");
    case LIFELINE_N_SCRUB_KINDS:
    default:
      g_return_val_if_reached ("[…]");
    }
}

gboolean
lifeline_luhn_valid (const char *digits)
{
  gsize len;
  guint sum = 0;

  g_return_val_if_fail (digits != NULL, FALSE);

  len = strlen (digits);
  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = digits[len - 1 - i];
      guint d;

      if (!g_ascii_isdigit (c))
        return FALSE;
      d = c - '0';
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }

  return sum % 10 == 0;
}

static GRegex *
email_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *r = g_regex_new ("[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                               "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}",
                               G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (r != NULL);
      g_once_init_leave (&regex, r);
    }
  return regex;
}

static gboolean
is_sep (char c)
{
  return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

static guint
group_digits (const Group *g)
{
  return g->end - g->start;
}

static guint
digits_between (const Group *groups,
                guint        a,
                guint        b)
{
  guint n = 0;

  for (guint i = a; i <= b; i++)
    n += group_digits (&groups[i]);
  return n;
}

/* Card groups are joined by one space or one dash, nothing else. */
static gboolean
card_joined (const char  *text,
             const Group *groups,
             guint        a,
             guint        b)
{
  for (guint i = a; i < b; i++)
    {
      gsize gap = groups[i + 1].start - groups[i].end;
      char c = text[groups[i].end];

      if (gap != 1 || (c != ' ' && c != '-'))
        return FALSE;
    }
  return TRUE;
}

static gboolean
card_at (const char  *text,
         const Group *groups,
         guint        a,
         guint        b)
{
  g_autoptr(GString) digits = NULL;
  guint n = digits_between (groups, a, b);

  if (n < 13 || n > 19 || !card_joined (text, groups, a, b))
    return FALSE;

  digits = g_string_sized_new (n + 1);
  for (guint i = a; i <= b; i++)
    g_string_append_len (digits, text + groups[i].start, group_digits (&groups[i]));
  return lifeline_luhn_valid (digits->str);
}

static gboolean
looks_like_date_or_address (const char  *text,
                            const Group *groups,
                            guint        a,
                            guint        b)
{
  guint n = b - a + 1;
  guint d0 = group_digits (&groups[a]);

  /* 2026-11-23, 23.11.2026 */
  if (n == 3 &&
      ((d0 == 4 && group_digits (&groups[a + 1]) == 2 && group_digits (&groups[a + 2]) == 2) ||
       (d0 <= 2 && group_digits (&groups[a + 1]) <= 2 && group_digits (&groups[a + 2]) == 4)))
    return TRUE;

  /* 192.168.100.200 */
  if (n == 4)
    {
      gboolean dotted = TRUE;

      for (guint i = a; i <= b; i++)
        {
          if (group_digits (&groups[i]) > 3 ||
              (i < b && (groups[i + 1].start - groups[i].end != 1 || text[groups[i].end] != '.')))
            dotted = FALSE;
        }
      if (dotted)
        return TRUE;
    }

  return FALSE;
}

static gboolean
phone_at (const char  *text,
          const Group *groups,
          guint        a,
          guint        b,
          gboolean     plus)
{
  guint n = digits_between (groups, a, b);

  if (n < 7 || n > 15)
    return FALSE;
  if (plus)
    return TRUE;
  if (a == b)
    return n == 10 || n == 11;
  if (looks_like_date_or_address (text, groups, a, b))
    return FALSE;
  /* Version numbers and lists of small numbers are not phones: every group
   * after the first (a country or area code may be one digit) has two. */
  for (guint i = a + 1; i <= b; i++)
    if (group_digits (&groups[i]) < 2)
      return FALSE;
  return TRUE;
}

static void
add_span (GArray            *spans,
          gsize              start,
          gsize              end,
          LifelineScrubKind  kind)
{
  Span span = { start, end, kind };

  g_array_append_val (spans, span);
}

/* Finds the numbers in the run of @groups (starting at @run_start, which
 * may be a "+" or "(" before the first group). */
static void
scan_run (const char  *text,
          gsize        run_start,
          gboolean     plus,
          const Group *groups,
          guint        n_groups,
          GArray      *spans)
{
  gboolean is_card[MAX_GROUPS] = { FALSE, };
  guint i = 0;

  /* Cards first, leftmost-longest. */
  while (i < n_groups)
    {
      gboolean found = FALSE;

      for (guint j = n_groups; j-- > i;)
        {
          if (card_at (text, groups, i, j))
            {
              add_span (spans, groups[i].start, groups[j].end, LIFELINE_SCRUB_CARD);
              for (guint k = i; k <= j; k++)
                is_card[k] = TRUE;
              i = j + 1;
              found = TRUE;
              break;
            }
        }
      if (!found)
        i++;
    }

  /* Phones in what is left. */
  i = 0;
  while (i < n_groups)
    {
      guint j = i;

      if (is_card[i])
        {
          i++;
          continue;
        }
      while (j + 1 < n_groups && !is_card[j + 1])
        j++;

      if (phone_at (text, groups, i, j, plus && i == 0))
        add_span (spans, i == 0 ? run_start : groups[i].start, groups[j].end, LIFELINE_SCRUB_PHONE);
      i = j + 1;
    }
}

static gboolean
in_spans (GArray *spans,
          guint   n_checked,
          gsize   pos)
{
  for (guint i = 0; i < n_checked; i++)
    {
      const Span *s = &g_array_index (spans, Span, i);

      if (pos >= s->start && pos < s->end)
        return TRUE;
    }
  return FALSE;
}

static void
scan_numbers (const char *text,
              gsize       len,
              GArray     *spans)
{
  guint n_email = spans->len;
  gsize pos = 0;

  while (pos < len)
    {
      Group groups[MAX_GROUPS];
      guint n_groups = 0;
      gsize run_start = pos;
      gboolean plus = FALSE;
      gsize p;

      if (in_spans (spans, n_email, pos))
        {
          pos++;
          continue;
        }

      /* A word that starts with a letter is an identifier, digits and all. */
      if (g_ascii_isalpha (text[pos]) || text[pos] == '_' || (guchar)text[pos] >= 0x80)
        {
          while (pos < len && (g_ascii_isalnum (text[pos]) || text[pos] == '_' || (guchar)text[pos] >= 0x80))
            pos++;
          continue;
        }

      p = pos;
      if (text[p] == '+' && p + 1 < len && (g_ascii_isdigit (text[p + 1]) || text[p + 1] == '('))
        {
          plus = TRUE;
          p++;
        }
      if (text[p] == '(' && p + 1 < len && g_ascii_isdigit (text[p + 1]))
        p++;
      if (!g_ascii_isdigit (text[p]))
        {
          pos++;
          continue;
        }

      for (;;)
        {
          gsize q;
          guint n_sep = 0;

          groups[n_groups].start = p;
          while (p < len && g_ascii_isdigit (text[p]))
            p++;
          groups[n_groups].end = p;
          n_groups++;

          q = p;
          while (q < len && is_sep (text[q]) && n_sep < 3)
            {
              q++;
              n_sep++;
            }
          if (n_sep == 0 || q >= len || !g_ascii_isdigit (text[q]) || n_groups == MAX_GROUPS ||
              in_spans (spans, n_email, q))
            break;
          p = q;
        }

      /* Glued to letters after it ("12345678901AB"): an identifier. */
      if (p < len && (g_ascii_isalpha (text[p]) || text[p] == '_'))
        {
          pos = p;
          continue;
        }

      scan_run (text, run_start, plus, groups, n_groups, spans);
      pos = p;
    }
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *sa = a;
  const Span *sb = b;

  if (sa->start != sb->start)
    return sa->start < sb->start ? -1 : 1;
  return 0;
}

char *
lifeline_scrub (const char  *text,
                GPtrArray  **removed)
{
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  GString *out;
  gsize len;
  gsize pos = 0;

  if (removed != NULL)
    *removed = NULL;
  if (text == NULL)
    text = "";

  len = strlen (text);
  spans = g_array_new (FALSE, FALSE, sizeof (Span));
  matches = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_scrub_match_free);

  g_regex_match_full (email_regex (), text, len, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      int start, end;

      if (g_match_info_fetch_pos (match, 0, &start, &end))
        add_span (spans, start, end, LIFELINE_SCRUB_EMAIL);
      g_match_info_next (match, NULL);
    }

  scan_numbers (text, len, spans);
  g_array_sort (spans, compare_spans);

  out = g_string_sized_new (len);
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *s = &g_array_index (spans, Span, i);
      LifelineScrubMatch *m;

      if (s->start < pos)
        continue;   /* overlaps one already taken */

      g_string_append_len (out, text + pos, s->start - pos);
      g_string_append (out, marker (s->kind));

      m = g_new0 (LifelineScrubMatch, 1);
      m->kind = s->kind;
      m->text = g_strndup (text + s->start, s->end - s->start);
      g_ptr_array_add (matches, m);
      pos = s->end;
    }
  g_string_append_len (out, text + pos, len - pos);

  if (removed != NULL)
    *removed = g_steal_pointer (&matches);

  return g_string_free (out, FALSE);
}
