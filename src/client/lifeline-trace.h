/* lifeline-trace.h — LIFELINE_TRACE=1 timing lines for outside tools
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     lifeline_trace_init      (void);
gboolean lifeline_trace_enabled   (void);
/* Milliseconds since the process started (since lifeline_trace_init). */
double   lifeline_trace_since_start_ms (void);
/* Prints "trace: <line>\n" to stderr and flushes, when tracing is on. */
void     lifeline_trace_line      (const char *format,
                                   ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
