/* lifeline-thesaurus.h — a general English thesaurus (MyThes, as LibreOffice uses)
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LifelineThesaurus LifelineThesaurus;

typedef enum
{
  LIFELINE_THESAURUS_SYNONYM,   /* same sense: "telly" → "television" */
  LIFELINE_THESAURUS_SIMILAR,   /* "(similar term)" */
  LIFELINE_THESAURUS_BROADER,   /* "(generic term)": "relocate" → "move" */
} LifelineThesaurusRelation;

typedef struct
{
  char                      *term;      /* lower case; may be several words */
  LifelineThesaurusRelation  relation;
} LifelineThesaurusEntry;

/* Opens a MyThes pair (@base.idx, @base.dat), memory-mapped. */
LifelineThesaurus *lifeline_thesaurus_open         (const char         *base,
                                                    GError            **error);
/* $LIFELINE_THESAURUS or /usr/share/mythes/th_en_US_v2, opened once on
 * first use (thread-safe); NULL when it is not installed. */
LifelineThesaurus *lifeline_thesaurus_get_default  (void);
void               lifeline_thesaurus_free         (LifelineThesaurus  *self);
/* The entries for @word (lower case), also trying it without an English
 * inflection (-s, -es, -ies, -ed, -ing); a GArray of LifelineThesaurusEntry,
 * empty when there are none. Free with lifeline_thesaurus_entries_free. */
GArray            *lifeline_thesaurus_lookup       (LifelineThesaurus  *self,
                                                    const char         *word);
void               lifeline_thesaurus_entries_free (GArray             *entries);

G_END_DECLS
