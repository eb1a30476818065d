/* lifeline-error.h
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIFELINE_ERROR (lifeline_error_quark ())

/**
 * LifelineError:
 * @LIFELINE_ERROR_PARSE: the input is not well-formed (bad JSON, bad UTF-8, bad front matter)
 * @LIFELINE_ERROR_INVALID: well-formed, but a field is missing or has a wrong value
 * @LIFELINE_ERROR_NOT_FOUND: no such item
 * @LIFELINE_ERROR_CONFLICT: the same revision with different content, or a stale revision
 * @LIFELINE_ERROR_DATABASE: SQLite failed (disk full, locked, corrupt)
 * @LIFELINE_ERROR_IO: a file could not be read or written
 * @LIFELINE_ERROR_UNSUPPORTED: the request needs something this build lacks (e.g. FTS5)
 */
typedef enum
{
  LIFELINE_ERROR_PARSE,
  LIFELINE_ERROR_INVALID,
  LIFELINE_ERROR_NOT_FOUND,
  LIFELINE_ERROR_CONFLICT,
  LIFELINE_ERROR_DATABASE,
  LIFELINE_ERROR_IO,
  LIFELINE_ERROR_UNSUPPORTED,
} LifelineError;

GQuark lifeline_error_quark (void);

G_END_DECLS
