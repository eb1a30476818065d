/* lifeline-client-schema.h — the client database's schema
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-db.h"

G_BEGIN_DECLS

/* The client's migrations, for lifeline_db_open(). lifeline-kb uses the same
 * schema, so it can import straight into a standalone client's database. */
const LifelineMigration *lifeline_client_schema (void);

G_END_DECLS
