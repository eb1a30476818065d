/* lifeline-error.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-core"

#include "config.h"

#include "lifeline-error.h"

G_DEFINE_QUARK (lifeline-error-quark, lifeline_error)
