/* lifeline-kb-store.c — articles and recovery scripts in SQLite, with the search index
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write changes the item's row and all of its search tables in the
 * caller's transaction (or in one of its own): kb_fts (full text), kb_head
 * (titles and tags), kb_cjk (substrings of CJK text), kb_terms (title and
 * tag terms in title-length order) and kb_vocab (word statistics). The
 * full-text tables are contentless, so removing an item's old entry needs
 * its old text: it is rebuilt here from the stored row, with the same code
 * that indexed it (LIFELINE_KB_INDEX_FORMAT changes when that code does).
 */

#define G_LOG_DOMAIN "lifeline-kb"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-import.h"
#include "lifeline-kb-private.h"
#include "lifeline-wire.h"

enum
{
  STMT_ARTICLE_OLD,
  STMT_ARTICLE_INSERT,
  STMT_ARTICLE_UPDATE,
  STMT_SCRIPT_OLD,
  STMT_SCRIPT_INSERT,
  STMT_SCRIPT_UPDATE,
  STMT_FTS_INSERT,
  STMT_FTS_DELETE,
  STMT_HEAD_INSERT,
  STMT_HEAD_DELETE,
  STMT_CJK_INSERT,
  STMT_CJK_DELETE,
  STMT_TERMS_INSERT,
  STMT_TERMS_DELETE,
  STMT_VOCAB_ADD,
  STMT_VOCAB_PRUNE,
  STMT_STEMS_ADD,
  STMT_STEMS_PRUNE,
  N_STMTS
};

static const char * const stmt_sql[N_STMTS] = {
  [STMT_ARTICLE_OLD] =
    "SELECT docid, title, summary, body, tags, origin, starter_hash FROM kb_articles WHERE id = ?1",
  [STMT_ARTICLE_INSERT] =
    "INSERT INTO kb_articles (id, title, summary, body, tags, owner, revision, created_at,"
    " updated_at, verified_at, verified_by, verify_interval_days, origin, starter_hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
  [STMT_ARTICLE_UPDATE] =
    "UPDATE kb_articles SET id = ?1, title = ?2, summary = ?3, body = ?4, tags = ?5, owner = ?6,"
    " revision = ?7, created_at = ?8, updated_at = ?9, verified_at = ?10, verified_by = ?11,"
    " verify_interval_days = ?12, origin = ?13, starter_hash = ?14 WHERE docid = ?15",
  [STMT_SCRIPT_OLD] =
    "SELECT docid, json FROM kb_scripts WHERE id = ?1",
  [STMT_SCRIPT_INSERT] =
    "INSERT INTO kb_scripts (id, title, json, revision, updated_at, origin, starter_hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_SCRIPT_UPDATE] =
    "UPDATE kb_scripts SET id = ?1, title = ?2, json = ?3, revision = ?4, updated_at = ?5,"
    " origin = ?6, starter_hash = ?7 WHERE docid = ?8",
  [STMT_FTS_INSERT] =
    "INSERT INTO kb_fts (rowid, title, summary, body, tags) VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_FTS_DELETE] =
    "INSERT INTO kb_fts (kb_fts, rowid, title, summary, body, tags) VALUES ('delete', ?1, ?2, ?3, ?4, ?5)",
  [STMT_HEAD_INSERT] =
    "INSERT INTO kb_head (rowid, title, tags) VALUES (?1, ?2, ?3)",
  [STMT_HEAD_DELETE] =
    "INSERT INTO kb_head (kb_head, rowid, title, tags) VALUES ('delete', ?1, ?2, ?3)",
  [STMT_CJK_INSERT] =
    "INSERT INTO kb_cjk (rowid, title, summary, body) VALUES (?1, ?2, ?3, ?4)",
  [STMT_CJK_DELETE] =
    "DELETE FROM kb_cjk WHERE rowid = ?1",
  [STMT_TERMS_INSERT] =
    "INSERT OR IGNORE INTO kb_terms (key, score, docid) VALUES (?1, ?2, ?3)",
  [STMT_TERMS_DELETE] =
    "DELETE FROM kb_terms WHERE key = ?1 AND score = ?2 AND docid = ?3",
  [STMT_VOCAB_ADD] =
    "INSERT INTO kb_vocab (word, stem, df, hdf) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (word) DO UPDATE SET df = df + excluded.df, hdf = hdf + excluded.hdf",
  [STMT_VOCAB_PRUNE] =
    "DELETE FROM kb_vocab WHERE word = ?1 AND df <= 0",
  [STMT_STEMS_ADD] =
    "INSERT INTO kb_stems (stem, df, hdf) VALUES (?1, ?3, ?4)"
    " ON CONFLICT (stem) DO UPDATE SET df = df + excluded.df, hdf = hdf + excluded.hdf",
  [STMT_STEMS_PRUNE] =
    "DELETE FROM kb_stems WHERE stem = ?1 AND df <= 0",
};

/* A word or a stem, with the changes to its statistics not written yet. */
typedef struct _Entry Entry;
struct _Entry
{
  char     *key;
  Entry    *stem;       /* a word's stem; NULL for a stem */
  int       df;
  int       hdf;
  guint     doc;        /* the last item that counted it */
  guint     head_doc;
  gboolean  dirty;
};

typedef struct
{
  char   *key;
  int     score;
  gint64  docid;
} TermRow;

typedef struct
{
  LifelineTokenizers  tok;
  sqlite3_stmt       *stmts[N_STMTS];
  gboolean            bulk;
  int                 cache_size;   /* to restore after the bulk write */
  GHashTable         *bulk_terms;   /* docid → GHashTable (key → score) */
  GHashTable         *words;        /* word → Entry */
  GHashTable         *stems;        /* stem → Entry */
  GPtrArray          *dirty;        /* Entry with changes to write */
  guint               doc;          /* a serial number for each item indexed */
} StoreCtx;

/* The text an item has in the index. */
typedef struct
{
  const char *title;
  const char *summary;
  char       *body;
  char       *tags;
} IndexText;

static void
index_text_clear (IndexText *t)
{
  g_clear_pointer (&t->body, g_free);
  g_clear_pointer (&t->tags, g_free);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_free (entry);
}

static void
store_ctx_free (gpointer data)
{
  StoreCtx *ctx = data;

  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (ctx->stmts[i]);
  lifeline_tokenizers_clear (&ctx->tok);
  g_clear_pointer (&ctx->bulk_terms, g_hash_table_unref);
  g_clear_pointer (&ctx->dirty, g_ptr_array_unref);
  g_clear_pointer (&ctx->words, g_hash_table_unref);
  g_clear_pointer (&ctx->stems, g_hash_table_unref);
  g_free (ctx);
}

static StoreCtx *
store_ctx (LifelineDb  *db,
           GError     **error)
{
  StoreCtx *ctx = g_object_get_data (G_OBJECT (db), "lifeline-kb-store");

  if (ctx != NULL)
    return ctx;

  ctx = g_new0 (StoreCtx, 1);
  ctx->words = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  ctx->stems = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  ctx->dirty = g_ptr_array_new ();
  if (!lifeline_tokenizers_init (&ctx->tok, lifeline_db_get_handle (db), error))
    {
      store_ctx_free (ctx);
      return NULL;
    }

  g_object_set_data_full (G_OBJECT (db), "lifeline-kb-store", ctx, store_ctx_free);
  return ctx;
}

static sqlite3_stmt *
get_stmt (LifelineDb  *db,
          StoreCtx    *ctx,
          guint        which,
          GError     **error)
{
  if (ctx->stmts[which] == NULL)
    {
      ctx->stmts[which] = lifeline_db_prepare (db, stmt_sql[which], error);
      if (ctx->stmts[which] == NULL)
        return NULL;
    }
  else
    {
      sqlite3_reset (ctx->stmts[which]);
      sqlite3_clear_bindings (ctx->stmts[which]);
    }

  return ctx->stmts[which];
}

static gboolean
run_stmt (LifelineDb    *db,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  gboolean ok = lifeline_db_step_done (db, stmt, error);

  sqlite3_reset (stmt);
  return ok;
}

/* Searchers cache the vocabulary and the synonyms until this changes. */
static gboolean
bump_generation (LifelineDb  *db,
                 GError     **error)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT "-%08x",
                                            g_get_real_time (), g_random_int ());

  return lifeline_db_set_meta (db, "kb_generation", value, error);
}

/* Tokenizers ---------------------------------------------------------------- */

gboolean
lifeline_tokenizers_init (LifelineTokenizers  *self,
                          sqlite3             *handle,
                          GError             **error)
{
  self->plain = lifeline_tokenizer_new (handle, FALSE, error);
  if (self->plain == NULL)
    return FALSE;
  self->stem = lifeline_tokenizer_new (handle, TRUE, error);
  if (self->stem == NULL)
    {
      g_clear_pointer (&self->plain, lifeline_tokenizer_free);
      return FALSE;
    }
  return TRUE;
}

void
lifeline_tokenizers_clear (LifelineTokenizers *self)
{
  g_clear_pointer (&self->plain, lifeline_tokenizer_free);
  g_clear_pointer (&self->stem, lifeline_tokenizer_free);
}

typedef struct
{
  GArray *tokens;
  guint   next;
} StemFill;

static gboolean
collect_plain_cb (const char *token,
                  int         n_token,
                  int         start,
                  int         end,
                  gpointer    user_data)
{
  LifelineToken t = { g_strndup (token, n_token), NULL, start, end };

  g_array_append_val (user_data, t);
  return TRUE;
}

static gboolean
collect_stem_cb (const char *token,
                 int         n_token,
                 int         start,
                 int         end,
                 gpointer    user_data)
{
  StemFill *fill = user_data;

  /* porter wraps unicode61: one stemmed token for each plain one. */
  while (fill->next < fill->tokens->len)
    {
      LifelineToken *t = &g_array_index (fill->tokens, LifelineToken, fill->next++);

      if (t->start == start)
        {
          t->stem = g_strndup (token, n_token);
          return TRUE;
        }
    }
  return TRUE;
}

GArray *
lifeline_tokens_collect (LifelineTokenizers *self,
                         const char         *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (LifelineToken));
  StemFill fill = { tokens, 0 };

  if (text == NULL || *text == '\0')
    return tokens;

  lifeline_tokenizer_run (self->plain, text, -1, collect_plain_cb, tokens);
  lifeline_tokenizer_run (self->stem, text, -1, collect_stem_cb, &fill);
  for (guint i = 0; i < tokens->len; i++)
    {
      LifelineToken *t = &g_array_index (tokens, LifelineToken, i);

      if (t->stem == NULL)
        t->stem = g_strdup (t->word);
    }
  return tokens;
}

void
lifeline_tokens_free (GArray *tokens)
{
  if (tokens == NULL)
    return;
  for (guint i = 0; i < tokens->len; i++)
    {
      LifelineToken *t = &g_array_index (tokens, LifelineToken, i);

      g_free (t->word);
      g_free (t->stem);
    }
  g_array_unref (tokens);
}

/* Index text ------------------------------------------------------------------ */

static char *
join_tags (const char * const *tags,
           const char * const *more)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    g_string_append_printf (out, "%s%s", out->len ? ", " : "", tags[i]);
  for (guint i = 0; more != NULL && more[i] != NULL; i++)
    {
      g_autofree char *spaced = g_strdelimit (g_strdup (more[i]), "_", ' ');

      g_string_append_printf (out, "%s%s", out->len ? ", " : "", spaced);
    }
  return g_string_free (out, FALSE);
}

static char *
tags_to_json (const char * const *tags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GStrv
tags_from_json (const char *json)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *tag = json_array_get_string_element (array, i);

          if (tag != NULL)
            g_strv_builder_add (out, tag);
        }
    }
  return g_strv_builder_end (out);
}

static void
article_index_text (IndexText  *t,
                    const char *title,
                    const char *summary,
                    const char *body,
                    const char * const *tags)
{
  t->title = title;
  t->summary = summary ? summary : "";
  t->body = lifeline_markdown_to_text (body);
  t->tags = join_tags (tags, NULL);
}

char *
lifeline_kb_script_text (LifelineScript *script)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < script->steps->len; i++)
    {
      LifelineScriptStep *step = g_ptr_array_index (script->steps, i);

      if (step->do_text != NULL && *step->do_text != '\0')
        g_string_append_printf (out, "%s\n", step->do_text);
      if (step->say != NULL && *step->say != '\0')
        g_string_append_printf (out, "%s\n", step->say);
      if (step->ask != NULL && *step->ask != '\0')
        g_string_append_printf (out, "%s\n", step->ask);
    }
  return g_string_free (out, FALSE);
}

static void
script_index_text (IndexText      *t,
                   LifelineScript *script)
{
  t->title = script->title;
  t->summary = "";
  t->body = lifeline_kb_script_text (script);
  t->tags = join_tags ((const char * const *)script->tags,
                       (const char * const *)script->categories);
}

/* Index writes ---------------------------------------------------------------- */

static void
note_key (GHashTable *keys,
          const char *key,
          int         score)
{
  gpointer old;

  if (g_hash_table_lookup_extended (keys, key, NULL, &old) && GPOINTER_TO_INT (old) <= score)
    return;
  g_hash_table_insert (keys, g_strdup (key), GINT_TO_POINTER (score));
}

/* The entry of a folded word, and of its stem, made on first sight: a
 * knowledge base has far fewer different words than words. */
static Entry *
word_entry (StoreCtx   *ctx,
            const char *word)
{
  Entry *entry = g_hash_table_lookup (ctx->words, word);

  if (entry == NULL)
    {
      g_autofree char *stem = lifeline_tokenizer_one (ctx->tok.stem, word);

      entry = g_new0 (Entry, 1);
      entry->key = g_strdup (word);
      entry->stem = g_hash_table_lookup (ctx->stems, stem ? stem : word);
      if (entry->stem == NULL)
        {
          entry->stem = g_new0 (Entry, 1);
          entry->stem->key = stem ? g_steal_pointer (&stem) : g_strdup (word);
          g_hash_table_insert (ctx->stems, entry->stem->key, entry->stem);
        }
      g_hash_table_insert (ctx->words, entry->key, entry);
    }
  return entry;
}

static void
count_entry (StoreCtx *ctx,
             Entry    *entry,
             gboolean  head,
             int       sign)
{
  if (entry->doc != ctx->doc)
    {
      entry->doc = ctx->doc;
      entry->df += sign;
      if (!entry->dirty)
        {
          entry->dirty = TRUE;
          g_ptr_array_add (ctx->dirty, entry);
        }
    }
  if (head && entry->head_doc != ctx->doc)
    {
      entry->head_doc = ctx->doc;
      entry->hdf += sign;
    }
}

typedef struct
{
  StoreCtx   *ctx;
  GHashTable *keys;
  gboolean    head;
  int         key_score;
  int         sign;
} DocScan;

static gboolean
doc_scan_cb (const char *token,
             int         n_token,
             int         start,
             int         end,
             gpointer    user_data)
{
  DocScan *scan = user_data;
  char stack[128];
  g_autofree char *heap = NULL;
  char *word = stack;
  Entry *entry;

  if (n_token >= (int)sizeof stack)
    word = heap = g_malloc (n_token + 1);
  memcpy (word, token, n_token);
  word[n_token] = '\0';

  entry = word_entry (scan->ctx, word);
  count_entry (scan->ctx, entry, scan->head, scan->sign);
  count_entry (scan->ctx, entry->stem, scan->head, scan->sign);
  if (scan->keys != NULL)
    note_key (scan->keys, entry->stem->key, scan->key_score);
  return TRUE;
}

static gboolean
count_cb (const char *token,
          int         n_token,
          int         start,
          int         end,
          gpointer    user_data)
{
  (*(int *)user_data)++;
  return TRUE;
}

/* Counts the item's words and stems (+1 or -1) and returns its kb_terms
 * keys (key → score). */
static GHashTable *
collect_doc (StoreCtx  *ctx,
             IndexText *t,
             int        sign)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DocScan scan = { ctx, keys, TRUE, 0, sign };
  int title_len = 0;

  ctx->doc++;
  lifeline_tokenizer_run (ctx->tok.plain, t->title, -1, count_cb, &title_len);
  title_len = MIN (title_len, 63);

  scan.key_score = title_len;
  lifeline_tokenizer_run (ctx->tok.plain, t->title, -1, doc_scan_cb, &scan);
  scan.key_score = 64 + title_len;
  lifeline_tokenizer_run (ctx->tok.plain, t->tags, -1, doc_scan_cb, &scan);
  scan.keys = NULL;
  scan.head = FALSE;
  lifeline_tokenizer_run (ctx->tok.plain, t->summary, -1, doc_scan_cb, &scan);
  lifeline_tokenizer_run (ctx->tok.plain, t->body, -1, doc_scan_cb, &scan);

  return keys;
}

static gboolean
vocab_write (LifelineDb  *db,
             StoreCtx    *ctx,
             gboolean     stems,
             const char  *word,
             const char  *stem,
             int          df,
             int          hdf,
             GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (db, ctx, stems ? STMT_STEMS_ADD : STMT_VOCAB_ADD, error);

  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, word);
  lifeline_db_bind_text (stmt, 2, stem);
  sqlite3_bind_int (stmt, 3, df);
  sqlite3_bind_int (stmt, 4, hdf);
  if (!run_stmt (db, stmt, error))
    return FALSE;

  if (df < 0)
    {
      stmt = get_stmt (db, ctx, stems ? STMT_STEMS_PRUNE : STMT_VOCAB_PRUNE, error);
      if (stmt == NULL)
        return FALSE;
      lifeline_db_bind_text (stmt, 1, word);
      if (!run_stmt (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Writes the statistics that changed. */
static gboolean
flush_entries (LifelineDb  *db,
               StoreCtx    *ctx,
               GError     **error)
{
  for (guint i = 0; i < ctx->dirty->len; i++)
    {
      Entry *entry = g_ptr_array_index (ctx->dirty, i);

      entry->dirty = FALSE;
      if (entry->df == 0 && entry->hdf == 0)
        continue;
      if (!vocab_write (db, ctx, entry->stem == NULL, entry->key,
                        entry->stem ? entry->stem->key : entry->key,
                        entry->df, entry->hdf, error))
        {
          /* The caller rolls back: forget what was not written. */
          for (guint k = 0; k < ctx->dirty->len; k++)
            {
              Entry *e = g_ptr_array_index (ctx->dirty, k);

              e->df = e->hdf = 0;
              e->dirty = FALSE;
            }
          g_ptr_array_set_size (ctx->dirty, 0);
          return FALSE;
        }
      entry->df = entry->hdf = 0;
    }
  g_ptr_array_set_size (ctx->dirty, 0);

  /* Bounded memory for a long-lived connection. */
  if (g_hash_table_size (ctx->words) > 200000)
    {
      g_hash_table_remove_all (ctx->words);
      g_hash_table_remove_all (ctx->stems);
    }
  return TRUE;
}

static gboolean
terms_write (LifelineDb  *db,
             StoreCtx    *ctx,
             gboolean     add,
             const char  *key,
             int          score,
             gint64       docid,
             GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (db, ctx, add ? STMT_TERMS_INSERT : STMT_TERMS_DELETE, error);

  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, key);
  sqlite3_bind_int (stmt, 2, score);
  sqlite3_bind_int64 (stmt, 3, docid);
  return run_stmt (db, stmt, error);
}

static gboolean
index_doc (LifelineDb  *db,
           StoreCtx    *ctx,
           gint64       docid,
           IndexText   *t,
           gboolean     add,
           GError     **error)
{
  g_autoptr(GHashTable) keys = NULL;
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key, value;

  /* Full text */
  if (!(stmt = get_stmt (db, ctx, add ? STMT_FTS_INSERT : STMT_FTS_DELETE, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, docid);
  lifeline_db_bind_text (stmt, 2, t->title);
  lifeline_db_bind_text (stmt, 3, t->summary);
  lifeline_db_bind_text (stmt, 4, t->body);
  lifeline_db_bind_text (stmt, 5, t->tags);
  if (!run_stmt (db, stmt, error))
    return FALSE;

  /* Titles and tags */
  if (!(stmt = get_stmt (db, ctx, add ? STMT_HEAD_INSERT : STMT_HEAD_DELETE, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, docid);
  lifeline_db_bind_text (stmt, 2, t->title);
  lifeline_db_bind_text (stmt, 3, t->tags);
  if (!run_stmt (db, stmt, error))
    return FALSE;

  /* CJK substrings */
  if (!add)
    {
      if (!(stmt = get_stmt (db, ctx, STMT_CJK_DELETE, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, docid);
      if (!run_stmt (db, stmt, error))
        return FALSE;
    }
  else if (lifeline_text_has_cjk (t->title) || lifeline_text_has_cjk (t->summary) ||
           lifeline_text_has_cjk (t->body) || lifeline_text_has_cjk (t->tags))
    {
      g_autofree char *summary = g_strconcat (t->summary, "\n", t->tags, NULL);

      if (!(stmt = get_stmt (db, ctx, STMT_CJK_INSERT, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, docid);
      lifeline_db_bind_text (stmt, 2, t->title);
      lifeline_db_bind_text (stmt, 3, summary);
      lifeline_db_bind_text (stmt, 4, t->body);
      if (!run_stmt (db, stmt, error))
        return FALSE;
    }

  keys = collect_doc (ctx, t, add ? 1 : -1);

  /* Title and tag terms */
  if (ctx->bulk_terms != NULL)
    {
      gint64 *k = g_new (gint64, 1);

      *k = docid;
      if (add)
        g_hash_table_insert (ctx->bulk_terms, k, g_hash_table_ref (keys));
      else
        {
          g_hash_table_remove (ctx->bulk_terms, k);
          g_free (k);
        }
    }
  if (ctx->bulk_terms == NULL || !add)
    {
      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!terms_write (db, ctx, add, key, GPOINTER_TO_INT (value), docid, error))
          return FALSE;
    }

  /* Word and stem statistics: written now, or at the end of the bulk write. */
  return ctx->bulk || flush_entries (db, ctx, error);
}

void
lifeline_kb_bulk_begin (LifelineDb *db)
{
  StoreCtx *ctx = store_ctx (db, NULL);

  g_return_if_fail (ctx != NULL);

  if (!ctx->bulk)
    {
      g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, "PRAGMA cache_size", NULL);

      /* A big import touches every page of the index: keep more of them. */
      ctx->cache_size = stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : -2000;
      lifeline_db_exec (db, "PRAGMA cache_size = -65536", NULL);
      ctx->bulk = TRUE;
      ctx->bulk_terms = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                               (GDestroyNotify)g_hash_table_unref);
    }
}

static int
term_row_compare (gconstpointer a,
                  gconstpointer b)
{
  const TermRow *ra = a, *rb = b;
  int c = strcmp (ra->key, rb->key);

  if (c != 0)
    return c;
  if (ra->score != rb->score)
    return ra->score < rb->score ? -1 : 1;
  return ra->docid < rb->docid ? -1 : ra->docid > rb->docid;
}

gboolean
lifeline_kb_bulk_end (LifelineDb  *db,
                      GError     **error)
{
  StoreCtx *ctx = store_ctx (db, error);
  g_autoptr(GHashTable) terms = NULL;
  g_autoptr(GArray) rows = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (ctx == NULL)
    return FALSE;
  if (!ctx->bulk)
    return TRUE;

  ctx->bulk = FALSE;
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %d", ctx->cache_size);

    lifeline_db_exec (db, sql, NULL);
  }
  terms = g_steal_pointer (&ctx->bulk_terms);
  if (!flush_entries (db, ctx, error))
    return FALSE;

  /* In key order, so that the B-tree grows at its end. */
  rows = g_array_new (FALSE, FALSE, sizeof (TermRow));
  g_hash_table_iter_init (&iter, terms);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTableIter kiter;
      gpointer k, score;

      g_hash_table_iter_init (&kiter, value);
      while (g_hash_table_iter_next (&kiter, &k, &score))
        {
          TermRow row = { k, GPOINTER_TO_INT (score), *(gint64 *)key };

          g_array_append_val (rows, row);
        }
    }
  if (!bump_generation (db, error))
    return FALSE;
  g_array_sort (rows, term_row_compare);
  for (guint i = 0; i < rows->len; i++)
    {
      TermRow *row = &g_array_index (rows, TermRow, i);

      if (!terms_write (db, ctx, TRUE, row->key, row->score, row->docid, error))
        return FALSE;
    }

  return TRUE;
}

/* Transactions ------------------------------------------------------------------ */

/* Runs in the caller's transaction, or in a new one. */
typedef struct
{
  LifelineDb *db;
  gboolean    own;
} Tx;

static gboolean
tx_begin (Tx          *tx,
          LifelineDb  *db,
          GError     **error)
{
  tx->db = db;
  tx->own = sqlite3_get_autocommit (lifeline_db_get_handle (db)) != 0;
  return !tx->own || lifeline_db_begin (db, error);
}

static gboolean
tx_end (Tx        *tx,
        gboolean   ok,
        GError   **error)
{
  if (!tx->own)
    return ok;
  if (ok && lifeline_db_commit (tx->db, error))
    return TRUE;
  lifeline_db_rollback (tx->db);
  return FALSE;
}

/* Articles ---------------------------------------------------------------------- */

static gboolean
put_article (LifelineDb       *db,
             StoreCtx         *ctx,
             LifelineArticle  *article,
             LifelineOrigin    origin,
             const char       *starter_hash,
             GError          **error)
{
  g_autofree char *tags = NULL;
  IndexText text = { 0 };
  sqlite3_stmt *stmt;
  gint64 docid = 0;
  gboolean ok;

  if (!(stmt = get_stmt (db, ctx, STMT_ARTICLE_OLD, error)))
    return FALSE;
  lifeline_db_bind_text (stmt, 1, article->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_auto(GStrv) old_tags = tags_from_json ((const char *)sqlite3_column_text (stmt, 4));

      docid = sqlite3_column_int64 (stmt, 0);
      article_index_text (&text,
                          (const char *)sqlite3_column_text (stmt, 1),
                          (const char *)sqlite3_column_text (stmt, 2),
                          (const char *)sqlite3_column_text (stmt, 3),
                          (const char * const *)old_tags);
      ok = index_doc (db, ctx, docid, &text, FALSE, error);
      index_text_clear (&text);
      if (!ok)
        return FALSE;
    }
  sqlite3_reset (stmt);

  tags = tags_to_json ((const char * const *)article->tags);
  if (!(stmt = get_stmt (db, ctx, docid ? STMT_ARTICLE_UPDATE : STMT_ARTICLE_INSERT, error)))
    return FALSE;
  lifeline_db_bind_text (stmt, 1, article->id);
  lifeline_db_bind_text (stmt, 2, article->title);
  lifeline_db_bind_text (stmt, 3, article->summary ? article->summary : "");
  lifeline_db_bind_text (stmt, 4, article->body ? article->body : "");
  lifeline_db_bind_text (stmt, 5, tags);
  lifeline_db_bind_text (stmt, 6, article->owner ? article->owner : "");
  sqlite3_bind_int64 (stmt, 7, article->revision);
  sqlite3_bind_int64 (stmt, 8, article->created_at);
  sqlite3_bind_int64 (stmt, 9, article->updated_at);
  sqlite3_bind_int64 (stmt, 10, article->verified_at);
  lifeline_db_bind_text (stmt, 11, article->verified_by);
  sqlite3_bind_int (stmt, 12, article->verify_interval_days);
  sqlite3_bind_int (stmt, 13, origin);
  lifeline_db_bind_text (stmt, 14, origin == LIFELINE_ORIGIN_STARTER ? starter_hash : NULL);
  if (docid)
    sqlite3_bind_int64 (stmt, 15, docid);
  if (!run_stmt (db, stmt, error))
    return FALSE;
  if (!docid)
    docid = sqlite3_last_insert_rowid (lifeline_db_get_handle (db));

  article_index_text (&text, article->title, article->summary, article->body,
                      (const char * const *)article->tags);
  ok = index_doc (db, ctx, docid, &text, TRUE, error);
  index_text_clear (&text);
  return ok;
}

gboolean
lifeline_kb_put_article_full (LifelineDb       *db,
                              LifelineArticle  *article,
                              LifelineOrigin    origin,
                              const char       *starter_hash,
                              GError          **error)
{
  StoreCtx *ctx;
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (LIFELINE_IS_ARTICLE (article), FALSE);
  g_return_val_if_fail (article->id != NULL && article->title != NULL, FALSE);

  if (!(ctx = store_ctx (db, error)) || !tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx,
                 put_article (db, ctx, article, origin, starter_hash, error) &&
                 (ctx->bulk || bump_generation (db, error)),
                 error);
}

gboolean
lifeline_kb_put_article (LifelineDb       *db,
                         LifelineArticle  *article,
                         LifelineOrigin    origin,
                         GError          **error)
{
  return lifeline_kb_put_article_full (db, article, origin, NULL, error);
}

static gboolean
forget_docid (LifelineDb  *db,
              gint64       docid,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) learn = lifeline_db_prepare (db, "DELETE FROM kb_learn WHERE docid = ?1", error);
  g_autoptr(sqlite3_stmt) usage = NULL;

  if (learn == NULL)
    return FALSE;
  sqlite3_bind_int64 (learn, 1, docid);
  if (!lifeline_db_step_done (db, learn, error))
    return FALSE;
  usage = lifeline_db_prepare (db, "DELETE FROM kb_usage WHERE docid = ?1", error);
  if (usage == NULL)
    return FALSE;
  sqlite3_bind_int64 (usage, 1, docid);
  return lifeline_db_step_done (db, usage, error);
}

static gboolean
delete_article (LifelineDb  *db,
                StoreCtx    *ctx,
                const char  *id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) del = NULL;
  IndexText text = { 0 };
  sqlite3_stmt *stmt;
  gint64 docid;
  gboolean ok;

  if (!(stmt = get_stmt (db, ctx, STMT_ARTICLE_OLD, error)))
    return FALSE;
  lifeline_db_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no article “%s” in the knowledge base"), id);
      return FALSE;
    }
  else
    {
      g_auto(GStrv) old_tags = tags_from_json ((const char *)sqlite3_column_text (stmt, 4));

      docid = sqlite3_column_int64 (stmt, 0);
      article_index_text (&text,
                          (const char *)sqlite3_column_text (stmt, 1),
                          (const char *)sqlite3_column_text (stmt, 2),
                          (const char *)sqlite3_column_text (stmt, 3),
                          (const char * const *)old_tags);
      ok = index_doc (db, ctx, docid, &text, FALSE, error);
      index_text_clear (&text);
      sqlite3_reset (stmt);
      if (!ok)
        return FALSE;
    }

  del = lifeline_db_prepare (db, "DELETE FROM kb_articles WHERE docid = ?1", error);
  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, docid);
  return lifeline_db_step_done (db, del, error) && forget_docid (db, docid, error);
}

gboolean
lifeline_kb_delete_article (LifelineDb  *db,
                            const char  *id,
                            GError     **error)
{
  StoreCtx *ctx;
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(ctx = store_ctx (db, error)) || !tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx, delete_article (db, ctx, id, error) && bump_generation (db, error), error);
}

#define ARTICLE_COLUMNS \
  "id, title, summary, body, tags, owner, revision, created_at, updated_at, verified_at," \
  " verified_by, verify_interval_days"

static LifelineArticle *
article_from_row (sqlite3_stmt *stmt)
{
  LifelineArticle *article = lifeline_article_new ((const char *)sqlite3_column_text (stmt, 0),
                                                   (const char *)sqlite3_column_text (stmt, 1));

  g_free (article->summary);
  article->summary = lifeline_db_column_dup (stmt, 2);
  g_free (article->body);
  article->body = lifeline_db_column_dup (stmt, 3);
  g_strfreev (article->tags);
  article->tags = tags_from_json ((const char *)sqlite3_column_text (stmt, 4));
  g_free (article->owner);
  article->owner = lifeline_db_column_dup (stmt, 5);
  article->revision = sqlite3_column_int64 (stmt, 6);
  article->created_at = sqlite3_column_int64 (stmt, 7);
  article->updated_at = sqlite3_column_int64 (stmt, 8);
  article->verified_at = sqlite3_column_int64 (stmt, 9);
  article->verified_by = lifeline_db_column_dup (stmt, 10);
  article->verify_interval_days = sqlite3_column_int (stmt, 11);
  return article;
}

LifelineArticle *
lifeline_kb_get_article (LifelineDb  *db,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = lifeline_db_prepare (db, "SELECT " ARTICLE_COLUMNS " FROM kb_articles WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return article_from_row (stmt);
    case SQLITE_DONE:
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no article “%s” in the knowledge base"), id);
      return NULL;
    default:
      lifeline_db_set_error (db, error, "Reading an article");
      return NULL;
    }
}

GPtrArray *
lifeline_kb_list_articles (LifelineDb  *db,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  stmt = lifeline_db_prepare (db, "SELECT " ARTICLE_COLUMNS " FROM kb_articles ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, article_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Listing articles");
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Scripts ----------------------------------------------------------------------- */

static LifelineScript *
script_from_json (const char  *json,
                  GError     **error)
{
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, error);

  return object ? lifeline_script_new_from_json (object, error) : NULL;
}

static gboolean
put_script (LifelineDb      *db,
            StoreCtx        *ctx,
            LifelineScript  *script,
            LifelineOrigin   origin,
            const char      *starter_hash,
            GError         **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  IndexText text = { 0 };
  sqlite3_stmt *stmt;
  gint64 rowid = 0;
  gboolean ok;

  if (!(stmt = get_stmt (db, ctx, STMT_SCRIPT_OLD, error)))
    return FALSE;
  lifeline_db_bind_text (stmt, 1, script->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(LifelineScript) old = NULL;

      rowid = sqlite3_column_int64 (stmt, 0);
      old = script_from_json ((const char *)sqlite3_column_text (stmt, 1), error);
      sqlite3_reset (stmt);
      if (old == NULL)
        return FALSE;
      script_index_text (&text, old);
      ok = index_doc (db, ctx, -rowid, &text, FALSE, error);
      index_text_clear (&text);
      if (!ok)
        return FALSE;
    }
  sqlite3_reset (stmt);

  node = lifeline_script_to_json_node (script);
  json = json_to_string (node, FALSE);
  if (!(stmt = get_stmt (db, ctx, rowid ? STMT_SCRIPT_UPDATE : STMT_SCRIPT_INSERT, error)))
    return FALSE;
  lifeline_db_bind_text (stmt, 1, script->id);
  lifeline_db_bind_text (stmt, 2, script->title);
  lifeline_db_bind_text (stmt, 3, json);
  sqlite3_bind_int64 (stmt, 4, script->revision);
  sqlite3_bind_int64 (stmt, 5, script->updated_at);
  sqlite3_bind_int (stmt, 6, origin);
  lifeline_db_bind_text (stmt, 7, origin == LIFELINE_ORIGIN_STARTER ? starter_hash : NULL);
  if (rowid)
    sqlite3_bind_int64 (stmt, 8, rowid);
  if (!run_stmt (db, stmt, error))
    return FALSE;
  if (!rowid)
    rowid = sqlite3_last_insert_rowid (lifeline_db_get_handle (db));

  script_index_text (&text, script);
  ok = index_doc (db, ctx, -rowid, &text, TRUE, error);
  index_text_clear (&text);
  return ok;
}

gboolean
lifeline_kb_put_script_full (LifelineDb      *db,
                             LifelineScript  *script,
                             LifelineOrigin   origin,
                             const char      *starter_hash,
                             GError         **error)
{
  StoreCtx *ctx;
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (LIFELINE_IS_SCRIPT (script), FALSE);

  if (!(ctx = store_ctx (db, error)) || !tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx,
                 put_script (db, ctx, script, origin, starter_hash, error) &&
                 (ctx->bulk || bump_generation (db, error)),
                 error);
}

gboolean
lifeline_kb_put_script (LifelineDb      *db,
                        LifelineScript  *script,
                        LifelineOrigin   origin,
                        GError         **error)
{
  return lifeline_kb_put_script_full (db, script, origin, NULL, error);
}

static gboolean
delete_script (LifelineDb  *db,
               StoreCtx    *ctx,
               const char  *id,
               GError     **error)
{
  g_autoptr(LifelineScript) old = NULL;
  g_autoptr(sqlite3_stmt) del = NULL;
  IndexText text = { 0 };
  sqlite3_stmt *stmt;
  gint64 rowid;
  gboolean ok;

  if (!(stmt = get_stmt (db, ctx, STMT_SCRIPT_OLD, error)))
    return FALSE;
  lifeline_db_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no recovery script “%s” in the knowledge base"), id);
      return FALSE;
    }
  rowid = sqlite3_column_int64 (stmt, 0);
  old = script_from_json ((const char *)sqlite3_column_text (stmt, 1), error);
  sqlite3_reset (stmt);
  if (old == NULL)
    return FALSE;

  script_index_text (&text, old);
  ok = index_doc (db, ctx, -rowid, &text, FALSE, error);
  index_text_clear (&text);
  if (!ok)
    return FALSE;

  del = lifeline_db_prepare (db, "DELETE FROM kb_scripts WHERE docid = ?1", error);
  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, rowid);
  return lifeline_db_step_done (db, del, error) && forget_docid (db, -rowid, error);
}

gboolean
lifeline_kb_delete_script (LifelineDb  *db,
                           const char  *id,
                           GError     **error)
{
  StoreCtx *ctx;
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(ctx = store_ctx (db, error)) || !tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx, delete_script (db, ctx, id, error) && bump_generation (db, error), error);
}

LifelineScript *
lifeline_kb_get_script (LifelineDb  *db,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = lifeline_db_prepare (db, "SELECT json FROM kb_scripts WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  lifeline_db_bind_text (stmt, 1, id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return script_from_json ((const char *)sqlite3_column_text (stmt, 0), error);
    case SQLITE_DONE:
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no recovery script “%s” in the knowledge base"), id);
      return NULL;
    default:
      lifeline_db_set_error (db, error, "Reading a recovery script");
      return NULL;
    }
}

GPtrArray *
lifeline_kb_list_scripts (LifelineDb  *db,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  stmt = lifeline_db_prepare (db, "SELECT json FROM kb_scripts ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LifelineScript *script = script_from_json ((const char *)sqlite3_column_text (stmt, 0), error);

      if (script == NULL)
        return NULL;
      g_ptr_array_add (out, script);
    }
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Listing recovery scripts");
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
lifeline_kb_get_origin (LifelineDb      *db,
                        const char      *id,
                        gboolean         script,
                        LifelineOrigin  *origin,
                        GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  stmt = lifeline_db_prepare (db, script ? "SELECT origin FROM kb_scripts WHERE id = ?1"
                                         : "SELECT origin FROM kb_articles WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  lifeline_db_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no item “%s” in the knowledge base"), id);
      return FALSE;
    }
  if (origin != NULL)
    *origin = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Rebuilding -------------------------------------------------------------------- */

static gboolean
reindex (LifelineDb  *db,
         StoreCtx    *ctx,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) articles = NULL;
  g_autoptr(sqlite3_stmt) scripts = NULL;
  int rc;

  if (!lifeline_db_exec (db,
                         "INSERT INTO kb_fts (kb_fts) VALUES ('delete-all');"
                         "INSERT INTO kb_head (kb_head) VALUES ('delete-all');"
                         "DELETE FROM kb_cjk; DELETE FROM kb_terms; DELETE FROM kb_vocab; DELETE FROM kb_stems;",
                         error))
    return FALSE;

  lifeline_kb_bulk_begin (db);

  articles = lifeline_db_prepare (db, "SELECT docid, title, summary, body, tags FROM kb_articles", error);
  if (articles == NULL)
    return FALSE;
  while ((rc = sqlite3_step (articles)) == SQLITE_ROW)
    {
      g_auto(GStrv) tags = tags_from_json ((const char *)sqlite3_column_text (articles, 4));
      IndexText text = { 0 };
      gboolean ok;

      article_index_text (&text,
                          (const char *)sqlite3_column_text (articles, 1),
                          (const char *)sqlite3_column_text (articles, 2),
                          (const char *)sqlite3_column_text (articles, 3),
                          (const char * const *)tags);
      ok = index_doc (db, ctx, sqlite3_column_int64 (articles, 0), &text, TRUE, error);
      index_text_clear (&text);
      if (!ok)
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return lifeline_db_set_error (db, error, "Reading articles");

  scripts = lifeline_db_prepare (db, "SELECT docid, json FROM kb_scripts", error);
  if (scripts == NULL)
    return FALSE;
  while ((rc = sqlite3_step (scripts)) == SQLITE_ROW)
    {
      g_autoptr(LifelineScript) script = script_from_json ((const char *)sqlite3_column_text (scripts, 1), error);
      IndexText text = { 0 };
      gboolean ok;

      if (script == NULL)
        return FALSE;
      script_index_text (&text, script);
      ok = index_doc (db, ctx, -sqlite3_column_int64 (scripts, 0), &text, TRUE, error);
      index_text_clear (&text);
      if (!ok)
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return lifeline_db_set_error (db, error, "Reading recovery scripts");

  return lifeline_kb_bulk_end (db, error) &&
         lifeline_db_set_meta (db, "kb_index_format", LIFELINE_KB_INDEX_FORMAT, error);
}

gboolean
lifeline_kb_reindex (LifelineDb  *db,
                     GError     **error)
{
  StoreCtx *ctx;
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  if (!(ctx = store_ctx (db, error)) || !tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx, reindex (db, ctx, error), error);
}

gboolean
lifeline_kb_create_database (const char  *path,
                             GError     **error)
{
  sqlite3 *handle = NULL;
  char *message = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS) || strcmp (path, ":memory:") == 0)
    return TRUE;

  {
    g_autofree char *dir = g_path_get_dirname (path);

    g_mkdir_with_parents (dir, 0700);
  }
  rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (handle, "PRAGMA page_size = 16384; PRAGMA auto_vacuum = INCREMENTAL;"
                                 " PRAGMA journal_mode = WAL;", NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
                   _("Could not create the database %s: %s"), path,
                   message ? message : handle ? sqlite3_errmsg (handle) : "out of memory");
      sqlite3_free (message);
      sqlite3_close (handle);
      return FALSE;
    }
  sqlite3_close (handle);
  return TRUE;
}

/* Synonyms ---------------------------------------------------------------------- */

static char *
normalize_term (const char *term)
{
  g_autofree char *down = g_utf8_strdown (term, -1);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (down), " \t\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

GPtrArray *
lifeline_kb_list_synonyms (LifelineDb  *db,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GStrvBuilder) group = NULL;
  gint64 current = G_MININT64;
  int rc;

  g_return_val_if_fail (LIFELINE_IS_DB (db), NULL);

  stmt = lifeline_db_prepare (db, "SELECT grp, term FROM kb_synonyms ORDER BY grp, pos", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 grp = sqlite3_column_int64 (stmt, 0);

      if (grp != current && group != NULL)
        g_ptr_array_add (out, g_strv_builder_end (group));
      if (grp != current)
        {
          g_clear_pointer (&group, g_strv_builder_unref);
          group = g_strv_builder_new ();
          current = grp;
        }
      g_strv_builder_add (group, (const char *)sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      lifeline_db_set_error (db, error, "Reading synonyms");
      return NULL;
    }
  if (group != NULL)
    g_ptr_array_add (out, g_strv_builder_end (group));
  return g_steal_pointer (&out);
}

static gboolean
insert_group (LifelineDb          *db,
              gint64               grp,
              int                  first_pos,
              const char * const  *terms,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    lifeline_db_prepare (db, "INSERT OR IGNORE INTO kb_synonyms (grp, pos, term) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; terms[i] != NULL; i++)
    {
      g_autofree char *term = normalize_term (terms[i]);

      if (*term == '\0')
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, grp);
      sqlite3_bind_int (stmt, 2, first_pos + i);
      lifeline_db_bind_text (stmt, 3, term);
      if (!lifeline_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
query_int64 (LifelineDb *db,
             const char *sql,
             gint64      fallback)
{
  g_autoptr(sqlite3_stmt) stmt = lifeline_db_prepare (db, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
add_synonyms (LifelineDb          *db,
              const char * const  *terms,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) find = lifeline_db_prepare (db, "SELECT grp FROM kb_synonyms WHERE term = ?1", error);
  g_autoptr(sqlite3_stmt) move = NULL;
  g_autoptr(sqlite3_stmt) cleanup = NULL;
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 target;
  int pos;

  if (find == NULL)
    return FALSE;
  for (guint i = 0; terms[i] != NULL; i++)
    {
      g_autofree char *term = normalize_term (terms[i]);

      sqlite3_reset (find);
      lifeline_db_bind_text (find, 1, term);
      while (sqlite3_step (find) == SQLITE_ROW)
        {
          gint64 grp = sqlite3_column_int64 (find, 0);

          g_array_append_val (groups, grp);
        }
    }

  if (groups->len == 0)
    target = query_int64 (db, "SELECT MAX(grp) FROM kb_synonyms", 0) + 1;
  else
    {
      target = g_array_index (groups, gint64, 0);
      for (guint i = 1; i < groups->len; i++)
        target = MIN (target, g_array_index (groups, gint64, i));

      /* Join the other groups into the first one, after its terms. */
      move = lifeline_db_prepare (db,
                                  "UPDATE OR IGNORE kb_synonyms SET grp = ?1, pos = pos + 1000 WHERE grp = ?2;",
                                  error);
      cleanup = lifeline_db_prepare (db, "DELETE FROM kb_synonyms WHERE grp = ?1", error);
      if (move == NULL || cleanup == NULL)
        return FALSE;
      for (guint i = 0; i < groups->len; i++)
        {
          gint64 grp = g_array_index (groups, gint64, i);

          if (grp == target)
            continue;
          sqlite3_reset (move);
          sqlite3_bind_int64 (move, 1, target);
          sqlite3_bind_int64 (move, 2, grp);
          if (!lifeline_db_step_done (db, move, error))
            return FALSE;
          /* A term that was in both groups stayed behind. */
          sqlite3_reset (cleanup);
          sqlite3_bind_int64 (cleanup, 1, grp);
          if (!lifeline_db_step_done (db, cleanup, error))
            return FALSE;
        }
    }

  {
    g_autofree char *sql = g_strdup_printf ("SELECT MAX(pos) FROM kb_synonyms WHERE grp = %" G_GINT64_FORMAT, target);

    pos = (int)query_int64 (db, sql, -1) + 1;
  }
  return insert_group (db, target, pos, terms, error) &&
         lifeline_db_set_meta (db, "synonyms_edited", "1", error) &&
         bump_generation (db, error);
}

gboolean
lifeline_kb_add_synonyms (LifelineDb          *db,
                          const char * const  *terms,
                          GError             **error)
{
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (terms != NULL, FALSE);

  if (g_strv_length ((GStrv)terms) < 2)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
                           _("Give at least two terms that mean the same"));
      return FALSE;
    }

  if (!tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx, add_synonyms (db, terms, error), error);
}

static gboolean
remove_synonyms (LifelineDb          *db,
                 const char * const  *terms,
                 GError             **error)
{
  g_autoptr(sqlite3_stmt) del = lifeline_db_prepare (db, "DELETE FROM kb_synonyms WHERE term = ?1", error);

  if (del == NULL)
    return FALSE;
  for (guint i = 0; terms[i] != NULL; i++)
    {
      g_autofree char *term = normalize_term (terms[i]);

      sqlite3_reset (del);
      lifeline_db_bind_text (del, 1, term);
      if (!lifeline_db_step_done (db, del, error))
        return FALSE;
      if (sqlite3_changes (lifeline_db_get_handle (db)) == 0)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                       _("“%s” is in no synonym group (see “lifeline-kb synonyms list”)"), term);
          return FALSE;
        }
    }
  return lifeline_db_exec (db,
                           "DELETE FROM kb_synonyms WHERE grp IN"
                           " (SELECT grp FROM kb_synonyms GROUP BY grp HAVING COUNT(*) < 2)",
                           error) &&
         lifeline_db_set_meta (db, "synonyms_edited", "1", error) &&
         bump_generation (db, error);
}

gboolean
lifeline_kb_remove_synonyms (LifelineDb          *db,
                             const char * const  *terms,
                             GError             **error)
{
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (terms != NULL, FALSE);

  if (!tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx, remove_synonyms (db, terms, error), error);
}

static gboolean
load_synonyms (LifelineDb  *db,
               const char  *contents,
               GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  gint64 grp = 0;

  if (!lifeline_db_exec (db, "DELETE FROM kb_synonyms", error))
    return FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) terms = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      terms = g_strsplit (line, ",", -1);
      if (g_strv_length (terms) < 2)
        continue;
      if (!insert_group (db, ++grp, 0, (const char * const *)terms, error))
        return FALSE;
    }
  return bump_generation (db, error);
}

gboolean
lifeline_kb_load_synonyms (LifelineDb  *db,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                   _("Could not read the synonyms file: %s"), local_error->message);
      return FALSE;
    }

  if (!tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx, load_synonyms (db, contents, error), error);
}

/* The starter knowledge base --------------------------------------------------- */

static char *
hash_starter_files (const char  *dir,
                    GPtrArray   *files,
                    GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *synonyms = g_build_filename (dir, "synonyms.txt", NULL);

  g_checksum_update (sum, (const guchar *)LIFELINE_KB_INDEX_FORMAT, -1);
  for (guint i = 0; i <= files->len; i++)
    {
      const char *path = i < files->len ? g_ptr_array_index (files, i) : synonyms;
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        {
          if (i == files->len)
            break;
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_IO,
                       _("Could not read the starter file %s"), path);
          return NULL;
        }
      g_checksum_update (sum, (const guchar *)path + strlen (dir), -1);
      g_checksum_update (sum, (const guchar *)"", 1);
      g_checksum_update (sum, (const guchar *)contents, length);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static char *
hash_node (JsonNode *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
}

static gboolean
load_starter_items (LifelineDb  *db,
                    StoreCtx    *ctx,
                    GPtrArray   *items,
                    const char  *synonyms,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) article_state =
    lifeline_db_prepare (db, "SELECT origin, starter_hash FROM kb_articles WHERE id = ?1", error);
  g_autoptr(sqlite3_stmt) script_state =
    lifeline_db_prepare (db, "SELECT origin, starter_hash FROM kb_scripts WHERE id = ?1", error);
  g_autofree char *format = lifeline_db_get_meta (db, "kb_index_format");
  g_autofree char *edited = lifeline_db_get_meta (db, "synonyms_edited");

  if (article_state == NULL || script_state == NULL)
    return FALSE;

  if (g_strcmp0 (format, LIFELINE_KB_INDEX_FORMAT) != 0 && !reindex (db, ctx, error))
    return FALSE;

  lifeline_kb_bulk_begin (db);
  for (guint i = 0; i < items->len; i++)
    {
      LifelineKbItem *item = g_ptr_array_index (items, i);
      g_autoptr(JsonNode) node = item->article ? lifeline_article_to_json_node (item->article)
                                               : lifeline_script_to_json_node (item->script);
      g_autofree char *hash = hash_node (node);
      sqlite3_stmt *state = item->article ? article_state : script_state;
      gboolean ok = TRUE;

      sqlite3_reset (state);
      lifeline_db_bind_text (state, 1, lifeline_kb_item_get_id (item));
      if (sqlite3_step (state) == SQLITE_ROW)
        {
          /* Only a starter item that nobody has changed since is replaced. */
          if (sqlite3_column_int (state, 0) != LIFELINE_ORIGIN_STARTER ||
              g_strcmp0 ((const char *)sqlite3_column_text (state, 1), hash) == 0)
            continue;
        }
      sqlite3_reset (state);

      if (item->article)
        ok = put_article (db, ctx, item->article, LIFELINE_ORIGIN_STARTER, hash, error);
      else
        ok = put_script (db, ctx, item->script, LIFELINE_ORIGIN_STARTER, hash, error);
      if (!ok)
        return FALSE;
    }
  if (!lifeline_kb_bulk_end (db, error))
    return FALSE;

  if (synonyms != NULL && g_strcmp0 (edited, "1") != 0 && !load_synonyms (db, synonyms, error))
    return FALSE;

  return TRUE;
}

gboolean
lifeline_kb_load_starter (LifelineDb  *db,
                          const char  *dir,
                          GError     **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *synonyms_path = NULL;
  g_autofree char *synonyms = NULL;
  StoreCtx *ctx;
  Tx tx;

  g_return_val_if_fail (LIFELINE_IS_DB (db), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  files = lifeline_kb_list_source_files (dir, error);
  if (files == NULL)
    return FALSE;
  hash = hash_starter_files (dir, files, error);
  if (hash == NULL)
    return FALSE;
  stored = lifeline_db_get_meta (db, "starter_hash");
  if (g_strcmp0 (stored, hash) == 0)
    return TRUE;

  items = lifeline_kb_read_path (dir, error);
  if (items == NULL)
    return FALSE;
  synonyms_path = g_build_filename (dir, "synonyms.txt", NULL);
  g_file_get_contents (synonyms_path, &synonyms, NULL, NULL);

  if (!(ctx = store_ctx (db, error)) || !tx_begin (&tx, db, error))
    return FALSE;
  return tx_end (&tx,
                 load_starter_items (db, ctx, items, synonyms, error) &&
                 lifeline_db_set_meta (db, "starter_hash", hash, error),
                 error);
}
