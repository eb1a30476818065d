/* test-scrub.c — customer data out of notes: phones, e-mails, cards (and not order numbers)
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "lifeline-core.h"

/* Scrubs @text and checks the result and the one thing removed. */
static void
assert_scrubs_one (const char        *text,
                   const char        *expected,
                   LifelineScrubKind  kind,
                   const char        *removed_text)
{
  g_autoptr(GPtrArray) removed = NULL;
  g_autofree char *out = lifeline_scrub (text, &removed);
  LifelineScrubMatch *match;

  g_test_message ("“%s” → “%s”", text, out);
  g_assert_cmpstr (out, ==, expected);
  g_assert_nonnull (removed);
  g_assert_cmpuint (removed->len, ==, 1);
  match = g_ptr_array_index (removed, 0);
  g_assert_cmpint (match->kind, ==, kind);
  g_assert_cmpstr (match->text, ==, removed_text);
}

static void
assert_kept (const char *text)
{
  g_autoptr(GPtrArray) removed = NULL;
  g_autofree char *out = lifeline_scrub (text, &removed);

  g_test_message ("“%s” kept as “%s”", text, out);
  g_assert_cmpstr (out, ==, text);
  g_assert_cmpuint (removed->len, ==, 0);
}

static void
test_phones (void)
{
  static const char * const phones[] = {
    "+1 (555) 123-4567",
    "(555) 123-4567",
    "555-123-4567",
    "555.123.4567",
    "555 123 4567",
    "5551234567",
    "+44 20 7946 0958",
    "+442079460958",
    "07700 900123",
    "020 7946 0958",
    "+63 917 123 4567",
    "123-4567",
  };

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *text = g_strdup_printf ("Customer asked to be called on %s after five.", phones[i]);

      assert_scrubs_one (text, "Customer asked to be called on [phone number] after five.",
                         LIFELINE_SCRUB_PHONE, phones[i]);
    }

  /* At the very start and end, and right before punctuation. */
  assert_scrubs_one ("555-123-4567", "[phone number]", LIFELINE_SCRUB_PHONE, "555-123-4567");
  assert_scrubs_one ("Call 555-123-4567.", "Call [phone number].", LIFELINE_SCRUB_PHONE, "555-123-4567");
}

static void
test_emails (void)
{
  assert_scrubs_one ("Sent it to ana.perez+billing@example.co.uk by mistake",
                     "Sent it to [e-mail address] by mistake",
                     LIFELINE_SCRUB_EMAIL, "ana.perez+billing@example.co.uk");
  assert_scrubs_one ("mail: J_Doe-42@mail.example.com.", "mail: [e-mail address].",
                     LIFELINE_SCRUB_EMAIL, "J_Doe-42@mail.example.com");
  /* The digits inside an address are not a phone of their own. */
  assert_scrubs_one ("5551234567@sms.example.net", "[e-mail address]",
                     LIFELINE_SCRUB_EMAIL, "5551234567@sms.example.net");
  assert_kept ("the @mention and user@localhost are not addresses");
}

static void
test_cards (void)
{
  static const char * const cards[] = {
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "4111111111111111",
    "5500 0000 0000 0004",
    "3782 822463 10005",      /* American Express, 15 digits */
    "6011000990139424",
    "4222222222222",          /* 13 digits */
    "6304 0000 0000 0000 018",/* 19 digits */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autofree char *text = g_strdup_printf ("Read back card %s to the customer", cards[i]);

      assert_scrubs_one (text, "Read back card [card number] to the customer",
                         LIFELINE_SCRUB_CARD, cards[i]);
    }

  /* A card followed by another number: only the card goes. */
  assert_scrubs_one ("card 4111 1111 1111 1111 12 items", "card [card number] 12 items",
                     LIFELINE_SCRUB_CARD, "4111 1111 1111 1111");
}

static void
test_not_cards (void)
{
  /* Order numbers of card length that fail the Luhn check are kept. */
  assert_kept ("Order 4111 1111 1111 1112 was refunded twice");
  assert_kept ("Order 1234-5678-9012-3456 was refunded twice");
  assert_kept ("Tracking 1234567890123 and 98765432101234567");
  assert_kept ("Order 123456789012 arrived");
  /* Glued to letters: an identifier, even when Luhn-valid. */
  assert_kept ("Reference ORD4111111111111111 in the CRM");
  /* Short numbers, dates, addresses, versions, money. */
  assert_kept ("Ticket 12345678, refund of 1 250.00 on 2026-11-23 at 14:02");
  assert_kept ("Updated to 1.2.3.4.5.6.7 from 192.168.100.200 on 23.11.2026");
  assert_kept ("");
}

static void
test_mixed (void)
{
  g_autoptr(GPtrArray) removed = NULL;
  g_autofree char *out = NULL;

  out = lifeline_scrub ("Gave +1 555 123 4567 the wrong refund; she wrote from ana@example.com "
                        "and read card 4111 1111 1111 1111 exp 12/27, order 4111 1111 1111 1112.",
                        &removed);
  g_assert_cmpstr (out, ==,
                   "Gave [phone number] the wrong refund; she wrote from [e-mail address] "
                   "and read card [card number] exp 12/27, order 4111 1111 1111 1112.");
  g_assert_cmpuint (removed->len, ==, 3);
  g_assert_cmpint (((LifelineScrubMatch *)g_ptr_array_index (removed, 0))->kind, ==, LIFELINE_SCRUB_PHONE);
  g_assert_cmpint (((LifelineScrubMatch *)g_ptr_array_index (removed, 1))->kind, ==, LIFELINE_SCRUB_EMAIL);
  g_assert_cmpint (((LifelineScrubMatch *)g_ptr_array_index (removed, 2))->kind, ==, LIFELINE_SCRUB_CARD);

  /* Non-ASCII text around numbers is kept byte for byte. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&removed, g_ptr_array_unref);
  out = lifeline_scrub ("Llamé al 555-123-4567 — “señora Núñez” ✓", &removed);
  g_assert_cmpstr (out, ==, "Llamé al [phone number] — “señora Núñez” ✓");
  g_assert_cmpuint (removed->len, ==, 1);
}

static void
test_luhn (void)
{
  g_assert_true (lifeline_luhn_valid ("4111111111111111"));
  g_assert_true (lifeline_luhn_valid ("79927398713"));
  g_assert_false (lifeline_luhn_valid ("4111111111111112"));
  g_assert_false (lifeline_luhn_valid ("79927398710"));
  g_assert_false (lifeline_luhn_valid (""));
  g_assert_false (lifeline_luhn_valid ("4111 1111"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scrub/phones", test_phones);
  g_test_add_func ("/scrub/emails", test_emails);
  g_test_add_func ("/scrub/cards", test_cards);
  g_test_add_func ("/scrub/not-cards", test_not_cards);
  g_test_add_func ("/scrub/mixed", test_mixed);
  g_test_add_func ("/scrub/luhn", test_luhn);

  return g_test_run ();
}
