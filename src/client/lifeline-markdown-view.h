/* lifeline-markdown-view.h — an article's Markdown body as native widgets
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIFELINE_TYPE_MARKDOWN_VIEW (lifeline_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (LifelineMarkdownView, lifeline_markdown_view, LIFELINE, MARKDOWN_VIEW, GtkWidget)

GtkWidget  *lifeline_markdown_view_new          (void);
const char *lifeline_markdown_view_get_markdown (LifelineMarkdownView *self);
void        lifeline_markdown_view_set_markdown (LifelineMarkdownView *self,
                                                 const char           *markdown);

/* Inline Markdown (emphasis, strong, code, links) of one paragraph as Pango
 * markup, and as plain text; for tests and for labels outside the view. */
char       *lifeline_markdown_to_pango          (const char           *markdown);

G_END_DECLS
