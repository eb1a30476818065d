/* lifeline-text.h — plain text for the search index: Markdown, tokens, scripts
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The FTS5 tokenizer of every search table, and the one the C side uses to
 * see text exactly as the index does. */
#define LIFELINE_FTS_TOKENIZE "porter unicode61 remove_diacritics 2"

/* Markdown → plain text, from cmark's AST: text, code, link and image text
 * stay; URLs, HTML and markup go; blocks end with a newline. */
char     *lifeline_markdown_to_text   (const char *markdown);

gboolean  lifeline_unichar_is_cjk     (gunichar    c);
gboolean  lifeline_text_has_cjk       (const char *text);

/* A tokenizer of the FTS5 library that @handle's connection holds: with
 * @stem, "porter unicode61 remove_diacritics 2" (what the index stores);
 * without, "unicode61 remove_diacritics 2" (folded words as typed). */
typedef struct _LifelineTokenizer LifelineTokenizer;

/* Return FALSE to stop. @token is not nul-terminated. */
typedef gboolean (*LifelineTokenFunc) (const char *token,
                                       int         n_token,
                                       int         start,
                                       int         end,
                                       gpointer    user_data);

LifelineTokenizer *lifeline_tokenizer_new   (sqlite3            *handle,
                                             gboolean            stem,
                                             GError            **error);
void               lifeline_tokenizer_free  (LifelineTokenizer  *self);
void               lifeline_tokenizer_run   (LifelineTokenizer  *self,
                                             const char         *text,
                                             int                 length,
                                             LifelineTokenFunc   func,
                                             gpointer            user_data);
/* The tokens of @text, newly allocated, NULL-terminated. */
GStrv              lifeline_tokenizer_split (LifelineTokenizer  *self,
                                             const char         *text);
/* The first token of @word, or NULL. */
char              *lifeline_tokenizer_one   (LifelineTokenizer  *self,
                                             const char         *word);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineTokenizer, lifeline_tokenizer_free)

/* The FTS5 extension API of @handle's connection (a `fts5_api *`). */
gpointer  lifeline_fts5_api           (sqlite3    *handle);

G_END_DECLS
