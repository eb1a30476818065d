/* lifeline-search.c — as-you-type search over articles and scripts
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A query becomes groups, one per typed word (or per phrase that a synonym
 * group names), each a list of weighted alternatives: the word itself (a
 * prefix if it is the last one and unfinished), its synonyms, its nearest
 * spellings when the index does not know it, and thesaurus terms the index
 * has. Every group must match (AND); when that finds nothing, any may (OR).
 *
 * Where the work goes is planned from word statistics held in memory
 * (kb_vocab), so that no query touches more than a few thousand postings:
 *   - full path: FTS5 over title, summary, body and tags, ranked by
 *     lifeline_rank() (BM25F: per-column weights and length normalisation,
 *     one best alternative per group, alternatives weighted), LIMIT k;
 *   - head path: the same over titles and tags only (kb_head), when the
 *     words are too common in the bodies;
 *   - top path: kb_terms, each title/tag term's items in title-length order,
 *     merged with LIMIT k, for one- and two-letter prefixes and words in
 *     most titles.
 * Then: learned boosts (kb_learn), CJK substrings (kb_cjk), a small
 * freshness factor, and snippets for the final hits only. See docs/search.md.
 */

#define G_LOG_DOMAIN "lifeline-search"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-kb-private.h"
#include "lifeline-search.h"
#include "lifeline-thesaurus.h"
#include "lifeline-vocab.h"
#include "lifeline-wire.h"

/* Planning: how many items a path may rank. */
#define FULL_MAX_DOCS       800
#define HEAD_MAX_DOCS       800
/* From this size on, very common words only rank (see parse_query). */
#define BROAD_MIN_DOCS      2000
/* An unfinished word stands for its most frequent completions. */
#define PREFIX_COMPLETIONS  16
/* Weights of the alternatives of a typed word. */
#define W_TYPED             1.0
#define W_SYNONYM           0.9
#define W_SPELLING_1        0.85
#define W_SPELLING_2        0.7
#define W_SPELLING_PREFIX   0.8
#define W_THESAURUS         0.45
#define W_THESAURUS_SIMILAR 0.35
#define W_THESAURUS_BROADER 0.3
#define THESAURUS_MAX       6
#define THESAURUS_MAX_DF    2
/* Ranking */
#define BM25_K1             1.2
#define FRESH_BOOST         1.04
#define EXPIRED_PENALTY     0.94
#define LEARN_WEIGHT        0.6
#define SNIPPET_TOKENS      22

static const char * const stopwords[] = {
  "a", "about", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
  "could", "did", "do", "does", "for", "from", "get", "got", "had", "has", "have", "he",
  "her", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me",
  "my", "of", "on", "or", "our", "she", "so", "some", "that", "the", "their", "them",
  "then", "there", "they", "this", "to", "up", "us", "was", "we", "were", "what", "when",
  "where", "which", "who", "why", "will", "with", "would", "you", "your", "im", "ive",
  "dont", "cant", "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "youre", "theyre",
  "s", "t", "d", "ll", "m", "re", "ve", "please", "want", "need", "keeps",
  NULL
};

typedef enum
{
  ALT_WORD,
  ALT_PREFIX,
  ALT_PHRASE,
} AltKind;

typedef struct
{
  AltKind  kind;
  char    *text;      /* folded words, space-separated */
  char   **stems;     /* of its words */
  GPtrArray *completions;  /* ALT_PREFIX: LifelineVocabWord, one a stem */
  double   weight;
  double   idf;
  gint64   df;
  gint64   hdf;
} Alt;

typedef struct
{
  GPtrArray *alts;      /* of Alt */
  char      *typed;     /* the word(s) as typed, folded */
  gboolean   prefix;
  gboolean   optional;  /* a stop word among other words */
  gint64     df;
  gint64     hdf;
} Group;

typedef struct
{
  GPtrArray *groups;    /* of Group */
  GPtrArray *cjk;       /* CJK runs, as typed */
  guint      n_required;
} Query;

typedef struct
{
  char  *text;     /* folded words */
  GStrv  stems;
} SynTerm;

typedef struct
{
  gint64  docid;
  double  text;
  double  learned;
  double  score;
  char   *id;
  char   *title;
  gint64  verified_at;
  gboolean expired;
  gboolean found;
} Candidate;

struct _LifelineSearch
{
  GObject             parent_instance;

  LifelineDb         *db;
  sqlite3            *handle;
  LifelineTokenizers  tok;

  gint64              data_version;
  char               *generation;    /* meta kb_generation when loaded */
  gboolean            loaded;
  LifelineVocab      *vocab;
  gint64              n_docs;
  GPtrArray          *syn_groups;    /* of GPtrArray of SynTerm */
  GHashTable         *syn_index;     /* stems joined by ' ' → GArray of guint group */
  guint               syn_max_words;

  GHashTable         *stmts;         /* SQL → sqlite3_stmt */
};

G_DEFINE_FINAL_TYPE (LifelineSearch, lifeline_search, G_TYPE_OBJECT)

void
lifeline_search_hit_free (LifelineSearchHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->id);
  g_free (hit->title);
  g_free (hit->snippet);
  g_free (hit);
}

static void
syn_term_free (SynTerm *term)
{
  g_free (term->text);
  g_strfreev (term->stems);
  g_free (term);
}

static void
alt_free (Alt *alt)
{
  g_clear_pointer (&alt->completions, g_ptr_array_unref);
  g_free (alt->text);
  g_strfreev (alt->stems);
  g_free (alt);
}

static void
group_free (Group *group)
{
  g_ptr_array_unref (group->alts);
  g_free (group->typed);
  g_free (group);
}

static void
query_free (Query *q)
{
  g_ptr_array_unref (q->groups);
  g_ptr_array_unref (q->cjk);
  g_free (q);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

static void
candidate_clear (gpointer data)
{
  Candidate *c = data;

  g_free (c->id);
  g_free (c->title);
}

static void
unload (LifelineSearch *self)
{
  g_clear_pointer (&self->vocab, lifeline_vocab_free);
  g_clear_pointer (&self->syn_groups, g_ptr_array_unref);
  g_clear_pointer (&self->syn_index, g_hash_table_unref);
  self->loaded = FALSE;
}

static void
lifeline_search_finalize (GObject *object)
{
  LifelineSearch *self = (LifelineSearch *)object;

  unload (self);
  g_clear_pointer (&self->generation, g_free);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  lifeline_tokenizers_clear (&self->tok);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (lifeline_search_parent_class)->finalize (object);
}

static void
lifeline_search_class_init (LifelineSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_search_finalize;
}

static void
lifeline_search_init (LifelineSearch *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify)sqlite3_finalize);
  self->data_version = -1;
}

static sqlite3_stmt *
stmt (LifelineSearch  *self,
      const char      *sql,
      GError         **error)
{
  sqlite3_stmt *s = g_hash_table_lookup (self->stmts, sql);

  if (s != NULL)
    {
      sqlite3_reset (s);
      sqlite3_clear_bindings (s);
      return s;
    }
  s = lifeline_db_prepare (self->db, sql, error);
  if (s != NULL)
    g_hash_table_insert (self->stmts, (gpointer)sql, s);
  return s;
}

/* The ranking function ---------------------------------------------------------- */

typedef struct
{
  int     n_phrases;
  int     n_groups;
  int    *group;
  double *weight;
  double *idf;
  double *group_idf;
  double  total_idf;
  double  avg[4];
} RankSpec;

static void
rank_spec_free (void *data)
{
  RankSpec *spec = data;

  g_free (spec->group);
  g_free (spec->weight);
  g_free (spec->idf);
  g_free (spec->group_idf);
  g_free (spec);
}

/* Title, summary, body, tags (kb_fts); title, tags (kb_head). */
static const double full_weights[4] = { 6.0, 2.5, 1.0, 4.0 };
static const double full_b[4] = { 0.5, 0.75, 0.75, 0.5 };
static const double head_weights[2] = { 6.0, 4.0 };
static const double head_b[2] = { 0.5, 0.5 };

static RankSpec *
rank_spec_new (const Fts5ExtensionApi *api,
               Fts5Context            *fts,
               const char             *text)
{
  RankSpec *spec = g_new0 (RankSpec, 1);
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ";", -1);
  int n_cols = api->xColumnCount (fts);
  sqlite3_int64 rows = 0;

  spec->n_phrases = api->xPhraseCount (fts);
  spec->group = g_new0 (int, spec->n_phrases);
  spec->weight = g_new0 (double, spec->n_phrases);
  spec->idf = g_new0 (double, spec->n_phrases);
  for (int i = 0; i < spec->n_phrases; i++)
    {
      spec->group[i] = i;
      spec->weight[i] = 1.0;
      spec->idf[i] = 1.0;
      if (parts[i] != NULL && parts[i][0] != '\0')
        {
          g_auto(GStrv) f = g_strsplit (parts[i], ",", 3);

          if (g_strv_length (f) == 3)
            {
              spec->group[i] = atoi (f[0]);
              spec->weight[i] = g_ascii_strtod (f[1], NULL);
              spec->idf[i] = g_ascii_strtod (f[2], NULL);
            }
        }
      spec->n_groups = MAX (spec->n_groups, spec->group[i] + 1);
    }

  spec->group_idf = g_new0 (double, MAX (spec->n_groups, 1));
  for (int i = 0; i < spec->n_phrases; i++)
    spec->group_idf[spec->group[i]] = MAX (spec->group_idf[spec->group[i]], spec->weight[i] * spec->idf[i]);
  for (int g = 0; g < spec->n_groups; g++)
    spec->total_idf += spec->group_idf[g];

  api->xRowCount (fts, &rows);
  for (int c = 0; c < MIN (n_cols, 4); c++)
    {
      sqlite3_int64 total = 0;

      api->xColumnTotalSize (fts, c, &total);
      spec->avg[c] = rows > 0 && total > 0 ? (double)total / rows : 1.0;
    }
  return spec;
}

static void
lifeline_rank (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *ctx,
               int                      n_val,
               sqlite3_value          **values)
{
  RankSpec *spec = api->xGetAuxdata (fts, 0);
  int n_cols = MIN (api->xColumnCount (fts), 4);
  const double *weights = n_cols == 2 ? head_weights : full_weights;
  const double *bs = n_cols == 2 ? head_b : full_b;
  double norm[4];
  double tf_stack[64];
  double best_stack[64];
  g_autofree double *tf_heap = NULL;
  g_autofree double *best_heap = NULL;
  double *tf, *best;
  double score = 0;
  double matched_idf = 0;
  int n_inst = 0;

  if (spec == NULL)
    {
      spec = rank_spec_new (api, fts, n_val > 0 ? (const char *)sqlite3_value_text (values[0]) : NULL);
      api->xSetAuxdata (fts, spec, rank_spec_free);
    }

  if (spec->n_phrases <= 64)
    tf = tf_stack;
  else
    tf = tf_heap = g_new (double, spec->n_phrases);
  if (spec->n_groups <= 64)
    best = best_stack;
  else
    best = best_heap = g_new (double, spec->n_groups);
  memset (tf, 0, sizeof (double) * spec->n_phrases);
  memset (best, 0, sizeof (double) * spec->n_groups);

  for (int c = 0; c < n_cols; c++)
    {
      int len = 0;

      api->xColumnSize (fts, c, &len);
      norm[c] = 1.0 - bs[c] + bs[c] * (double)len / spec->avg[c];
    }

  api->xInstCount (fts, &n_inst);
  for (int i = 0; i < n_inst; i++)
    {
      int phrase, col, off;

      if (api->xInst (fts, i, &phrase, &col, &off) != SQLITE_OK || col >= n_cols)
        continue;
      tf[phrase] += weights[col] / norm[col];
    }

  for (int p = 0; p < spec->n_phrases; p++)
    {
      double s;

      if (tf[p] <= 0)
        continue;
      s = spec->weight[p] * spec->idf[p] * tf[p] * (BM25_K1 + 1) / (tf[p] + BM25_K1);
      if (s > best[spec->group[p]])
        best[spec->group[p]] = s;
    }
  for (int g = 0; g < spec->n_groups; g++)
    {
      score += best[g];
      if (best[g] > 0)
        matched_idf += spec->group_idf[g];
    }
  /* Items that match more of what the query says come first (weighted by
   * idf: missing a common word costs little). */
  if (spec->n_groups > 1 && spec->total_idf > 0)
    score *= 0.5 + 0.5 * matched_idf / spec->total_idf;

  sqlite3_result_double (ctx, score);
}

/* Loading ----------------------------------------------------------------------- */

static gboolean
load (LifelineSearch  *self,
      GError         **error)
{
  g_autoptr(GPtrArray) groups = NULL;
  sqlite3_stmt *s;
  int rc;

  unload (self);

  self->vocab = lifeline_vocab_load (self->handle, error);
  if (self->vocab == NULL)
    return FALSE;

  s = stmt (self, "SELECT (SELECT COUNT(*) FROM kb_articles) + (SELECT COUNT(*) FROM kb_scripts)", error);
  if (s == NULL)
    return FALSE;
  self->n_docs = sqlite3_step (s) == SQLITE_ROW ? sqlite3_column_int64 (s, 0) : 0;
  sqlite3_reset (s);

  self->syn_groups = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  self->syn_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  self->syn_max_words = 1;
  s = stmt (self, "SELECT grp, term FROM kb_synonyms ORDER BY grp, pos", error);
  if (s == NULL)
    return FALSE;
  {
    gint64 current = G_MININT64;
    GPtrArray *group = NULL;

    while ((rc = sqlite3_step (s)) == SQLITE_ROW)
      {
        gint64 grp = sqlite3_column_int64 (s, 0);
        g_autoptr(GArray) tokens = lifeline_tokens_collect (&self->tok, (const char *)sqlite3_column_text (s, 1));
        SynTerm *term;
        g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
        g_autoptr(GStrvBuilder) stems = g_strv_builder_new ();
        g_auto(GStrv) wordv = NULL;
        g_autofree char *key = NULL;
        GArray *list;
        guint index;

        if (tokens->len == 0)
          {
            lifeline_tokens_free (g_steal_pointer (&tokens));
            continue;
          }
        if (grp != current)
          {
            group = g_ptr_array_new_with_free_func ((GDestroyNotify)syn_term_free);
            g_ptr_array_add (self->syn_groups, group);
            current = grp;
          }
        for (guint i = 0; i < tokens->len; i++)
          {
            g_strv_builder_add (words, g_array_index (tokens, LifelineToken, i).word);
            g_strv_builder_add (stems, g_array_index (tokens, LifelineToken, i).stem);
          }
        lifeline_tokens_free (g_steal_pointer (&tokens));
        term = g_new0 (SynTerm, 1);
        wordv = g_strv_builder_end (words);
        term->text = g_strjoinv (" ", wordv);
        term->stems = g_strv_builder_end (stems);
        g_ptr_array_add (group, term);
        self->syn_max_words = MAX (self->syn_max_words, g_strv_length (term->stems));

        key = g_strjoinv (" ", term->stems);
        list = g_hash_table_lookup (self->syn_index, key);
        if (list == NULL)
          {
            list = g_array_new (FALSE, FALSE, sizeof (guint));
            g_hash_table_insert (self->syn_index, g_steal_pointer (&key), list);
          }
        index = self->syn_groups->len - 1;
        if (list->len == 0 || g_array_index (list, guint, list->len - 1) != index)
          g_array_append_val (list, index);
      }
    sqlite3_reset (s);
    if (rc != SQLITE_DONE)
      return lifeline_db_set_error (self->db, error, "Reading synonyms");
  }

  self->loaded = TRUE;
  return TRUE;
}

static gboolean
ensure_loaded (LifelineSearch  *self,
               GError         **error)
{
  sqlite3_stmt *s = stmt (self, "PRAGMA data_version", error);
  gint64 version;

  if (s == NULL)
    return FALSE;
  version = sqlite3_step (s) == SQLITE_ROW ? sqlite3_column_int64 (s, 0) : -1;
  sqlite3_reset (s);

  if (self->loaded && version == self->data_version)
    return TRUE;
  self->data_version = version;

  /* Another connection wrote something: the knowledge base, or only the
   * reports and the outbox that share the database. */
  s = stmt (self, "SELECT value FROM meta WHERE key = 'kb_generation'", error);
  if (s == NULL)
    return FALSE;
  {
    g_autofree char *generation = sqlite3_step (s) == SQLITE_ROW ? lifeline_db_column_dup (s, 0) : NULL;

    sqlite3_reset (s);
    if (self->loaded && g_strcmp0 (generation, self->generation) == 0)
      return TRUE;
    g_free (self->generation);
    self->generation = g_steal_pointer (&generation);
  }
  return load (self, error);
}

LifelineSearch *
lifeline_search_new (const char  *db_path,
                     GError     **error)
{
  g_autoptr(LifelineSearch) self = g_object_new (LIFELINE_TYPE_SEARCH, NULL);
  fts5_api *api;

  g_return_val_if_fail (db_path != NULL, NULL);

  self->db = lifeline_db_open (db_path, NULL, LIFELINE_DB_READ_ONLY, error);
  if (self->db == NULL)
    return NULL;
  self->handle = lifeline_db_get_handle (self->db);

  api = lifeline_fts5_api (self->handle);
  if (api == NULL ||
      api->xCreateFunction (api, "lifeline_rank", NULL, lifeline_rank, NULL) != SQLITE_OK)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_UNSUPPORTED,
                           _("This SQLite library was built without FTS5, which Lifeline's search needs."));
      return NULL;
    }
  if (!lifeline_tokenizers_init (&self->tok, self->handle, error))
    return NULL;

  if (lifeline_db_get_version (self->db) < 1)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("%s is not a Lifeline knowledge base yet (import something into it first)"),
                   db_path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* Building the query -------------------------------------------------------------- */

static double
idf_of (LifelineSearch *self,
        gint64          df)
{
  double n = MAX (self->n_docs, 1);

  df = CLAMP (df, 0, (gint64)n);
  return log (1.0 + (n - df + 0.5) / (df + 0.5));
}

static Alt *
alt_new (LifelineSearch *self,
         AltKind         kind,
         const char     *text,
         double          weight)
{
  Alt *alt = g_new0 (Alt, 1);
  g_autoptr(GArray) tokens = lifeline_tokens_collect (&self->tok, text);
  g_autoptr(GStrvBuilder) stems = g_strv_builder_new ();
  g_autoptr(GString) folded = g_string_new (NULL);

  alt->kind = kind;
  alt->weight = weight;
  alt->df = G_MAXINT64;
  alt->hdf = G_MAXINT64;

  for (guint i = 0; i < tokens->len; i++)
    {
      LifelineToken *t = &g_array_index (tokens, LifelineToken, i);

      g_string_append_printf (folded, "%s%s", folded->len ? " " : "", t->word);
      g_strv_builder_add (stems, t->stem);
      if (kind == ALT_PREFIX && i + 1 == tokens->len)
        {
          /* FTS5 would stem the prefix itself ("cors*" is "cor*"), so an
           * unfinished word becomes its most frequent completions. */
          g_autoptr(GPtrArray) words = lifeline_vocab_complete (self->vocab, t->word, 4 * PREFIX_COMPLETIONS, FALSE);
          gint64 df = 0, hdf = 0;

          alt->completions = g_ptr_array_new ();
          for (guint w = 0; w < words->len && alt->completions->len < PREFIX_COMPLETIONS; w++)
            {
              LifelineVocabWord *word = g_ptr_array_index (words, w);
              gboolean dup = FALSE;

              for (guint k = 0; k < alt->completions->len && !dup; k++)
                dup = strcmp (((LifelineVocabWord *)g_ptr_array_index (alt->completions, k))->stem, word->stem) == 0;
              if (dup)
                continue;
              g_ptr_array_add (alt->completions, word);
              df += lifeline_vocab_stem_df (self->vocab, word->stem, FALSE);
              hdf += lifeline_vocab_stem_df (self->vocab, word->stem, TRUE);
            }
          alt->df = MIN (alt->df, df);
          alt->hdf = MIN (alt->hdf, hdf);
        }
      else
        {
          alt->df = MIN (alt->df, lifeline_vocab_stem_df (self->vocab, t->stem, FALSE));
          alt->hdf = MIN (alt->hdf, lifeline_vocab_stem_df (self->vocab, t->stem, TRUE));
        }
    }
  lifeline_tokens_free (g_steal_pointer (&tokens));

  if (folded->len == 0)
    {
      g_free (alt);
      return NULL;
    }
  if (kind != ALT_PREFIX && strchr (folded->str, ' ') != NULL)
    alt->kind = ALT_PHRASE;
  alt->text = g_string_free (g_steal_pointer (&folded), FALSE);
  alt->stems = g_strv_builder_end (stems);
  alt->df = MIN (alt->df, self->n_docs);
  alt->hdf = MIN (alt->hdf, self->n_docs);
  alt->idf = idf_of (self, alt->df);
  return alt;
}

static gboolean
group_has (Group      *group,
           const char *text)
{
  for (guint i = 0; i < group->alts->len; i++)
    if (strcmp (((Alt *)g_ptr_array_index (group->alts, i))->text, text) == 0)
      return TRUE;
  return FALSE;
}

static void
group_add (Group *group,
           Alt   *alt)
{
  if (alt == NULL)
    return;
  if (group_has (group, alt->text))
    {
      alt_free (alt);
      return;
    }
  g_ptr_array_add (group->alts, alt);
}

static gboolean
is_stopword (const char *word)
{
  return g_strv_contains (stopwords, word);
}

static gboolean
all_known (LifelineSearch *self,
           const char     *text)
{
  g_autoptr(GArray) tokens = lifeline_tokens_collect (&self->tok, text);
  gboolean known = tokens->len > 0;

  for (guint i = 0; i < tokens->len && known; i++)
    known = lifeline_vocab_stem_df (self->vocab, g_array_index (tokens, LifelineToken, i).stem, FALSE) > 0;
  lifeline_tokens_free (g_steal_pointer (&tokens));
  return known;
}

static void
add_spellings (LifelineSearch *self,
               Group          *group,
               const char     *word,
               const char     *stem)
{
  int df = lifeline_vocab_stem_df (self->vocab, stem, FALSE);
  gsize len = g_utf8_strlen (word, -1);
  int max_distance = len < 5 ? 1 : 2;
  g_autoptr(GArray) distances = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) fixes = NULL;
  int first_distance;

  if (len < 3 || g_ascii_isdigit (word[0]))
    return;
  /* A word in many items is no typo worth doubting. */
  if (df > MAX (50, self->n_docs / 1000))
    return;

  fixes = lifeline_vocab_correct (self->vocab, word, max_distance, 3, distances);
  if (fixes->len == 0)
    return;
  first_distance = g_array_index (distances, int, 0);

  for (guint i = 0; i < fixes->len; i++)
    {
      const LifelineVocabWord *fix = g_ptr_array_index (fixes, i);
      int distance = g_array_index (distances, int, i);

      Alt *alt;

      if (distance > first_distance || strcmp (fix->stem, stem) == 0)
        continue;
      /* A known word is only doubted when a far more common one is one edit
       * away: the index has typos too. */
      if (df > 0 && !(distance == 1 && len >= 5 && fix->df >= 3 && (gint64)df * 5 <= fix->df))
        continue;
      alt = alt_new (self, ALT_WORD, fix->word, distance == 1 ? W_SPELLING_1 : W_SPELLING_2);
      if (alt != NULL && df > 0 && group->alts->len > 0)
        {
          Alt *typed = g_ptr_array_index (group->alts, 0);

          /* The rare spelling is no better evidence than the common one. */
          typed->idf = MIN (typed->idf, alt->idf);
        }
      group_add (group, alt);
    }
}

static void
add_thesaurus (LifelineSearch *self,
               Group          *group,
               const char     *word,
               const char     *stem)
{
  LifelineThesaurus *thesaurus = lifeline_thesaurus_get_default ();
  GArray *entries;
  double scale;
  guint added = 0;
  int df;

  if (thesaurus == NULL || g_utf8_strlen (word, -1) < 3 || g_ascii_isdigit (word[0]))
    return;

  /* The caller's own words: only for words the index lacks or barely has
   * (a well-known word needs no help, and its thesaurus entries are the
   * broadest ones). */
  df = lifeline_vocab_stem_df (self->vocab, stem, FALSE);
  if (df > MAX (THESAURUS_MAX_DF, self->n_docs / 200))
    return;
  scale = df > 0 ? 0.7 : 1.0;
  entries = lifeline_thesaurus_lookup (thesaurus, word);
  for (int relation = LIFELINE_THESAURUS_SYNONYM; relation <= LIFELINE_THESAURUS_BROADER; relation++)
    for (guint i = 0; i < entries->len && added < THESAURUS_MAX; i++)
      {
        LifelineThesaurusEntry *e = &g_array_index (entries, LifelineThesaurusEntry, i);
        double weight = relation == LIFELINE_THESAURUS_SYNONYM ? W_THESAURUS
                        : relation == LIFELINE_THESAURUS_SIMILAR ? W_THESAURUS_SIMILAR
                        : W_THESAURUS_BROADER;
        Alt *alt;

        if ((int)e->relation != relation || !all_known (self, e->term))
          continue;
        alt = alt_new (self, ALT_WORD, e->term, weight * scale);
        if (alt == NULL || alt->stems[0] == NULL || (alt->stems[1] == NULL && strcmp (alt->stems[0], stem) == 0) ||
            group_has (group, alt->text))
          {
            if (alt != NULL)
              alt_free (alt);
            continue;
          }
        g_ptr_array_add (group->alts, alt);
        added++;
      }
  lifeline_thesaurus_entries_free (entries);
}

static Group *
group_new (const char *typed,
           gboolean    prefix)
{
  Group *group = g_new0 (Group, 1);

  group->alts = g_ptr_array_new_with_free_func ((GDestroyNotify)alt_free);
  group->typed = g_strdup (typed);
  group->prefix = prefix;
  return group;
}

/* Synonym groups whose term is the words [i, i + n). */
static GArray *
synonyms_at (LifelineSearch *self,
             GArray         *words,
             guint           i,
             guint           n)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint k = i; k < i + n; k++)
    g_string_append_printf (key, "%s%s", key->len ? " " : "",
                            g_array_index (words, LifelineToken, k).stem);
  return g_hash_table_lookup (self->syn_index, key->str);
}

static Query *
parse_query (LifelineSearch *self,
             const char     *text)
{
  g_autoptr(Query) q = g_new0 (Query, 1);
  g_autoptr(GArray) tokens = lifeline_tokens_collect (&self->tok, text);
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (LifelineToken));
  gsize text_len = strlen (text);
  gboolean last_prefix = FALSE;
  guint n_plain = 0;

  q->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)group_free);
  q->cjk = g_ptr_array_new_with_free_func (g_free);

  /* CJK runs go to the substring index; the rest are words. */
  for (const char *p = text; *p != '\0'; )
    {
      if (lifeline_unichar_is_cjk (g_utf8_get_char (p)))
        {
          const char *start = p;

          while (*p != '\0' && lifeline_unichar_is_cjk (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          g_ptr_array_add (q->cjk, g_strndup (start, p - start));
        }
      else
        p = g_utf8_next_char (p);
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      LifelineToken *t = &g_array_index (tokens, LifelineToken, i);

      if (lifeline_text_has_cjk (t->word))
        {
          g_free (t->word);
          g_free (t->stem);
          continue;
        }
      g_array_append_val (words, *t);
      if (i + 1 == tokens->len && (gsize)t->end == text_len)
        last_prefix = TRUE;
    }
  g_array_set_size (tokens, 0);
  if (words->len == 0)
    last_prefix = FALSE;

  for (guint i = 0; i < words->len; i++)
    if (!is_stopword (g_array_index (words, LifelineToken, i).word))
      n_plain++;

  for (guint i = 0; i < words->len; )
    {
      LifelineToken *t = &g_array_index (words, LifelineToken, i);
      gboolean is_last = i + 1 == words->len;
      guint span = 1;
      GArray *syn = NULL;
      Group *group;

      /* The longest synonym term that starts here. */
      for (guint n = MIN (self->syn_max_words, words->len - i); n >= 1; n--)
        {
          syn = synonyms_at (self, words, i, n);
          if (syn != NULL)
            {
              span = n;
              break;
            }
        }

      if (span > 1)
        {
          g_autoptr(GString) typed = g_string_new (NULL);

          for (guint k = i; k < i + span; k++)
            g_string_append_printf (typed, "%s%s", typed->len ? " " : "",
                                    g_array_index (words, LifelineToken, k).word);
          group = group_new (typed->str, FALSE);
          group_add (group, alt_new (self, ALT_PHRASE, typed->str, W_TYPED));
        }
      else
        {
          gboolean prefix = is_last && last_prefix;

          group = group_new (t->word, prefix);
          group_add (group, alt_new (self, prefix ? ALT_PREFIX : ALT_WORD, t->word, W_TYPED));
          group->optional = n_plain > 0 && is_stopword (t->word);
        }

      for (guint s = 0; syn != NULL && s < syn->len; s++)
        {
          GPtrArray *terms = g_ptr_array_index (self->syn_groups, g_array_index (syn, guint, s));

          for (guint k = 0; k < terms->len; k++)
            group_add (group, alt_new (self, ALT_WORD, ((SynTerm *)g_ptr_array_index (terms, k))->text,
                                       W_SYNONYM));
        }

      if (span == 1 && !group->optional)
        {
          gboolean unfinished = FALSE;

          if (!group->prefix)
            add_spellings (self, group, t->word, t->stem);
          else if (lifeline_vocab_prefix_df (self->vocab, t->word, FALSE) == 0)
            {
              /* Starts no word: a misspelt word, finished or not. */
              g_auto(GStrv) fixed = lifeline_vocab_correct_prefix (self->vocab, t->word, 2);

              add_spellings (self, group, t->word, t->stem);
              for (guint k = 0; fixed != NULL && fixed[k] != NULL; k++)
                group_add (group, alt_new (self, ALT_PREFIX, fixed[k], W_SPELLING_PREFIX));
            }
          else
            unfinished = lifeline_vocab_stem_df (self->vocab, t->stem, FALSE) == 0;
          /* Not for a word being typed that the index has completions of. */
          if (!unfinished)
            add_thesaurus (self, group, t->word, t->stem);
        }

      if (group->alts->len > 0)
        g_ptr_array_add (q->groups, group);
      else
        group_free (group);
      i += span;
    }

  for (guint i = 0; i < words->len; i++)
    {
      g_free (g_array_index (words, LifelineToken, i).word);
      g_free (g_array_index (words, LifelineToken, i).stem);
    }

  for (guint g = 0; g < q->groups->len; g++)
    {
      Group *group = g_ptr_array_index (q->groups, g);
      Alt *typed = g_ptr_array_index (group->alts, 0);

      for (guint a = 0; a < group->alts->len; a++)
        {
          Alt *alt = g_ptr_array_index (group->alts, a);

          /* A synonym or a thesaurus term never counts more than the word
           * typed, however rare it is. */
          if (a > 0 && typed->df > 0)
            alt->idf = MIN (alt->idf, typed->idf);
          group->df += alt->df;
          group->hdf += alt->hdf;
        }
      group->df = MIN (group->df, self->n_docs);
      group->hdf = MIN (group->hdf, self->n_docs);
    }

  /* In a big knowledge base, a word in a third of everything (or a one- or
   * two-letter unfinished word) hardly narrows anything down but costs the
   * most to match: when a more telling word is there, it only ranks. */
  if (self->n_docs >= BROAD_MIN_DOCS)
    {
      gboolean telling = FALSE;

      for (guint g = 0; g < q->groups->len; g++)
        {
          Group *group = g_ptr_array_index (q->groups, g);

          telling |= !group->optional && group->df <= self->n_docs / 3;
        }
      for (guint g = 0; g < q->groups->len && telling; g++)
        {
          Group *group = g_ptr_array_index (q->groups, g);

          if (group->df > self->n_docs / 3)
            group->optional = TRUE;
        }
    }
  for (guint g = 0; g < q->groups->len; g++)
    q->n_required += !((Group *)g_ptr_array_index (q->groups, g))->optional;

  return g_steal_pointer (&q);
}

/* The FTS5 expression and the rank spec. A prefix that starts too many
 * postings becomes its most frequent completions. */
static void
build_match (LifelineSearch *self,
             Query          *q,
             gboolean        and,
             gboolean        head,
             GString        *match,
             GString        *spec)
{
  guint group_index = 0;

  for (guint g = 0; g < q->groups->len; g++)
    {
      Group *group = g_ptr_array_index (q->groups, g);
      gboolean first = TRUE;

      if (group->optional)
        continue;
      if (match->len > 0)
        g_string_append (match, and ? " AND " : " OR ");
      g_string_append_c (match, '(');

      for (guint a = 0; a < group->alts->len; a++)
        {
          Alt *alt = g_ptr_array_index (group->alts, a);

          if (alt->kind == ALT_PREFIX)
            {
              for (guint w = 0; w < alt->completions->len; w++)
                {
                  const LifelineVocabWord *word = g_ptr_array_index (alt->completions, w);
                  gint64 df = lifeline_vocab_stem_df (self->vocab, word->stem, head);

                  if (df == 0)
                    continue;
                  g_string_append_printf (match, "%s\"%s\"", first ? "" : " OR ", word->word);
                  g_string_append_printf (spec, "%u,%.3f,%.4f;", group_index, alt->weight,
                                          MIN (alt->idf, idf_of (self, lifeline_vocab_stem_df (self->vocab, word->stem, FALSE))));
                  first = FALSE;
                }
              continue;
            }

          g_string_append_printf (match, "%s\"%s\"", first ? "" : " OR ", alt->text);
          g_string_append_printf (spec, "%u,%.3f,%.4f;", group_index, alt->weight, alt->idf);
          first = FALSE;
        }
      if (first)
        {
          /* Nothing left of the group (no completions): it cannot match. */
          g_string_append (match, "\"\x01\"");
          g_string_append_printf (spec, "%u,0,0;", group_index);
        }
      g_string_append_c (match, ')');
      group_index++;
    }
}

static gboolean
run_fts (LifelineSearch  *self,
         Query           *q,
         gboolean         and,
         gboolean         head,
         guint            limit,
         GArray          *out,
         GError         **error)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) spec = g_string_new (NULL);
  sqlite3_stmt *s;
  int rc;

  build_match (self, q, and, head, match, spec);
  if (match->len == 0)
    return TRUE;

  s = stmt (self, head
                  ? "SELECT rowid, lifeline_rank (kb_head, ?2) AS r FROM kb_head"
                    " WHERE kb_head MATCH ?1 ORDER BY r DESC LIMIT ?3"
                  : "SELECT rowid, lifeline_rank (kb_fts, ?2) AS r FROM kb_fts"
                    " WHERE kb_fts MATCH ?1 ORDER BY r DESC LIMIT ?3", error);
  if (s == NULL)
    return FALSE;
  lifeline_db_bind_text (s, 1, match->str);
  lifeline_db_bind_text (s, 2, spec->str);
  sqlite3_bind_int (s, 3, limit);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      Candidate c = { 0 };

      c.docid = sqlite3_column_int64 (s, 0);
      c.text = sqlite3_column_double (s, 1);
      g_array_append_val (out, c);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return lifeline_db_set_error (self->db, error, "Searching");
  return TRUE;
}

static void
add_candidate (GArray   *out,
               gint64    docid,
               double    text,
               double    learned)
{
  for (guint i = 0; i < out->len; i++)
    {
      Candidate *c = &g_array_index (out, Candidate, i);

      if (c->docid == docid)
        {
          c->text += text;
          c->learned += learned;
          return;
        }
    }
  {
    Candidate c = { 0 };

    c.docid = docid;
    c.text = text;
    c.learned = learned;
    g_array_append_val (out, c);
  }
}

/* Broad words: each group's title and tag terms in title-length order. */
static gboolean
run_top (LifelineSearch  *self,
         Query           *q,
         gboolean         and,
         guint            limit,
         GArray          *out,
         GError         **error)
{
  Group *rarest = NULL;
  sqlite3_stmt *s = stmt (self, "SELECT docid, score FROM kb_terms WHERE key = ?1 ORDER BY score LIMIT ?2", error);

  if (s == NULL)
    return FALSE;

  for (guint g = 0; g < q->groups->len; g++)
    {
      Group *group = g_ptr_array_index (q->groups, g);

      if (!group->optional && (rarest == NULL || group->hdf < rarest->hdf))
        rarest = group;
    }

  for (guint g = 0; g < q->groups->len; g++)
    {
      Group *group = g_ptr_array_index (q->groups, g);

      if (group->optional || (and && group != rarest))
        continue;

      for (guint a = 0; a < group->alts->len; a++)
        {
          Alt *alt = g_ptr_array_index (group->alts, a);
          g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

          if (alt->kind == ALT_PHRASE)
            continue;
          if (alt->kind == ALT_PREFIX)
            {
              g_autoptr(GPtrArray) words = lifeline_vocab_complete (self->vocab, alt->text, PREFIX_COMPLETIONS, TRUE);

              for (guint w = 0; w < words->len; w++)
                {
                  const char *stem = ((const LifelineVocabWord *)g_ptr_array_index (words, w))->stem;
                  gboolean dup = FALSE;

                  for (guint k = 0; k < keys->len && !dup; k++)
                    dup = strcmp (g_ptr_array_index (keys, k), stem) == 0;
                  if (!dup)
                    g_ptr_array_add (keys, g_strdup (stem));
                }
            }
          else
            g_ptr_array_add (keys, g_strdup (alt->stems[0]));

          for (guint k = 0; k < keys->len; k++)
            {
              int rc;

              sqlite3_reset (s);
              lifeline_db_bind_text (s, 1, g_ptr_array_index (keys, k));
              sqlite3_bind_int (s, 2, limit);
              while ((rc = sqlite3_step (s)) == SQLITE_ROW)
                {
                  int score = sqlite3_column_int (s, 1);
                  double in_title = score < 64 ? 1.0 : 0.6;
                  double text = alt->weight * alt->idf * in_title * 4.0 / (4.0 + (score % 64));

                  add_candidate (out, sqlite3_column_int64 (s, 0), text, 0);
                }
              sqlite3_reset (s);
              if (rc != SQLITE_DONE)
                return lifeline_db_set_error (self->db, error, "Searching titles");
            }
        }
    }

  return TRUE;
}

static gboolean
run_cjk (LifelineSearch  *self,
         Query           *q,
         guint            limit,
         GArray          *out,
         GError         **error)
{
  for (guint i = 0; i < q->cjk->len; i++)
    {
      const char *run = g_ptr_array_index (q->cjk, i);
      glong chars = g_utf8_strlen (run, -1);
      g_autofree char *pattern = NULL;
      sqlite3_stmt *s;
      int rc;

      if (chars >= 3)
        {
          s = stmt (self, "SELECT rowid, title, summary, body FROM kb_cjk WHERE kb_cjk MATCH ?1 LIMIT ?2", error);
          pattern = g_strdup_printf ("\"%s\"", run);
        }
      else
        {
          s = stmt (self, "SELECT rowid, title, summary, body FROM kb_cjk"
                          " WHERE title LIKE ?1 OR summary LIKE ?1 OR body LIKE ?1 LIMIT ?2", error);
          pattern = g_strdup_printf ("%%%s%%", run);
        }
      if (s == NULL)
        return FALSE;
      lifeline_db_bind_text (s, 1, pattern);
      sqlite3_bind_int (s, 2, limit);
      while ((rc = sqlite3_step (s)) == SQLITE_ROW)
        {
          double tf = 0;

          for (int col = 1; col <= 3; col++)
            {
              const char *text = (const char *)sqlite3_column_text (s, col);
              double w = full_weights[col == 1 ? 0 : col == 2 ? 1 : 2];

              for (const char *p = text ? strstr (text, run) : NULL; p != NULL; p = strstr (p + 1, run))
                tf += w;
            }
          add_candidate (out, sqlite3_column_int64 (s, 0),
                         3.0 * tf * (BM25_K1 + 1) / (tf + BM25_K1), 0);
        }
      sqlite3_reset (s);
      if (rc != SQLITE_DONE)
        return lifeline_db_set_error (self->db, error, "Searching Chinese text");
    }
  return TRUE;
}

static double
learned_strength (gint64 opens)
{
  return MIN (1.0, log2 (1.0 + opens) / log2 (5.0));
}

static gboolean
run_learned (LifelineSearch  *self,
             Query           *q,
             GArray          *out,
             GError         **error)
{
  guint n = 0;

  for (guint g = 0; g < q->groups->len; g++)
    n += !((Group *)g_ptr_array_index (q->groups, g))->optional;
  if (n == 0)
    return TRUE;

  for (guint g = 0; g < q->groups->len; g++)
    {
      Group *group = g_ptr_array_index (q->groups, g);
      sqlite3_stmt *s;
      int rc;

      if (group->optional)
        continue;
      if (group->prefix)
        {
          g_autofree char *upper = g_strconcat (group->typed, "\xf4\x8f\xbf\xbf", NULL);

          s = stmt (self, "SELECT docid, SUM (opens) FROM kb_learn WHERE term >= ?1 AND term < ?2"
                          " GROUP BY docid ORDER BY 2 DESC LIMIT 20", error);
          if (s == NULL)
            return FALSE;
          lifeline_db_bind_text (s, 1, group->typed);
          lifeline_db_bind_text (s, 2, upper);
        }
      else
        {
          s = stmt (self, "SELECT docid, opens FROM kb_learn WHERE term = ?1 ORDER BY opens DESC LIMIT 20", error);
          if (s == NULL)
            return FALSE;
          lifeline_db_bind_text (s, 1, group->typed);
        }
      while ((rc = sqlite3_step (s)) == SQLITE_ROW)
        add_candidate (out, sqlite3_column_int64 (s, 0), 0,
                       learned_strength (sqlite3_column_int64 (s, 1)) / n);
      sqlite3_reset (s);
      if (rc != SQLITE_DONE)
        return lifeline_db_set_error (self->db, error, "Reading what agents opened");
    }
  return TRUE;
}

/* Fills in id, title and freshness; FALSE if the item is gone. */
static gboolean
fetch_meta (LifelineSearch *self,
            Candidate      *c,
            gint64          now)
{
  sqlite3_stmt *s;

  if (c->docid > 0)
    {
      s = stmt (self, "SELECT id, title, verified_at, verify_interval_days FROM kb_articles WHERE docid = ?1", NULL);
      if (s == NULL)
        return FALSE;
      sqlite3_bind_int64 (s, 1, c->docid);
      if (sqlite3_step (s) != SQLITE_ROW)
        {
          sqlite3_reset (s);
          return FALSE;
        }
      c->id = lifeline_db_column_dup (s, 0);
      c->title = lifeline_db_column_dup (s, 1);
      c->verified_at = sqlite3_column_int64 (s, 2);
      c->expired = c->verified_at == 0 ||
                   c->verified_at + sqlite3_column_int64 (s, 3) * 24 * 60 * 60 <= now;
    }
  else
    {
      s = stmt (self, "SELECT id, title FROM kb_scripts WHERE docid = ?1", NULL);
      if (s == NULL)
        return FALSE;
      sqlite3_bind_int64 (s, 1, -c->docid);
      if (sqlite3_step (s) != SQLITE_ROW)
        {
          sqlite3_reset (s);
          return FALSE;
        }
      c->id = lifeline_db_column_dup (s, 0);
      c->title = lifeline_db_column_dup (s, 1);
      c->verified_at = 0;
      c->expired = FALSE;
    }
  sqlite3_reset (s);
  c->found = TRUE;
  return TRUE;
}

/* Snippets ------------------------------------------------------------------------- */

typedef struct
{
  GHashTable *stems;     /* stem → group + 1 */
  GPtrArray  *prefixes;  /* folded prefixes … */
  GArray     *prefix_groups;  /* … and their groups */
  GPtrArray  *cjk;
} Marker;

static void
marker_clear (Marker *m)
{
  g_clear_pointer (&m->stems, g_hash_table_unref);
  g_clear_pointer (&m->prefixes, g_ptr_array_unref);
  g_clear_pointer (&m->prefix_groups, g_array_unref);
}

static void
marker_init (Marker *m,
             Query  *q)
{
  m->stems = g_hash_table_new (g_str_hash, g_str_equal);
  m->prefixes = g_ptr_array_new ();
  m->prefix_groups = g_array_new (FALSE, FALSE, sizeof (int));
  m->cjk = q->cjk;

  for (guint g = 0; g < q->groups->len; g++)
    {
      Group *group = g_ptr_array_index (q->groups, g);

      for (guint a = 0; a < group->alts->len && !group->optional; a++)
        {
          Alt *alt = g_ptr_array_index (group->alts, a);
          guint n = g_strv_length (alt->stems);

          for (guint k = 0; k < n; k++)
            {
              if (alt->kind == ALT_PREFIX && k + 1 == n)
                {
                  char *space = strrchr (alt->text, ' ');
                  int gi = g;

                  g_ptr_array_add (m->prefixes, space ? space + 1 : alt->text);
                  g_array_append_val (m->prefix_groups, gi);
                  for (guint w = 0; w < alt->completions->len; w++)
                    {
                      LifelineVocabWord *word = g_ptr_array_index (alt->completions, w);

                      if (!g_hash_table_contains (m->stems, word->stem))
                        g_hash_table_insert (m->stems, word->stem, GINT_TO_POINTER (g + 1));
                    }
                }
              if (!g_hash_table_contains (m->stems, alt->stems[k]))
                g_hash_table_insert (m->stems, alt->stems[k], GINT_TO_POINTER (g + 1));
            }
        }
    }
}

typedef struct
{
  int start;
  int end;
  int group;
} SnipToken;

typedef struct
{
  Marker *m;
  GArray *tokens;
  guint   n_matched;
} SnipScan;

static gboolean
snip_cb (const char *token,
         int         n_token,
         int         start,
         int         end,
         gpointer    user_data)
{
  SnipScan *scan = user_data;
  SnipToken t = { start, end, -1 };
  char buf[64];

  if (n_token < (int)sizeof buf)
    {
      memcpy (buf, token, n_token);
      buf[n_token] = '\0';
      t.group = GPOINTER_TO_INT (g_hash_table_lookup (scan->m->stems, buf)) - 1;
      for (guint i = 0; t.group < 0 && i < scan->m->prefixes->len; i++)
        if (g_str_has_prefix (buf, g_ptr_array_index (scan->m->prefixes, i)))
          t.group = g_array_index (scan->m->prefix_groups, int, i);
    }
  scan->n_matched += t.group >= 0;
  g_array_append_val (scan->tokens, t);
  return TRUE;
}

static void
append_clean (GString    *out,
              const char *text,
              gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      if (c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_c (out, c);
    }
}

/* Appends text[from, to) with the CJK runs marked. */
static void
append_marked_cjk (GString    *out,
                   Marker     *m,
                   const char *text,
                   gsize       from,
                   gsize       to)
{
  gsize pos = from;

  while (pos < to)
    {
      const char *best = NULL;
      gsize best_len = 0;

      for (guint i = 0; m->cjk != NULL && i < m->cjk->len; i++)
        {
          const char *run = g_ptr_array_index (m->cjk, i);
          const char *hit = g_strstr_len (text + pos, to - pos, run);

          if (hit != NULL && (best == NULL || hit < best))
            {
              best = hit;
              best_len = strlen (run);
            }
        }
      if (best == NULL || best + best_len > text + to)
        {
          append_clean (out, text + pos, to - pos);
          return;
        }
      append_clean (out, text + pos, best - (text + pos));
      g_string_append (out, LIFELINE_MARK_START);
      g_string_append_len (out, best, best_len);
      g_string_append (out, LIFELINE_MARK_END);
      pos = (best - text) + best_len;
    }
}

/* A window of @text around its matches, marked; NULL if nothing matches
 * and @fallback is FALSE. */
static char *
snippet_of (LifelineSearch *self,
            Marker         *m,
            const char     *text,
            gboolean        fallback)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GString) out = NULL;
  SnipScan scan = { m, NULL, 0 };
  guint best_start = 0, best_end;
  int best_score = -1;
  const char *cjk_hit = NULL;
  gsize from, to, len;

  if (text == NULL || *text == '\0')
    return fallback ? g_strdup ("") : NULL;

  len = strlen (text);
  for (guint i = 0; m->cjk != NULL && i < m->cjk->len && cjk_hit == NULL; i++)
    cjk_hit = strstr (text, g_ptr_array_index (m->cjk, i));

  tokens = scan.tokens = g_array_sized_new (FALSE, FALSE, sizeof (SnipToken), 256);
  lifeline_tokenizer_run (self->tok.stem, text, len, snip_cb, &scan);

  if (scan.n_matched == 0 && cjk_hit == NULL && !fallback)
    return NULL;

  /* The window with the most different groups, then the most matches. */
  for (guint start = 0; scan.n_matched > 0 && start < tokens->len; start++)
    {
      guint64 seen = 0;
      int distinct = 0, count = 0, score;

      if (g_array_index (tokens, SnipToken, start).group < 0)
        continue;
      for (guint k = start; k < MIN (tokens->len, start + SNIPPET_TOKENS); k++)
        {
          int g = g_array_index (tokens, SnipToken, k).group;

          if (g < 0)
            continue;
          count++;
          if (!(seen & (G_GUINT64_CONSTANT (1) << (g & 63))))
            {
              seen |= G_GUINT64_CONSTANT (1) << (g & 63);
              distinct++;
            }
        }
      score = distinct * 100 + count;
      if (score > best_score)
        {
          best_score = score;
          best_start = start;
        }
    }

  /* Some words of context before the first match. */
  best_start = best_start > 4 ? best_start - 4 : 0;
  best_end = MIN (tokens->len, best_start + SNIPPET_TOKENS);

  if (cjk_hit != NULL && scan.n_matched == 0)
    {
      /* Around the first CJK match. */
      const char *a = cjk_hit, *b = cjk_hit;

      for (int k = 0; k < 30 && a > text; k++)
        a = g_utf8_prev_char (a);
      for (int k = 0; k < 60 && *b != '\0'; k++)
        b = g_utf8_next_char (b);
      from = a - text;
      to = b - text;
      best_start = best_end = 0;
    }
  else if (tokens->len == 0)
    {
      from = 0;
      to = MIN (len, 200);
      while (to < len && (text[to] & 0xC0) == 0x80)
        to++;
    }
  else
    {
      from = best_start == 0 ? 0 : (gsize)g_array_index (tokens, SnipToken, best_start).start;
      to = best_end >= tokens->len ? len : (gsize)g_array_index (tokens, SnipToken, best_end - 1).end;
    }

  out = g_string_new (from > 0 ? "…" : "");
  {
    gsize pos = from;

    for (guint i = best_start; i < best_end; i++)
      {
        SnipToken *t = &g_array_index (tokens, SnipToken, i);

        if ((gsize)t->start < pos || (gsize)t->end > to || t->group < 0)
          continue;
        append_marked_cjk (out, m, text, pos, t->start);
        g_string_append (out, LIFELINE_MARK_START);
        g_string_append_len (out, text + t->start, t->end - t->start);
        g_string_append (out, LIFELINE_MARK_END);
        pos = t->end;
      }
    append_marked_cjk (out, m, text, pos, to);
  }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  if (to < len)
    g_string_append (out, "…");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
make_snippet (LifelineSearch *self,
              Marker         *m,
              gint64          docid)
{
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  char *snippet;
  sqlite3_stmt *s;

  if (docid > 0)
    {
      s = stmt (self, "SELECT summary, body FROM kb_articles WHERE docid = ?1", NULL);
      if (s == NULL)
        return g_strdup ("");
      sqlite3_bind_int64 (s, 1, docid);
      if (sqlite3_step (s) == SQLITE_ROW)
        {
          summary = lifeline_db_column_dup (s, 0);
          if ((snippet = snippet_of (self, m, summary, FALSE)) != NULL)
            {
              sqlite3_reset (s);
              return snippet;
            }
          body = lifeline_markdown_to_text ((const char *)sqlite3_column_text (s, 1));
        }
      sqlite3_reset (s);
    }
  else
    {
      s = stmt (self, "SELECT json FROM kb_scripts WHERE docid = ?1", NULL);
      if (s == NULL)
        return g_strdup ("");
      sqlite3_bind_int64 (s, 1, -docid);
      if (sqlite3_step (s) == SQLITE_ROW)
        {
          g_autoptr(JsonObject) object = lifeline_wire_parse_object ((const char *)sqlite3_column_text (s, 0), -1, NULL);
          g_autoptr(LifelineScript) script = object ? lifeline_script_new_from_json (object, NULL) : NULL;

          if (script != NULL)
            body = lifeline_kb_script_text (script);
        }
      sqlite3_reset (s);
    }

  if ((snippet = snippet_of (self, m, body, FALSE)) != NULL)
    return snippet;
  if (summary != NULL && *summary != '\0')
    return snippet_of (self, m, summary, TRUE);
  return snippet_of (self, m, body, TRUE);
}

/* Searching ---------------------------------------------------------------------- */

static int
compare_score (gconstpointer a,
               gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->score != cb->score)
    return ca->score < cb->score ? 1 : -1;
  return ca->docid < cb->docid ? -1 : ca->docid > cb->docid;
}

static void
debug_query (Query *q)
{
  for (guint g = 0; g < q->groups->len; g++)
    {
      Group *group = g_ptr_array_index (q->groups, g);

      g_printerr ("group %u “%s”%s%s df=%" G_GINT64_FORMAT " hdf=%" G_GINT64_FORMAT ":\n", g, group->typed,
                  group->prefix ? " prefix" : "", group->optional ? " optional" : "", group->df, group->hdf);
      for (guint a = 0; a < group->alts->len; a++)
        {
          Alt *alt = g_ptr_array_index (group->alts, a);

          g_printerr ("    %s%s w=%.2f idf=%.2f df=%" G_GINT64_FORMAT "\n", alt->text,
                      alt->kind == ALT_PREFIX ? "*" : "", alt->weight, alt->idf, alt->df);
        }
    }
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

static LifelineSearchHit *
hit_from_candidate (Candidate *c,
                    char      *snippet)
{
  LifelineSearchHit *hit = g_new0 (LifelineSearchHit, 1);

  hit->kind = c->docid > 0 ? LIFELINE_HIT_ARTICLE : LIFELINE_HIT_SCRIPT;
  hit->id = g_steal_pointer (&c->id);
  hit->title = g_steal_pointer (&c->title);
  hit->snippet = snippet;
  hit->score = c->score;
  hit->verified_at = c->verified_at;
  hit->expired = c->expired;
  return hit;
}

/* Recently opened, then most used, then recently updated. */
static GPtrArray *
recent_hits (LifelineSearch  *self,
             guint            limit,
             gint64           now,
             GError         **error)
{
  static const char * const queries[] = {
    "SELECT docid FROM kb_usage ORDER BY last_at DESC LIMIT ?1",
    "SELECT docid FROM kb_usage ORDER BY opens DESC, last_at DESC LIMIT ?1",
    "SELECT docid FROM kb_articles ORDER BY MAX (updated_at, verified_at) DESC LIMIT ?1",
  };
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_search_hit_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) docids = g_array_new (FALSE, FALSE, sizeof (gint64));
  Marker m = { 0 };
  Query empty = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      sqlite3_stmt *s = stmt (self, queries[i], error);
      guint quota = i == 0 ? (limit + 1) / 2 : limit;

      if (s == NULL)
        return NULL;
      sqlite3_bind_int (s, 1, limit);
      while (sqlite3_step (s) == SQLITE_ROW && docids->len < limit && quota > 0)
        {
          gint64 docid = sqlite3_column_int64 (s, 0);

          g_array_append_val (docids, docid);
          quota--;
        }
      sqlite3_reset (s);
    }

  empty.groups = g_ptr_array_new ();
  empty.cjk = NULL;
  marker_init (&m, &empty);
  for (guint i = 0; i < docids->len && hits->len < limit; i++)
    {
      gint64 *docid = &g_array_index (docids, gint64, i);
      Candidate c = { 0 };

      if (g_hash_table_contains (seen, docid))
        continue;
      g_hash_table_add (seen, docid);
      c.docid = *docid;
      if (!fetch_meta (self, &c, now))
        continue;
      c.score = 0;
      g_ptr_array_add (hits, hit_from_candidate (&c, make_snippet (self, &m, c.docid)));
      candidate_clear (&c);
    }
  marker_clear (&m);
  g_ptr_array_unref (empty.groups);

  return g_steal_pointer (&hits);
}

GPtrArray *
lifeline_search_query (LifelineSearch  *self,
                       const char      *query,
                       guint            limit,
                       gint64           now,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(Query) q = NULL;
  g_autoptr(GArray) cands = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *trimmed = NULL;
  guint fetch;
  double top_text = 0;
  Marker m = { 0 };
  gboolean debug = g_getenv ("LIFELINE_SEARCH_DEBUG") != NULL;
  gint64 debug_start;

  g_return_val_if_fail (LIFELINE_IS_SEARCH (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (limit == 0)
    limit = 20;
  if (!ensure_loaded (self, error))
    return NULL;

  trimmed = g_strstrip (g_strdup (query));
  if (*trimmed == '\0')
    return recent_hits (self, limit, now, error);

  debug_start = g_get_monotonic_time ();
  q = parse_query (self, query);
  if (G_UNLIKELY (debug))
    {
      g_printerr ("parsed in %.2f ms\n", (g_get_monotonic_time () - debug_start) / 1000.0);
      debug_query (q);
    }
  cands = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (cands, candidate_clear);
  fetch = MAX (limit * 2, 20);

  if (check_cancelled (cancellable, error))
    return NULL;

  if (q->n_required > 0)
    {
      gint64 and_df = G_MAXINT64, and_hdf = G_MAXINT64, or_df = 0, or_hdf = 0;

      for (guint g = 0; g < q->groups->len; g++)
        {
          Group *group = g_ptr_array_index (q->groups, g);

          if (group->optional)
            continue;
          and_df = MIN (and_df, group->df);
          and_hdf = MIN (and_hdf, group->hdf);
          or_df += group->df;
          or_hdf += group->hdf;
        }

      if (and_df > 0)
        {
          gboolean ok;

          gint64 t0 = g_get_monotonic_time ();
          const char *path;

          if (and_df <= FULL_MAX_DOCS)
            ok = run_fts (self, q, TRUE, FALSE, fetch, cands, error), path = "full";
          else if (and_hdf <= HEAD_MAX_DOCS)
            ok = run_fts (self, q, TRUE, TRUE, fetch, cands, error), path = "head";
          else
            ok = run_top (self, q, TRUE, fetch, cands, error), path = "top";
          if (!ok)
            return NULL;
          if (G_UNLIKELY (debug))
            g_printerr ("AND on %s path: %u hits in %.2f ms\n", path, cands->len,
                        (g_get_monotonic_time () - t0) / 1000.0);
        }

      /* Every word must match; when that finds fewer than three items,
       * the best partial matches follow them. */
      if (cands->len < 3 && q->n_required > 1 && or_df > 0)
        {
          g_autoptr(GArray) partial = g_array_new (FALSE, FALSE, sizeof (Candidate));
          double lowest_and = G_MAXDOUBLE, top_partial = 0, scale = 1.0;
          gboolean ok;

          if (check_cancelled (cancellable, error))
            return NULL;
          if (or_df <= FULL_MAX_DOCS)
            ok = run_fts (self, q, FALSE, FALSE, fetch, partial, error);
          else if (or_hdf <= HEAD_MAX_DOCS)
            ok = run_fts (self, q, FALSE, TRUE, fetch, partial, error);
          else
            ok = run_top (self, q, FALSE, fetch, partial, error);
          if (!ok)
            return NULL;

          for (guint i = 0; i < cands->len; i++)
            lowest_and = MIN (lowest_and, g_array_index (cands, Candidate, i).text);
          for (guint i = 0; i < partial->len; i++)
            top_partial = MAX (top_partial, g_array_index (partial, Candidate, i).text);
          if (cands->len > 0 && top_partial > 0)
            scale = 0.9 * lowest_and / top_partial;
          for (guint i = 0; i < partial->len; i++)
            {
              Candidate *c = &g_array_index (partial, Candidate, i);
              gboolean dup = FALSE;

              for (guint k = 0; k < cands->len && !dup; k++)
                dup = g_array_index (cands, Candidate, k).docid == c->docid;
              if (!dup)
                add_candidate (cands, c->docid, c->text * scale, 0);
            }
        }

      if (!run_learned (self, q, cands, error))
        return NULL;
    }

  if (q->cjk->len > 0 && !run_cjk (self, q, fetch, cands, error))
    return NULL;

  if (check_cancelled (cancellable, error))
    return NULL;

  /* Final scores: text, learning, freshness; only the best few candidates
   * are looked up (freshness moves a score by a few percent). */
  for (guint i = 0; i < cands->len; i++)
    top_text = MAX (top_text, g_array_index (cands, Candidate, i).text);
  if (top_text <= 0)
    top_text = 1.0;
  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);

      c->score = c->text + LEARN_WEIGHT * top_text * c->learned;
    }
  g_array_sort (cands, compare_score);
  if (cands->len > fetch + limit)
    g_array_set_size (cands, fetch + limit);

  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);
      double fresh;

      if (!fetch_meta (self, c, now))
        {
          c->score = -1;
          continue;
        }
      fresh = c->docid < 0 ? 1.0 : c->expired ? EXPIRED_PENALTY : FRESH_BOOST;
      c->score = c->text * fresh + LEARN_WEIGHT * top_text * c->learned;
    }
  g_array_sort (cands, compare_score);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_search_hit_free);
  if (G_UNLIKELY (debug))
    g_printerr ("ranked after %.2f ms\n", (g_get_monotonic_time () - debug_start) / 1000.0);
  marker_init (&m, q);
  for (guint i = 0; i < cands->len && hits->len < limit; i++)
    {
      Candidate *c = &g_array_index (cands, Candidate, i);

      if (!c->found || c->score <= 0)
        continue;
      g_ptr_array_add (hits, hit_from_candidate (c, make_snippet (self, &m, c->docid)));
    }
  marker_clear (&m);
  if (G_UNLIKELY (debug))
    g_printerr ("done with snippets after %.2f ms\n", (g_get_monotonic_time () - debug_start) / 1000.0);

  return g_steal_pointer (&hits);
}

GPtrArray *
lifeline_search_query_plain (LifelineSearch  *self,
                             const char      *query,
                             guint            limit,
                             gint64           now,
                             GError         **error)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_search_hit_free);
  g_autoptr(Query) q = g_new0 (Query, 1);
  Marker m = { 0 };
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_SEARCH (self), NULL);

  if (!ensure_loaded (self, error))
    return NULL;

  tokens = lifeline_tokens_collect (&self->tok, query);
  q->groups = g_ptr_array_new_with_free_func ((GDestroyNotify)group_free);
  q->cjk = g_ptr_array_new ();
  for (guint i = 0; i < tokens->len; i++)
    {
      LifelineToken *t = &g_array_index (tokens, LifelineToken, i);
      gboolean last = i + 1 == tokens->len && (gsize)t->end == strlen (query);
      Group *group = group_new (t->word, last);

      g_string_append_printf (match, "%s\"%s\"%s", match->len ? " " : "", t->word, last ? "*" : "");
      group_add (group, alt_new (self, last ? ALT_PREFIX : ALT_WORD, t->word, 1.0));
      g_ptr_array_add (q->groups, group);
    }
  lifeline_tokens_free (g_steal_pointer (&tokens));
  if (match->len == 0)
    return g_steal_pointer (&hits);

  s = stmt (self, "SELECT rowid, -bm25 (kb_fts) AS r FROM kb_fts WHERE kb_fts MATCH ?1"
                  " ORDER BY bm25 (kb_fts) LIMIT ?2", error);
  if (s == NULL)
    return NULL;
  lifeline_db_bind_text (s, 1, match->str);
  sqlite3_bind_int (s, 2, limit ? limit : 20);
  marker_init (&m, q);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      Candidate c = { 0 };

      c.docid = sqlite3_column_int64 (s, 0);
      c.score = sqlite3_column_double (s, 1);
      if (fetch_meta (self, &c, now))
        g_ptr_array_add (hits, hit_from_candidate (&c, make_snippet (self, &m, c.docid)));
      candidate_clear (&c);
    }
  sqlite3_reset (s);
  marker_clear (&m);
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (self->db, error, "Searching");
      return NULL;
    }
  return g_steal_pointer (&hits);
}

char *
lifeline_search_suggest (LifelineSearch  *self,
                         const char      *query,
                         GError         **error)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean changed = FALSE;

  g_return_val_if_fail (LIFELINE_IS_SEARCH (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!ensure_loaded (self, error))
    return NULL;

  tokens = lifeline_tokens_collect (&self->tok, query);
  for (guint i = 0; i < tokens->len; i++)
    {
      LifelineToken *t = &g_array_index (tokens, LifelineToken, i);
      const char *word = t->word;
      g_autoptr(GPtrArray) fixes = NULL;
      g_auto(GStrv) prefix_fix = NULL;
      gboolean last = i + 1 == tokens->len;

      if (lifeline_vocab_stem_df (self->vocab, t->stem, FALSE) == 0 &&
          !(last && lifeline_vocab_prefix_df (self->vocab, t->word, FALSE) > 0))
        {
          fixes = lifeline_vocab_correct (self->vocab, t->word, g_utf8_strlen (t->word, -1) < 5 ? 1 : 2, 1, NULL);
          if (fixes->len > 0)
            word = ((const LifelineVocabWord *)g_ptr_array_index (fixes, 0))->word;
          else if (last && (prefix_fix = lifeline_vocab_correct_prefix (self->vocab, t->word, 1)) != NULL)
            {
              g_autoptr(GPtrArray) words = lifeline_vocab_complete (self->vocab, prefix_fix[0], 1, FALSE);

              if (words->len > 0)
                word = ((const LifelineVocabWord *)g_ptr_array_index (words, 0))->word;
            }
          changed |= word != t->word;
        }
      g_string_append_printf (out, "%s%s", out->len ? " " : "", word);
    }
  lifeline_tokens_free (g_steal_pointer (&tokens));

  return changed ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

/* Learning ------------------------------------------------------------------------ */

gboolean
lifeline_search_record_open (LifelineDb       *db,
                             const char       *query,
                             LifelineHitKind   kind,
                             const char       *id,
                             gint64            now,
                             GError          **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) learn = NULL;
  g_autoptr(sqlite3_stmt) usage = NULL;
  g_autoptr(LifelineTokenizer) plain = NULL;
  g_auto(GStrv) words = NULL;
  gint64 docid;
  gboolean own_tx;
  gboolean ok = TRUE;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  find = lifeline_db_prepare (db, kind == LIFELINE_HIT_SCRIPT
                                  ? "SELECT -docid FROM kb_scripts WHERE id = ?1"
                                  : "SELECT docid FROM kb_articles WHERE id = ?1", error);
  if (find == NULL)
    return FALSE;
  lifeline_db_bind_text (find, 1, id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no item “%s” in the knowledge base"), id);
      return FALSE;
    }
  docid = sqlite3_column_int64 (find, 0);
  /* Done reading: a statement left stepping holds its read snapshot, and
   * the write below would then fail at once with "database is locked"
   * (not waiting) whenever another connection wrote in between. */
  sqlite3_reset (find);

  plain = lifeline_tokenizer_new (lifeline_db_get_handle (db), FALSE, error);
  if (plain == NULL)
    return FALSE;
  words = lifeline_tokenizer_split (plain, query ? query : "");

  learn = lifeline_db_prepare (db,
                               "INSERT INTO kb_learn (term, docid, opens, last_at) VALUES (?1, ?2, 1, ?3)"
                               " ON CONFLICT (term, docid) DO UPDATE SET opens = opens + 1, last_at = excluded.last_at",
                               error);
  usage = lifeline_db_prepare (db,
                               "INSERT INTO kb_usage (docid, opens, last_at) VALUES (?1, 1, ?2)"
                               " ON CONFLICT (docid) DO UPDATE SET opens = opens + 1, last_at = excluded.last_at",
                               error);
  if (learn == NULL || usage == NULL)
    return FALSE;

  own_tx = sqlite3_get_autocommit (lifeline_db_get_handle (db)) != 0;
  if (own_tx && !lifeline_db_begin (db, error))
    return FALSE;

  for (guint i = 0; words[i] != NULL && ok; i++)
    {
      gboolean dup = FALSE;

      if (is_stopword (words[i]) || lifeline_text_has_cjk (words[i]))
        continue;
      for (guint k = 0; k < i && !dup; k++)
        dup = strcmp (words[k], words[i]) == 0;
      if (dup)
        continue;
      sqlite3_reset (learn);
      lifeline_db_bind_text (learn, 1, words[i]);
      sqlite3_bind_int64 (learn, 2, docid);
      sqlite3_bind_int64 (learn, 3, now);
      ok = lifeline_db_step_done (db, learn, error);
    }
  if (ok)
    {
      sqlite3_bind_int64 (usage, 1, docid);
      sqlite3_bind_int64 (usage, 2, now);
      ok = lifeline_db_step_done (db, usage, error);
    }

  if (own_tx)
    {
      if (ok && lifeline_db_commit (db, error))
        return TRUE;
      lifeline_db_rollback (db);
      return FALSE;
    }
  return ok;
}
