/* lifeline-result-row.h — one search result
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "lifeline-search-worker.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_RESULT_ROW (lifeline_result_row_get_type ())

G_DECLARE_FINAL_TYPE (LifelineResultRow, lifeline_result_row, LIFELINE, RESULT_ROW, GtkListBoxRow)

GtkWidget       *lifeline_result_row_new        (void);
/* Shows @item (copied) as of @now; rows are reused from keystroke to keystroke. */
void             lifeline_result_row_set_item   (LifelineResultRow        *self,
                                                 const LifelineResultItem *item,
                                                 gint64                    now);
LifelineHitKind  lifeline_result_row_get_kind   (LifelineResultRow        *self);
const char      *lifeline_result_row_get_id     (LifelineResultRow        *self);
const char      *lifeline_result_row_get_title  (LifelineResultRow        *self);

/* A snippet with LIFELINE_MARK_START/END as Pango markup: the marked words
 * bold, everything else escaped. */
char            *lifeline_snippet_to_markup     (const char               *snippet);

G_END_DECLS
