/* test-freshness.c — the words an agent reads about an answer's freshness,
 * and the markup of snippets and Markdown inlines
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lifeline-freshness.h"
#include "lifeline-markdown-view.h"
#include "lifeline-result-row.h"

#define DAY (24 * 60 * 60)
/* 2026-11-23 12:00 UTC */
#define NOW ((gint64)1795435200)

static void
test_badge (void)
{
  struct {
    gint64      verified_at;
    int         interval_days;
    const char *expected;
    LifelineFreshness freshness;
  } cases[] = {
    { NOW - 12 * DAY, 90, "Verified 12 days ago", LIFELINE_FRESHNESS_VERIFIED },
    { NOW - 1 * DAY - 60, 90, "Verified 1 day ago", LIFELINE_FRESHNESS_VERIFIED },
    { NOW - 3600, 90, "Verified today", LIFELINE_FRESHNESS_VERIFIED },
    /* A clock a little behind the server's is not "in -1 days". */
    { NOW + 3600, 90, "Verified today", LIFELINE_FRESHNESS_VERIFIED },
    { NOW - 93 * DAY, 90, "Expired 3 days ago", LIFELINE_FRESHNESS_EXPIRED },
    { NOW - 31 * DAY, 30, "Expired 1 day ago", LIFELINE_FRESHNESS_EXPIRED },
    { NOW - 30 * DAY, 30, "Expired today", LIFELINE_FRESHNESS_EXPIRED },
    { 0, 90, "Never verified", LIFELINE_FRESHNESS_NEVER_VERIFIED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 expires_at = cases[i].verified_at ? cases[i].verified_at + (gint64)cases[i].interval_days * DAY : 0;
      g_autofree char *badge = lifeline_freshness_format_badge (cases[i].verified_at, expires_at, NOW);

      g_assert_cmpstr (badge, ==, cases[i].expected);
      g_assert_cmpint (lifeline_freshness_classify (cases[i].verified_at, expires_at, NOW), ==,
                       cases[i].freshness);
    }

  g_assert_cmpstr (lifeline_freshness_style_class (LIFELINE_FRESHNESS_VERIFIED), ==, "success");
  g_assert_cmpstr (lifeline_freshness_style_class (LIFELINE_FRESHNESS_EXPIRED), ==, "warning");
  g_assert_cmpstr (lifeline_freshness_style_class (LIFELINE_FRESHNESS_NEVER_VERIFIED), ==, "warning");
}

static void
test_line (void)
{
  g_autoptr(LifelineArticle) article = lifeline_article_new ("refund-policy", "Refund policy");
  g_autofree char *fresh = NULL;
  g_autofree char *anonymous = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *never = NULL;

  article->verified_at = NOW - 12 * DAY;
  article->verify_interval_days = 90;
  article->verified_by = g_strdup ("Ana");
  fresh = lifeline_freshness_format_line (article, NOW);
  g_assert_cmpstr (fresh, ==, "Verified 12 days ago by Ana · every 90 days");

  g_clear_pointer (&article->verified_by, g_free);
  article->verify_interval_days = 1;
  article->verified_at = NOW - 3600;
  anonymous = lifeline_freshness_format_line (article, NOW);
  g_assert_cmpstr (anonymous, ==, "Verified today · every 1 day");

  article->verify_interval_days = 90;
  article->verified_at = NOW - 93 * DAY;
  expired = lifeline_freshness_format_line (article, NOW);
  g_assert_cmpstr (expired, ==, "Expired 3 days ago — check with a lead");

  article->verified_at = 0;
  never = lifeline_freshness_format_line (article, NOW);
  g_assert_cmpstr (never, ==, "Never verified — check with a lead");
}

static void
test_now_is_injectable (void)
{
  g_setenv ("LIFELINE_NOW", "1795435200", TRUE);
  g_assert_cmpint (lifeline_freshness_now (), ==, NOW);
  g_unsetenv ("LIFELINE_NOW");
  g_assert_cmpint (ABS (lifeline_freshness_now () - g_get_real_time () / G_USEC_PER_SEC), <=, 1);
}

static void
test_snippet_markup (void)
{
  struct {
    const char *snippet;
    const char *markup;
  } cases[] = {
    { "Card " LIFELINE_MARK_START "refund" LIFELINE_MARK_END "s arrive",
      "Card <b>refund</b>s arrive" },
    /* Everything but the marks is text, never markup. */
    { "<i>R&D</i> " LIFELINE_MARK_START "a<b" LIFELINE_MARK_END,
      "&lt;i&gt;R&amp;D&lt;/i&gt; <b>a&lt;b</b>" },
    /* An unfinished mark is closed; a stray end is dropped. */
    { LIFELINE_MARK_START "money back", "<b>money back</b>" },
    { "back" LIFELINE_MARK_END " home", "back home" },
    { "two\nlines", "two lines" },
    { "退款" LIFELINE_MARK_START "政策" LIFELINE_MARK_END, "退款<b>政策</b>" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = lifeline_snippet_to_markup (cases[i].snippet);

      g_assert_cmpstr (markup, ==, cases[i].markup);
      g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, NULL));
    }
}

static void
test_markdown_inlines (void)
{
  g_autofree char *markup = lifeline_markdown_to_pango ("Say **sorry** and _why_, "
                                                        "open `Billing > Payments`, "
                                                        "see [the <policy>](https://help.example/a?b=1&c=2).");

  g_assert_cmpstr (markup, ==,
                   "Say <b>sorry</b> and <i>why</i>, open <tt>Billing &gt; Payments</tt>, "
                   "see <a href=\"https://help.example/a?b=1&amp;c=2\">the &lt;policy&gt;</a>.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/freshness/badge", test_badge);
  g_test_add_func ("/freshness/line", test_line);
  g_test_add_func ("/freshness/now-is-injectable", test_now_is_injectable);
  g_test_add_func ("/markup/snippet", test_snippet_markup);
  g_test_add_func ("/markup/markdown-inlines", test_markdown_inlines);

  return g_test_run ();
}
