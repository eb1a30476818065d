/* lifeline-text.c — plain text for the search index: Markdown, tokens
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-search"

#include "config.h"

#include <glib/gi18n.h>
#include <cmark.h>
#include <string.h>

#include "lifeline-error.h"
#include "lifeline-text.h"

static void
ensure_newline (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
}

char *
lifeline_markdown_to_text (const char *markdown)
{
  g_autoptr(GString) out = NULL;
  cmark_node *doc;
  cmark_iter *iter;
  cmark_event_type ev;

  if (markdown == NULL || *markdown == '\0')
    return g_strdup ("");

  out = g_string_sized_new (strlen (markdown));
  doc = cmark_parse_document (markdown, strlen (markdown), CMARK_OPT_DEFAULT);
  iter = cmark_iter_new (doc);

  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);

      if (ev == CMARK_EVENT_ENTER)
        {
          switch (type)
            {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
              g_string_append (out, cmark_node_get_literal (node));
              break;
            case CMARK_NODE_CODE_BLOCK:
              ensure_newline (out);
              g_string_append (out, cmark_node_get_literal (node));
              ensure_newline (out);
              break;
            case CMARK_NODE_SOFTBREAK:
              g_string_append_c (out, ' ');
              break;
            case CMARK_NODE_LINEBREAK:
            case CMARK_NODE_THEMATIC_BREAK:
              g_string_append_c (out, '\n');
              break;
            case CMARK_NODE_DOCUMENT:
            case CMARK_NODE_BLOCK_QUOTE:
            case CMARK_NODE_LIST:
            case CMARK_NODE_ITEM:
            case CMARK_NODE_HTML_BLOCK:
            case CMARK_NODE_CUSTOM_BLOCK:
            case CMARK_NODE_PARAGRAPH:
            case CMARK_NODE_HEADING:
            case CMARK_NODE_HTML_INLINE:
            case CMARK_NODE_CUSTOM_INLINE:
            case CMARK_NODE_EMPH:
            case CMARK_NODE_STRONG:
            case CMARK_NODE_LINK:
            case CMARK_NODE_IMAGE:
            case CMARK_NODE_NONE:
            default:
              break;
            }
        }
      else if (ev == CMARK_EVENT_EXIT)
        {
          switch (type)
            {
            case CMARK_NODE_PARAGRAPH:
            case CMARK_NODE_HEADING:
            case CMARK_NODE_ITEM:
            case CMARK_NODE_BLOCK_QUOTE:
              ensure_newline (out);
              break;
            case CMARK_NODE_DOCUMENT:
            case CMARK_NODE_LIST:
            case CMARK_NODE_CODE_BLOCK:
            case CMARK_NODE_HTML_BLOCK:
            case CMARK_NODE_CUSTOM_BLOCK:
            case CMARK_NODE_THEMATIC_BREAK:
            case CMARK_NODE_TEXT:
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
            case CMARK_NODE_CODE:
            case CMARK_NODE_HTML_INLINE:
            case CMARK_NODE_CUSTOM_INLINE:
            case CMARK_NODE_EMPH:
            case CMARK_NODE_STRONG:
            case CMARK_NODE_LINK:
            case CMARK_NODE_IMAGE:
            case CMARK_NODE_NONE:
            default:
              break;
            }
        }
    }

  cmark_iter_free (iter);
  cmark_node_free (doc);

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
lifeline_unichar_is_cjk (gunichar c)
{
  return (c >= 0x3040 && c <= 0x30FF) ||    /* kana */
         (c >= 0x3400 && c <= 0x4DBF) ||    /* CJK extension A */
         (c >= 0x4E00 && c <= 0x9FFF) ||    /* CJK unified ideographs */
         (c >= 0xAC00 && c <= 0xD7AF) ||    /* Hangul syllables */
         (c >= 0xF900 && c <= 0xFAFF) ||    /* compatibility ideographs */
         (c >= 0x20000 && c <= 0x2FA1F);    /* extensions B… */
}

gboolean
lifeline_text_has_cjk (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if ((guchar)*p >= 0xE3 && lifeline_unichar_is_cjk (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

gpointer
lifeline_fts5_api (sqlite3 *handle)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (handle, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

struct _LifelineTokenizer
{
  fts5_tokenizer  module;
  Fts5Tokenizer  *tokenizer;
};

LifelineTokenizer *
lifeline_tokenizer_new (sqlite3   *handle,
                        gboolean   stem,
                        GError   **error)
{
  static const char *porter_args[] = { "unicode61", "remove_diacritics", "2" };
  static const char *plain_args[] = { "remove_diacritics", "2" };
  fts5_api *api = lifeline_fts5_api (handle);
  g_autofree LifelineTokenizer *self = g_new0 (LifelineTokenizer, 1);
  void *user_data = NULL;

  if (api == NULL ||
      api->xFindTokenizer (api, stem ? "porter" : "unicode61", &user_data, &self->module) != SQLITE_OK ||
      self->module.xCreate (user_data,
                            stem ? porter_args : plain_args,
                            stem ? G_N_ELEMENTS (porter_args) : G_N_ELEMENTS (plain_args),
                            &self->tokenizer) != SQLITE_OK)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_UNSUPPORTED,
                           _("This SQLite library lacks the FTS5 tokenizers Lifeline's search needs."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
lifeline_tokenizer_free (LifelineTokenizer *self)
{
  if (self == NULL)
    return;
  if (self->tokenizer != NULL)
    self->module.xDelete (self->tokenizer);
  g_free (self);
}

typedef struct
{
  LifelineTokenFunc func;
  gpointer          user_data;
} RunData;

static int
run_cb (void       *ctx,
        int         tflags,
        const char *token,
        int         n_token,
        int         start,
        int         end)
{
  RunData *run = ctx;

  return run->func (token, n_token, start, end, run->user_data) ? SQLITE_OK : SQLITE_DONE;
}

void
lifeline_tokenizer_run (LifelineTokenizer *self,
                        const char        *text,
                        int                length,
                        LifelineTokenFunc  func,
                        gpointer           user_data)
{
  RunData run = { func, user_data };

  if (text == NULL)
    return;
  if (length < 0)
    length = strlen (text);
  self->module.xTokenize (self->tokenizer, &run, FTS5_TOKENIZE_DOCUMENT, text, length, run_cb);
}

static gboolean
split_cb (const char *token,
          int         n_token,
          int         start,
          int         end,
          gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strndup (token, n_token));
  return TRUE;
}

GStrv
lifeline_tokenizer_split (LifelineTokenizer *self,
                          const char        *text)
{
  GPtrArray *tokens = g_ptr_array_new ();

  lifeline_tokenizer_run (self, text, -1, split_cb, tokens);
  g_ptr_array_add (tokens, NULL);
  return (GStrv)g_ptr_array_free (tokens, FALSE);
}

static gboolean
one_cb (const char *token,
        int         n_token,
        int         start,
        int         end,
        gpointer    user_data)
{
  *(char **)user_data = g_strndup (token, n_token);
  return FALSE;
}

char *
lifeline_tokenizer_one (LifelineTokenizer *self,
                        const char        *word)
{
  char *out = NULL;

  lifeline_tokenizer_run (self, word, -1, one_cb, &out);
  return out;
}
