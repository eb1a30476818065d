/* lifeline-client-schema.c — the client database's migrations
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One step per area. Nothing has shipped yet, so each step may still be
 * edited in place; once a release is out, changes go into new steps.
 */

#define G_LOG_DOMAIN "lifeline-db"

#include "config.h"

#include "lifeline-client-schema.h"

/* 1 — the knowledge base: articles, scripts, the search index, synonyms
 * (lifeline-kb-store.c, lifeline-search.c). */
static const char kb_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);\n"
  ;

/* 2 — what the agent writes and the sync engine sends: mistake reports,
 * flags, the outbox, rejected items, sync cursors, feedback. */
static const char local_v2[] =
  "SELECT 1;\n"
  ;

/* 3 — recovery sessions and follow-ups. */
static const char recovery_v3[] =
  "SELECT 1;\n"
  ;

static const LifelineMigration client_schema[] = {
  { 1, kb_v1 },
  { 2, local_v2 },
  { 3, recovery_v3 },
  { 0, NULL }
};

const LifelineMigration *
lifeline_client_schema (void)
{
  return client_schema;
}
