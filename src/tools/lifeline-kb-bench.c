/* lifeline-kb-bench.c — `lifeline-kb bench`: import and as-you-type speed
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The synthetic knowledge base is made from the starter articles' own
 * vocabulary: their words, by frequency, head a Zipf distribution whose
 * long tail is made-up words (product names, codes, places); each article
 * belongs to one of many topics, whose words it uses more often than the
 * rest, has a title made from a starter title with a topic word in it, a
 * summary, and a Markdown body of about 300 words with headings, lists
 * and emphasis. Queries replay typing: every keystroke of 2–3 words taken
 * from one article, some of them misspelt, is a query.
 */

#define G_LOG_DOMAIN "lifeline-kb"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lifeline-core.h"
#include "lifeline-kb-bench.h"
#include "lifeline-text.h"

#define N_TOPICS_PER_1000 20
#define TOPIC_WORDS       40
#define EXTRA_WORDS       40000

typedef struct
{
  GRand      *rand;
  GPtrArray  *vocab;        /* of char*, most frequent first */
  double     *cumulative;   /* Zipf CDF over vocab */
  guint       n_base;       /* words that came from the starter articles */
  GPtrArray  *titles;       /* starter titles */
  guint       n_topics;
  guint      *topics;       /* n_topics × TOPIC_WORDS vocab indexes */
} Gen;

typedef struct
{
  char  *title;
  guint  topic;
  guint  words[6];           /* vocab indexes from the summary and body */
} Made;

static const char * const bench_stop[] = {
  "a", "an", "and", "the", "to", "of", "for", "on", "in", "is", "it", "or", "with", "your",
  "you", "my", "what", "how", "when", "a", "be", "by", "at", "from", "that", "this", NULL
};

static void
add_words (GHashTable *counts,
           const char *text,
           gboolean    title)
{
  g_autofree char *down = g_utf8_strdown (text ? text : "", -1);
  GString *word = g_string_new (NULL);

  for (const char *p = down; ; p++)
    {
      if (*p != '\0' && (g_ascii_isalnum (*p)))
        {
          g_string_append_c (word, *p);
          continue;
        }
      if (word->len >= 2 && !g_ascii_isdigit (word->str[0]))
        {
          gpointer old = g_hash_table_lookup (counts, word->str);

          g_hash_table_insert (counts, g_strdup (word->str),
                               GINT_TO_POINTER (GPOINTER_TO_INT (old) + (title ? 3 : 1)));
        }
      g_string_truncate (word, 0);
      if (*p == '\0')
        break;
    }
  g_string_free (word, TRUE);
}

static GHashTable *sort_counts;

static int
compare_count (gconstpointer a,
               gconstpointer b)
{
  int ca = GPOINTER_TO_INT (g_hash_table_lookup (sort_counts, *(char **)a));
  int cb = GPOINTER_TO_INT (g_hash_table_lookup (sort_counts, *(char **)b));

  if (ca != cb)
    return cb - ca;
  return strcmp (*(char **)a, *(char **)b);
}

static char *
made_up_word (GRand *rand)
{
  static const char * const syllables[] = {
    "ka", "lo", "ve", "tri", "zan", "mor", "qui", "dex", "pla", "nor", "sen", "tek", "vi",
    "ro", "an", "el", "ix", "um", "bra", "cor", "fin", "gal", "hy", "jo", "lum", "pex",
    "sta", "ul", "wen", "zo", "ter", "mi", "nex", "or", "pa", "sil", "tor", "va", "ze",
  };
  GString *w = g_string_new (NULL);
  int n = g_rand_int_range (rand, 2, 5);

  for (int i = 0; i < n; i++)
    g_string_append (w, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
  if (g_rand_int_range (rand, 0, 8) == 0)
    g_string_append_printf (w, "%d", g_rand_int_range (rand, 2, 990));
  return g_string_free (w, FALSE);
}

static gboolean
gen_init (Gen        *gen,
          guint       n_articles,
          guint       seed,
          GError    **error)
{
  g_autofree char *dir = lifeline_get_starter_kb_dir ();
  g_autoptr(GPtrArray) items = lifeline_kb_read_path (dir, error);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  double total = 0;
  guint n_extra;

  if (items == NULL)
    return FALSE;

  gen->rand = g_rand_new_with_seed (seed);
  gen->titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < items->len; i++)
    {
      LifelineKbItem *item = g_ptr_array_index (items, i);
      g_autofree char *body = NULL;

      if (item->article == NULL || lifeline_text_has_cjk (item->article->title))
        continue;
      body = lifeline_markdown_to_text (item->article->body);
      g_ptr_array_add (gen->titles, g_strdup (item->article->title));
      add_words (counts, item->article->title, TRUE);
      add_words (counts, item->article->summary, FALSE);
      add_words (counts, body, FALSE);
    }
  if (gen->titles->len == 0)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("The starter knowledge base in %s has no articles to take words from"), dir);
      return FALSE;
    }

  gen->vocab = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (gen->vocab, g_strdup (key));
  sort_counts = counts;
  g_ptr_array_sort (gen->vocab, compare_count);
  sort_counts = NULL;
  gen->n_base = gen->vocab->len;
  for (guint i = 0; i < gen->vocab->len; i++)
    g_hash_table_add (seen, g_ptr_array_index (gen->vocab, i));

  /* The long tail: as many made-up words as a big knowledge base has names. */
  n_extra = MIN (EXTRA_WORDS, 2000 + n_articles / 2);
  while (gen->vocab->len < gen->n_base + n_extra)
    {
      char *w = made_up_word (gen->rand);

      if (g_hash_table_contains (seen, w))
        {
          g_free (w);
          continue;
        }
      g_ptr_array_add (gen->vocab, w);
      g_hash_table_add (seen, w);
    }

  gen->cumulative = g_new (double, gen->vocab->len);
  for (guint i = 0; i < gen->vocab->len; i++)
    {
      total += 1.0 / pow (i + 2.7, 1.0);
      gen->cumulative[i] = total;
    }
  for (guint i = 0; i < gen->vocab->len; i++)
    gen->cumulative[i] /= total;

  /* Topics draw their words from the middle and the tail. */
  gen->n_topics = MAX (20, n_articles * N_TOPICS_PER_1000 / 1000);
  gen->topics = g_new (guint, gen->n_topics * TOPIC_WORDS);
  for (guint t = 0; t < gen->n_topics * TOPIC_WORDS; t++)
    gen->topics[t] = g_rand_int_range (gen->rand, MIN (300, gen->n_base / 2), gen->vocab->len);

  return TRUE;
}

static void
gen_clear (Gen *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->vocab, g_ptr_array_unref);
  g_clear_pointer (&gen->titles, g_ptr_array_unref);
  g_clear_pointer (&gen->cumulative, g_free);
  g_clear_pointer (&gen->topics, g_free);
}

static guint
zipf (Gen *gen)
{
  double u = g_rand_double (gen->rand);
  guint lo = 0, hi = gen->vocab->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (gen->cumulative[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static guint
pick_word (Gen   *gen,
           guint  topic)
{
  if (g_rand_int_range (gen->rand, 0, 10) < 3)
    return gen->topics[topic * TOPIC_WORDS + g_rand_int_range (gen->rand, 0, TOPIC_WORDS)];
  return zipf (gen);
}

static void
sentence (Gen     *gen,
          GString *out,
          guint    topic,
          int      n,
          guint   *remember)
{
  for (int i = 0; i < n; i++)
    {
      guint w = pick_word (gen, topic);
      const char *word = g_ptr_array_index (gen->vocab, w);
      gboolean bold = g_rand_int_range (gen->rand, 0, 40) == 0;

      if (remember != NULL && strlen (word) >= 4 && g_rand_int_range (gen->rand, 0, 6) == 0)
        *remember = w;
      if (i == 0)
        g_string_append_printf (out, "%c%s", g_ascii_toupper (word[0]), word + 1);
      else
        g_string_append_printf (out, bold ? " **%s**" : " %s", word);
    }
  g_string_append_c (out, '.');
}

static LifelineArticle *
make_article (Gen   *gen,
              guint  index,
              Made  *made)
{
  g_autofree char *id = g_strdup_printf ("bench-%06u", index);
  const char *base = g_ptr_array_index (gen->titles, g_rand_int_range (gen->rand, 0, gen->titles->len));
  g_auto(GStrv) words = g_strsplit (base, " ", -1);
  guint n_words = g_strv_length (words);
  guint topic = g_rand_int_range (gen->rand, 0, gen->n_topics);
  const char *topic_word = g_ptr_array_index (gen->vocab, gen->topics[topic * TOPIC_WORDS]);
  const char *topic_word2 = g_ptr_array_index (gen->vocab, gen->topics[topic * TOPIC_WORDS + 1 + index % 5]);
  GString *title = g_string_new (NULL);
  GString *summary = g_string_new (NULL);
  GString *body = g_string_new (NULL);
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  LifelineArticle *article;
  guint replace = g_rand_int_range (gen->rand, 0, n_words);
  int paragraphs = g_rand_int_range (gen->rand, 4, 6);
  guint remembered = 0;

  /* A starter title with one of its words turned into the topic's name. */
  for (guint i = 0; i < n_words; i++)
    {
      const char *w = words[i];

      if (i == replace && strlen (w) >= 4 && !g_strv_contains (bench_stop, w))
        w = topic_word;
      else if (i == replace)
        g_string_append_printf (title, "%s%s", title->len ? " " : "", topic_word);
      g_string_append_printf (title, "%s%s", title->len ? " " : "", w);
    }
  if (g_rand_boolean (gen->rand))
    g_string_append_printf (title, " for %s", topic_word2);

  sentence (gen, summary, topic, g_rand_int_range (gen->rand, 12, 18), &made->words[0]);
  g_string_append_c (summary, ' ');
  sentence (gen, summary, topic, g_rand_int_range (gen->rand, 10, 16), &made->words[1]);

  for (int p = 0; p < paragraphs; p++)
    {
      if (p > 0)
        {
          g_string_append (body, "## ");
          sentence (gen, body, topic, g_rand_int_range (gen->rand, 2, 5), NULL);
          g_string_truncate (body, body->len - 1);
          g_string_append (body, "\n\n");
        }
      for (int s = 0; s < 4; s++)
        {
          sentence (gen, body, topic, g_rand_int_range (gen->rand, 8, 17), &made->words[2 + (p + s) % 4]);
          g_string_append_c (body, ' ');
        }
      g_string_append (body, "\n\n");
      if (p == 1)
        {
          for (int item = 0; item < 3; item++)
            {
              g_string_append (body, "- ");
              sentence (gen, body, topic, g_rand_int_range (gen->rand, 5, 9), &remembered);
              g_string_append_c (body, '\n');
            }
          g_string_append_c (body, '\n');
        }
    }

  g_strv_builder_add (tags, topic_word);
  g_strv_builder_add (tags, topic_word2);
  for (int t = 0; t < 2; t++)
    g_strv_builder_add (tags, g_ptr_array_index (gen->vocab, g_rand_int_range (gen->rand, 0, MIN (gen->n_base, 400))));

  article = lifeline_article_new (id, title->str);
  g_free (article->summary);
  article->summary = g_string_free (summary, FALSE);
  g_free (article->body);
  article->body = g_string_free (body, FALSE);
  g_strfreev (article->tags);
  article->tags = g_strv_builder_end (tags);
  article->verified_at = 1767225600 + (gint64)g_rand_int_range (gen->rand, 0, 300) * 86400;
  article->updated_at = article->verified_at;
  article->created_at = article->verified_at;

  made->title = g_string_free (title, FALSE);
  made->topic = topic;
  for (guint i = 0; i < G_N_ELEMENTS (made->words); i++)
    if (made->words[i] == 0)
      made->words[i] = gen->topics[topic * TOPIC_WORDS + i];
  return article;
}

static gsize
article_bytes (LifelineArticle *a)
{
  gsize n = strlen (a->title) + strlen (a->summary) + strlen (a->body);

  for (guint i = 0; a->tags[i] != NULL; i++)
    n += strlen (a->tags[i]) + 2;
  return n;
}

/* A query an agent might type for @made, sometimes misspelt. */
static char *
make_query (Gen  *gen,
            Made *made)
{
  g_auto(GStrv) title_words = g_strsplit (made->title, " ", -1);
  g_autoptr(GPtrArray) content = g_ptr_array_new ();
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  int kind = g_rand_int_range (gen->rand, 0, 10);

  for (guint i = 0; title_words[i] != NULL; i++)
    if (strlen (title_words[i]) >= 3 && !g_strv_contains (bench_stop, title_words[i]))
      g_ptr_array_add (content, title_words[i]);

  if (kind < 4 && content->len >= 2)
    {
      /* Two or three title words, in order. */
      guint start = g_rand_int_range (gen->rand, 0, content->len - 1);

      for (guint i = start; i < MIN (content->len, start + 3); i++)
        g_ptr_array_add (words, g_utf8_strdown (g_ptr_array_index (content, i), -1));
    }
  else if (kind < 7 && content->len >= 1)
    {
      g_ptr_array_add (words, g_utf8_strdown (g_ptr_array_index (content, g_rand_int_range (gen->rand, 0, content->len)), -1));
      g_ptr_array_add (words, g_strdup (g_ptr_array_index (gen->vocab, made->words[g_rand_int_range (gen->rand, 0, 6)])));
    }
  else
    {
      g_ptr_array_add (words, g_strdup (g_ptr_array_index (gen->vocab, made->words[g_rand_int_range (gen->rand, 0, 3)])));
      g_ptr_array_add (words, g_strdup (g_ptr_array_index (gen->vocab, made->words[3 + g_rand_int_range (gen->rand, 0, 3)])));
    }

  /* A quarter with a typo in their longest word. */
  if (g_rand_int_range (gen->rand, 0, 4) == 0)
    {
      guint longest = 0;

      for (guint i = 1; i < words->len; i++)
        if (strlen (g_ptr_array_index (words, i)) > strlen (g_ptr_array_index (words, longest)))
          longest = i;
      {
        char *w = g_ptr_array_index (words, longest);
        gsize len = strlen (w);

        if (len >= 5)
          {
            gsize at = g_rand_int_range (gen->rand, 1, len - 1);

            switch (g_rand_int_range (gen->rand, 0, 3))
              {
              case 0:   /* transposition */
                {
                  char c = w[at];

                  w[at] = w[at + 1];
                  w[at + 1] = c;
                }
                break;
              case 1:   /* deletion */
                memmove (w + at, w + at + 1, len - at);
                break;
              default:  /* substitution */
                w[at] = 'a' + g_rand_int_range (gen->rand, 0, 26);
                break;
              }
          }
      }
    }

  g_ptr_array_add (words, NULL);
  return g_strjoinv (" ", (char **)words->pdata);
}

/* This thread's CPU time: what the search costs when other programs
 * share the machine. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static gint64
process_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return da < db ? -1 : da > db;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint)ceil (p * sorted->len) - 1;
  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

static void
print_row (const char *label,
           GArray     *wall,
           GArray     *cpu)
{
  g_array_sort (wall, compare_double);
  g_array_sort (cpu, compare_double);
  printf ("  %-12s %6u   %6.2f %6.2f %6.2f %7.2f   %6.2f %6.2f %6.2f %7.2f\n",
          label, wall->len, percentile (wall, 0.50), percentile (wall, 0.95),
          percentile (wall, 0.99), wall->len ? g_array_index (wall, double, wall->len - 1) : 0.0,
          percentile (cpu, 0.50), percentile (cpu, 0.95),
          percentile (cpu, 0.99), cpu->len ? g_array_index (cpu, double, cpu->len - 1) : 0.0);
}

int
lifeline_kb_bench (const LifelineKbBenchOptions *options)
{
  static const struct { guint lo, hi; const char *label; } buckets[] = {
    { 1, 1, "1 char" }, { 2, 2, "2 chars" }, { 3, 3, "3 chars" }, { 4, 5, "4-5 chars" },
    { 6, 10, "6-10 chars" }, { 11, 20, "11-20 chars" }, { 21, 1000, "21+ chars" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineSearch) search = NULL;
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) slowest_ms = NULL;
  g_autoptr(GPtrArray) slowest_q = NULL;
  GArray *by_len[G_N_ELEMENTS (buckets)];
  GArray *by_len_cpu[G_N_ELEMENTS (buckets)];
  Made *made;
  Gen gen = { 0 };
  gsize raw = 0;
  gint64 t0, t1, t2, c0, c2;
  GStatBuf st;
  guint found = 0;
  gint64 now = lifeline_time_now ();
  gint64 db_bytes = 0;

  if (!gen_init (&gen, options->articles, options->seed, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  if (options->keep != NULL)
    {
      path = g_strdup (options->keep);
      if (!options->reuse)
        g_unlink (path);
    }
  else
    {
      tmpdir = g_dir_make_tmp ("lifeline-bench-XXXXXX", &error);
      if (tmpdir == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      path = g_build_filename (tmpdir, "bench.db", NULL);
    }

  printf ("Building %u synthetic articles from %u starter titles and a vocabulary of %u words…\n",
          options->articles, gen.titles->len, gen.vocab->len);
  fflush (stdout);
  made = g_new0 (Made, options->articles);
  for (guint i = 0; i < options->articles; i++)
    {
      LifelineArticle *a = make_article (&gen, i, &made[i]);

      raw += article_bytes (a);
      g_ptr_array_add (articles, a);
    }

  if (options->reuse)
    goto search;

  /* A fresh database that nobody else uses: no fsync while it is built. */
  if (lifeline_kb_create_database (path, &error))
    db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  if (db == NULL || !lifeline_db_exec (db, "PRAGMA synchronous = OFF", &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  t0 = g_get_monotonic_time ();
  c0 = process_cpu_us ();
  if (!lifeline_db_begin (db, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  lifeline_kb_bulk_begin (db);
  for (guint i = 0; i < articles->len; i++)
    if (!lifeline_kb_put_article (db, g_ptr_array_index (articles, i), LIFELINE_ORIGIN_LOCAL, &error))
      {
        fprintf (stderr, "%s\n", error->message);
        return 1;
      }
  if (!lifeline_kb_bulk_end (db, &error) || !lifeline_db_commit (db, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  t1 = g_get_monotonic_time ();
  if (!lifeline_db_exec (db, "INSERT INTO kb_fts (kb_fts) VALUES ('optimize');"
                             "INSERT INTO kb_head (kb_head) VALUES ('optimize');"
                             "PRAGMA incremental_vacuum;"
                             "PRAGMA wal_checkpoint (TRUNCATE);", &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  t2 = g_get_monotonic_time ();
  c2 = process_cpu_us ();
  g_clear_object (&db);
  g_clear_pointer (&articles, g_ptr_array_unref);

  if (g_stat (path, &st) == 0)
    db_bytes = st.st_size;

  printf ("Text: %.1f MB (%zu bytes an article on average)\n", raw / 1e6, raw / MAX (options->articles, 1));
  printf ("Import: %.1f s (%.0f articles/s), then FTS5 optimize and vacuum %.1f s: %.1f s in all"
          " (%.1f s of CPU)\n",
          (t1 - t0) / 1e6, options->articles / MAX ((t1 - t0) / 1e6, 1e-6), (t2 - t1) / 1e6, (t2 - t0) / 1e6,
          (c2 - c0) / 1e6);
  printf ("Database: %.1f MB = %.2f x the text\n", db_bytes / 1e6, raw ? (double)db_bytes / raw : 0.0);
  fflush (stdout);

search:
  g_clear_pointer (&articles, g_ptr_array_unref);
  search = lifeline_search_new (path, &error);
  if (search == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
    {
      by_len[b] = g_array_new (FALSE, FALSE, sizeof (double));
      by_len_cpu[b] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  /* Warm up: load the vocabulary and touch the index. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *q = make_query (&gen, &made[g_rand_int_range (gen.rand, 0, options->articles)]);
      g_autoptr(GPtrArray) hits = lifeline_search_query (search, q, options->limit, now, NULL, NULL);
    }

  for (guint s = 0; s < options->sequences; s++)
    {
      guint target = g_rand_int_range (gen.rand, 0, options->articles);
      g_autofree char *q = make_query (&gen, &made[target]);
      g_autofree char *target_id = g_strdup_printf ("bench-%06u", target);
      gsize len = strlen (q);

      for (gsize n = 1; n <= len; n++)
        {
          g_autofree char *typed = g_strndup (q, n);
          g_autoptr(GPtrArray) hits = NULL;
          gint64 start, end, cpu_start;
          double ms, cpu;

          if ((typed[n - 1] & 0xC0) == 0x80)
            continue;
          cpu_start = thread_cpu_us ();
          start = g_get_monotonic_time ();
          hits = lifeline_search_query (search, typed, options->limit, now, NULL, &error);
          end = g_get_monotonic_time ();
          cpu = (thread_cpu_us () - cpu_start) / 1000.0;
          g_array_append_val (all_cpu, cpu);
          if (hits == NULL)
            {
              fprintf (stderr, "%s\n", error->message);
              return 1;
            }
          ms = (end - start) / 1000.0;
          g_array_append_val (all, ms);
          if (slowest_ms == NULL)
            slowest_ms = g_array_new (FALSE, FALSE, sizeof (double));
          if (slowest_q == NULL)
            slowest_q = g_ptr_array_new_with_free_func (g_free);
          for (guint k = 0; k <= slowest_ms->len && k < 8; k++)
            if (k == slowest_ms->len || cpu > g_array_index (slowest_ms, double, k))
              {
                g_array_insert_val (slowest_ms, k, cpu);
                g_ptr_array_insert (slowest_q, k, g_strdup (typed));
                if (slowest_ms->len > 8)
                  {
                    g_array_set_size (slowest_ms, 8);
                    g_ptr_array_set_size (slowest_q, 8);
                  }
                break;
              }
          for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
            if (n >= buckets[b].lo && n <= buckets[b].hi)
              {
                g_array_append_val (by_len[b], ms);
                g_array_append_val (by_len_cpu[b], cpu);
              }

          if (n == len)
            for (guint h = 0; h < hits->len; h++)
              if (g_str_equal (((LifelineSearchHit *)g_ptr_array_index (hits, h))->id, target_id))
                {
                  found++;
                  break;
                }
        }
    }

  printf ("As-you-type queries: %u sequences, every keystroke a query, top %u, one thread\n",
          options->sequences, options->limit);
  printf ("  %-12s %6s   %-30s   %s\n", "", "", "wall clock, ms", "CPU time of the thread, ms");
  printf ("  %-12s %6s   %6s %6s %6s %7s   %6s %6s %6s %7s\n", "length", "n",
          "p50", "p95", "p99", "max", "p50", "p95", "p99", "max");
  print_row ("all", all, all_cpu);
  for (guint b = 0; b < G_N_ELEMENTS (buckets); b++)
    {
      print_row (buckets[b].label, by_len[b], by_len_cpu[b]);
      g_array_unref (by_len[b]);
      g_array_unref (by_len_cpu[b]);
    }
  printf ("The article the words came from is in the top %u after the last keystroke: %.0f%%\n",
          options->limit, 100.0 * found / MAX (options->sequences, 1));
  printf ("Slowest keystrokes (CPU):");
  for (guint k = 0; slowest_ms != NULL && k < slowest_ms->len; k++)
    printf ("%s “%s” %.1f ms", k ? "," : "", (char *)g_ptr_array_index (slowest_q, k),
            g_array_index (slowest_ms, double, k));
  printf ("\n");

  for (guint i = 0; i < options->articles; i++)
    g_free (made[i].title);
  g_free (made);
  gen_clear (&gen);
  g_clear_object (&search);

  if (tmpdir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmpdir);
    }
  return 0;
}
