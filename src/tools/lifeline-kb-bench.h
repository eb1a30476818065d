/* lifeline-kb-bench.h — `lifeline-kb bench`: import and as-you-type speed
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint       articles;    /* synthetic articles to build */
  guint       sequences;   /* as-you-type query sequences to replay */
  guint       limit;       /* hits per query */
  guint       seed;
  const char *keep;        /* keep the database here, or NULL */
  gboolean    reuse;       /* search the database in @keep as it is */
} LifelineKbBenchOptions;

int lifeline_kb_bench (const LifelineKbBenchOptions *options);

G_END_DECLS
