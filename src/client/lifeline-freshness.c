/* lifeline-freshness.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-freshness"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-freshness.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

/* $LIFELINE_NOW (Unix seconds) pins the clock for screenshots and tests. */
gint64
lifeline_freshness_now (void)
{
  const char *pinned = g_getenv ("LIFELINE_NOW");

  if (pinned != NULL && *pinned != '\0')
    return g_ascii_strtoll (pinned, NULL, 10);

  return g_get_real_time () / G_USEC_PER_SEC;
}

LifelineFreshness
lifeline_freshness_classify (gint64 verified_at,
                             gint64 expires_at,
                             gint64 now)
{
  if (verified_at <= 0)
    return LIFELINE_FRESHNESS_NEVER_VERIFIED;
  if (expires_at <= now)
    return LIFELINE_FRESHNESS_EXPIRED;
  return LIFELINE_FRESHNESS_VERIFIED;
}

/* Whole days from @then to @now; a time in the future (a clock off by a
 * little) counts as today. */
static gint64
days_between (gint64 then,
              gint64 now)
{
  if (now <= then)
    return 0;
  return (now - then) / SECONDS_PER_DAY;
}

char *
lifeline_freshness_format_badge (gint64 verified_at,
                                 gint64 expires_at,
                                 gint64 now)
{
  gint64 days;

  switch (lifeline_freshness_classify (verified_at, expires_at, now))
    {
    case LIFELINE_FRESHNESS_NEVER_VERIFIED:
      return g_strdup (_("Never verified"));

    case LIFELINE_FRESHNESS_EXPIRED:
      days = days_between (expires_at, now);
      if (days == 0)
        return g_strdup (_("Expired today"));
      return g_strdup_printf (ngettext ("Expired %d day ago",
                                        "Expired %d days ago",
                                        (gulong)days),
                              (int)MIN (days, G_MAXINT));

    case LIFELINE_FRESHNESS_VERIFIED:
      days = days_between (verified_at, now);
      if (days == 0)
        return g_strdup (_("Verified today"));
      return g_strdup_printf (ngettext ("Verified %d day ago",
                                        "Verified %d days ago",
                                        (gulong)days),
                              (int)MIN (days, G_MAXINT));

    default:
      g_assert_not_reached ();
    }
}

char *
lifeline_freshness_format_line (LifelineArticle *article,
                                gint64           now)
{
  g_autofree char *badge = NULL;
  g_autofree char *every = NULL;
  gint64 expires_at;

  g_return_val_if_fail (LIFELINE_IS_ARTICLE (article), NULL);

  expires_at = lifeline_article_get_expires_at (article);
  badge = lifeline_freshness_format_badge (article->verified_at, expires_at, now);

  switch (lifeline_freshness_classify (article->verified_at, expires_at, now))
    {
    case LIFELINE_FRESHNESS_NEVER_VERIFIED:
    case LIFELINE_FRESHNESS_EXPIRED:
      /* Translators: %s is "Expired 3 days ago" or "Never verified" */
      return g_strdup_printf (_("%s — check with a lead"), badge);

    case LIFELINE_FRESHNESS_VERIFIED:
      every = g_strdup_printf (ngettext ("every %d day", "every %d days",
                                         (gulong)MAX (article->verify_interval_days, 0)),
                               article->verify_interval_days);
      if (article->verified_by != NULL && *article->verified_by != '\0')
        /* Translators: "Verified 12 days ago" by "Ana" · "every 90 days" */
        return g_strdup_printf (_("%s by %s · %s"), badge, article->verified_by, every);
      /* Translators: "Verified 12 days ago" · "every 90 days" */
      return g_strdup_printf (_("%s · %s"), badge, every);

    default:
      g_assert_not_reached ();
    }
}

const char *
lifeline_freshness_style_class (LifelineFreshness freshness)
{
  switch (freshness)
    {
    case LIFELINE_FRESHNESS_VERIFIED:
      return "success";
    case LIFELINE_FRESHNESS_EXPIRED:
    case LIFELINE_FRESHNESS_NEVER_VERIFIED:
      return "warning";
    default:
      g_assert_not_reached ();
    }
}
