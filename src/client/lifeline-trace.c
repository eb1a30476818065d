/* lifeline-trace.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-trace"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lifeline-trace.h"

static gboolean enabled;
static gint64 start_us;

void
lifeline_trace_init (void)
{
  struct timespec ts;

  enabled = g_strcmp0 (g_getenv ("LIFELINE_TRACE"), "1") == 0;
  start_us = g_get_monotonic_time ();

  /* Count from the process's real start, not from main(): the kernel keeps
   * the process start time, and CLOCK_MONOTONIC is what g_get_monotonic_time reads. */
  {
    g_autofree char *stat = NULL;

    if (g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
      {
        const char *p = strrchr (stat, ')');
        g_auto(GStrv) fields = p ? g_strsplit (p + 2, " ", 0) : NULL;
        long ticks = sysconf (_SC_CLK_TCK);

        /* Field 22 of stat is starttime; after "comm)" the fields start at 3. */
        if (fields != NULL && g_strv_length (fields) > 19 && ticks > 0 &&
            clock_gettime (CLOCK_MONOTONIC, &ts) == 0)
          {
            gint64 started = g_ascii_strtoll (fields[19], NULL, 10) * G_USEC_PER_SEC / ticks;
            gint64 now = (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;

            /* /proc's starttime is measured from boot, like CLOCK_BOOTTIME;
             * only trust it when it is plausibly close. */
            if (started <= now && now - started < 10 * G_USEC_PER_SEC)
              start_us -= now - started;
          }
      }
  }
}

gboolean
lifeline_trace_enabled (void)
{
  return enabled;
}

double
lifeline_trace_since_start_ms (void)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

void
lifeline_trace_line (const char *format,
                     ...)
{
  g_autofree char *line = NULL;
  va_list args;

  if (!enabled)
    return;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "trace: %s\n", line);
  fflush (stderr);
}
