/* lifeline-kb-private.h — what the knowledge-base store, search and import share
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-kb-store.h"
#include "lifeline-text.h"

G_BEGIN_DECLS

/* Bumped when what goes into the index changes (Markdown → text, the
 * tokenizer, kb_terms keys): lifeline_kb_load_starter() rebuilds it then. */
#define LIFELINE_KB_INDEX_FORMAT "1"

/* kb_terms keys of a one- or two-letter prefix end with this. */

/* One token of a text, as typed (folded) and as stemmed. */
typedef struct
{
  char *word;
  char *stem;
  int   start;
  int   end;
} LifelineToken;

/* Both tokenizers of a connection, for one thread. */
typedef struct
{
  LifelineTokenizer *plain;
  LifelineTokenizer *stem;
} LifelineTokenizers;

gboolean   lifeline_tokenizers_init  (LifelineTokenizers  *self,
                                      sqlite3             *handle,
                                      GError             **error);
void       lifeline_tokenizers_clear (LifelineTokenizers  *self);
/* A GArray of LifelineToken (cleared with lifeline_tokens_free). */
GArray    *lifeline_tokens_collect   (LifelineTokenizers  *self,
                                      const char          *text);
void       lifeline_tokens_free      (GArray              *tokens);

/* The text of a script in the index: its steps, one a line. */
char      *lifeline_kb_script_text   (LifelineScript      *script);

gboolean   lifeline_kb_put_article_full (LifelineDb       *db,
                                         LifelineArticle  *article,
                                         LifelineOrigin    origin,
                                         const char       *starter_hash,
                                         GError          **error);
gboolean   lifeline_kb_put_script_full  (LifelineDb       *db,
                                         LifelineScript   *script,
                                         LifelineOrigin    origin,
                                         const char       *starter_hash,
                                         GError          **error);

G_END_DECLS
