/* lifeline-vocab.h — the index's words in memory: spelling, completion, statistics
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct
{
  char *word;   /* folded, as typed */
  char *stem;
  int   df;     /* items that have it */
  int   hdf;    /* items that have it in the title or tags */
} LifelineVocabWord;

typedef struct _LifelineVocab LifelineVocab;

/* Reads kb_vocab. */
LifelineVocab           *lifeline_vocab_load          (sqlite3        *handle,
                                                       GError        **error);
void                     lifeline_vocab_free          (LifelineVocab  *self);
guint                    lifeline_vocab_size          (LifelineVocab  *self);
const LifelineVocabWord *lifeline_vocab_lookup        (LifelineVocab  *self,
                                                       const char     *word);
/* Items that have a word of this stem (an upper bound), in all text or in
 * titles and tags. */
int                      lifeline_vocab_stem_df       (LifelineVocab  *self,
                                                       const char     *stem,
                                                       gboolean        head);
/* Sum of df (or hdf) of the words that start with @prefix. */
gint64                   lifeline_vocab_prefix_df     (LifelineVocab  *self,
                                                       const char     *prefix,
                                                       gboolean        head);
/* The words that start with @prefix, most frequent first (by hdf with
 * @head), at most @max; a GPtrArray of const LifelineVocabWord *. */
GPtrArray               *lifeline_vocab_complete      (LifelineVocab  *self,
                                                       const char     *prefix,
                                                       guint           max,
                                                       gboolean        head);
/* Words within a Damerau-Levenshtein (optimal string alignment) distance
 * of @max_distance of @word, nearest then most frequent first, at most @max;
 * a GPtrArray of const LifelineVocabWord *. @distances receives theirs. */
GPtrArray               *lifeline_vocab_correct       (LifelineVocab  *self,
                                                       const char     *word,
                                                       int             max_distance,
                                                       guint           max,
                                                       GArray         *distances);
/* For an unfinished word that starts no word: the prefixes one edit away
 * that start the most (at most @max), or NULL. */
GStrv                    lifeline_vocab_correct_prefix (LifelineVocab *self,
                                                        const char    *prefix,
                                                        guint          max);

int                      lifeline_edit_distance       (const char     *a,
                                                       const char     *b,
                                                       int             max);

G_END_DECLS
