/* lifeline-core.h — everything src/core offers, for the client, server, tools and tests
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-article.h"
#include "lifeline-client-schema.h"
#include "lifeline-db.h"
#include "lifeline-error.h"
#include "lifeline-flags.h"
#include "lifeline-followup.h"
#include "lifeline-followups.h"
#include "lifeline-import.h"
#include "lifeline-kb-store.h"
#include "lifeline-outbox.h"
#include "lifeline-paths.h"
#include "lifeline-recovery-session.h"
#include "lifeline-recovery-store.h"
#include "lifeline-report.h"
#include "lifeline-reports.h"
#include "lifeline-script.h"
#include "lifeline-scrub.h"
#include "lifeline-search.h"
#include "lifeline-wire.h"
