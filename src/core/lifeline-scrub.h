/* lifeline-scrub.h — take obvious customer data out of an agent's note
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIFELINE_SCRUB_PHONE,
  LIFELINE_SCRUB_EMAIL,
  LIFELINE_SCRUB_CARD,
  LIFELINE_N_SCRUB_KINDS
} LifelineScrubKind;

/* One thing the scrubber removed: what kind, and the text as it was. */
typedef struct
{
  LifelineScrubKind  kind;
  char              *text;
} LifelineScrubMatch;

void        lifeline_scrub_match_free      (LifelineScrubMatch *match);

/* Returns @text with phone numbers, e-mail addresses and card numbers
 * (13–19 digits, optionally grouped with spaces or dashes, passing the Luhn
 * check) replaced by a marker such as “[phone number]”. Numbers that are not
 * cards (order numbers failing Luhn) and short numbers are kept. When
 * @removed is not NULL it receives a GPtrArray of LifelineScrubMatch, in
 * the order they appear. */
char       *lifeline_scrub                 (const char         *text,
                                            GPtrArray         **removed);

/* "phone number", "e-mail address", "card number", translated. */
const char *lifeline_scrub_kind_get_label  (LifelineScrubKind   kind);
/* "phone", "email", "card": how the kinds are stored (reports.removed). */
const char *lifeline_scrub_kind_to_string  (LifelineScrubKind   kind);
gboolean    lifeline_scrub_kind_from_string(const char         *text,
                                            LifelineScrubKind  *kind);

/* Checks a string of digits with the Luhn algorithm. */
gboolean    lifeline_luhn_valid            (const char         *digits);

G_END_DECLS
