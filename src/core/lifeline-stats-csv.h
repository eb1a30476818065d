/* lifeline-stats-csv.h — report statistics as CSV, for spreadsheets
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One field, quoted as RFC 4180 asks when it holds a comma, a quote, a line
 * break or leading or trailing space; a field that a spreadsheet would run
 * as a formula (starting with =, +, @ or a tab) gets a leading apostrophe. */
void   lifeline_csv_append_field (GString     *csv,
                                  const char  *field);

/* The statistics of GET /api/v1/stats/reports (or lifeline_stats_build())
 * as CSV text: a header line, then one line per figure with the columns
 * Section, Item, From, To, Value; lines end in CRLF. A hidden cell (null)
 * reads "fewer than 5", never a number. NULL with LIFELINE_ERROR_INVALID
 * when @stats is not a statistics object. */
char  *lifeline_stats_to_csv     (JsonObject  *stats,
                                  GError     **error);

G_END_DECLS
