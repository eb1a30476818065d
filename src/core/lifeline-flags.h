/* lifeline-flags.h — an agent's "this article is wrong or outdated"
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-db.h"

G_BEGIN_DECLS

/* Stores a flag on @article_id in the client database's `flags` table
 * (migration local_v2), unsent; the sync engine sends it and sets sent_at.
 * @report_id names the mistake report that raised it, or NULL. Durable when
 * @db was opened with LIFELINE_DB_DURABLE. Returns the new flag's id (a
 * random UUID), or NULL with @error set. */
char *lifeline_flags_add (LifelineDb  *db,
                          const char  *article_id,
                          const char  *reason,
                          const char  *report_id,
                          gint64       created_at,
                          GError     **error);

G_END_DECLS
