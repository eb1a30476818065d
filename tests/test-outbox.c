/* test-outbox.c — the durable FIFO: order, acknowledgement, rejection, backoff schedule
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clock is an argument and the randomness is injected, so the backoff
 * schedule is checked exactly, without sleeping.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "lifeline-core.h"

typedef struct
{
  char       *dir;
  char       *path;
  LifelineDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("lifeline-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "client.db", NULL);
  f->db = lifeline_db_open (f->path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->db);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
enqueue (LifelineDb         *db,
         LifelineOutboxKind  kind,
         const char         *id,
         gint64              revision,
         const char         *payload)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (lifeline_db_begin (db, &error));
  g_assert_true (lifeline_outbox_enqueue (db, kind, id, revision, payload, &error));
  g_assert_no_error (error);
  g_assert_true (lifeline_db_commit (db, &error));
}

static LifelineOutboxItem *
peek (LifelineDb *db,
      gint64      now_ms,
      gint64     *next_due)
{
  g_autoptr(GError) error = NULL;
  LifelineOutboxItem *item = lifeline_outbox_peek (db, now_ms, next_due, &error);

  g_assert_no_error (error);
  return item;
}

static void
test_fifo_and_ack (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) again = NULL;
  const char *ids[] = { "c", "a", "b" };
  gint64 due = -1;

  g_assert_null (peek (f->db, 0, &due));
  g_assert_cmpint (due, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *payload = g_strdup_printf ("{\"n\":%u}", i);
      enqueue (f->db, i == 1 ? LIFELINE_OUTBOX_FLAG : LIFELINE_OUTBOX_REPORT, ids[i], 1, payload);
    }
  g_assert_cmpuint (lifeline_outbox_count (f->db), ==, 3);

  /* Durable: a second connection (as after a restart) sees the same queue. */
  again = lifeline_db_open (f->path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lifeline_outbox_count (again), ==, 3);

  /* First in, first out, whatever the ids; each stays until acknowledged. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(LifelineOutboxItem) item = peek (again, 1000, NULL);
      g_autoptr(LifelineOutboxItem) same = peek (again, 1000, NULL);
      g_autofree char *payload = g_strdup_printf ("{\"n\":%u}", i);

      g_assert_nonnull (item);
      g_assert_cmpstr (item->item_id, ==, ids[i]);
      g_assert_cmpint (item->kind, ==, i == 1 ? LIFELINE_OUTBOX_FLAG : LIFELINE_OUTBOX_REPORT);
      g_assert_cmpstr (item->payload, ==, payload);
      g_assert_cmpint (same->seq, ==, item->seq);

      g_assert_true (lifeline_outbox_begin_attempt (again, item->seq, &error));
      g_assert_true (lifeline_outbox_ack (again, item->seq, &error));
      g_assert_no_error (error);
    }

  g_assert_null (peek (f->db, G_MAXINT64, &due));
  g_assert_cmpint (due, ==, 0);
  g_assert_cmpuint (lifeline_outbox_count (f->db), ==, 0);
}

static void
test_frozen_after_attempt (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineOutboxItem) item = NULL;
  g_autoptr(LifelineOutboxItem) changed = NULL;

  enqueue (f->db, LIFELINE_OUTBOX_REPORT, "r", 1, "{\"v\":1}");
  /* Not attempted yet: the same revision is changed in place, not doubled. */
  enqueue (f->db, LIFELINE_OUTBOX_REPORT, "r", 1, "{\"v\":2}");
  g_assert_cmpuint (lifeline_outbox_count (f->db), ==, 1);
  item = peek (f->db, 0, NULL);
  g_assert_cmpstr (item->payload, ==, "{\"v\":2}");

  /* Once attempted, the payload may be on the server: changing it is refused. */
  g_assert_true (lifeline_outbox_begin_attempt (f->db, item->seq, &error));
  g_assert_false (lifeline_outbox_enqueue (f->db, LIFELINE_OUTBOX_REPORT, "r", 1, "{\"v\":3}", &error));
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT);
  g_clear_error (&error);

  changed = peek (f->db, 0, NULL);
  g_assert_cmpstr (changed->payload, ==, "{\"v\":2}");
  g_assert_cmpuint (changed->attempts, ==, 1);
}

static double
fixed_random (gpointer user_data)
{
  return *(double *)user_data;
}

static void
test_backoff_schedule (Fixture       *f,
                       gconstpointer  data)
{
  LifelineBackoff backoff;
  double r = 0.999999;
  /* Ceilings base × 2^(n−1): 1, 2, 4, 8, 16, 32, 64, 128, 256 s, then the 300 s cap. */
  static const gint64 ceilings[] = { 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000,
                                     256000, 300000, 300000, 300000 };

  lifeline_backoff_init (&backoff);
  g_assert_cmpint (backoff.base_ms, ==, 1000);
  g_assert_cmpint (backoff.cap_ms, ==, 300000);
  backoff.random = fixed_random;
  backoff.random_data = &r;

  for (guint n = 1; n <= G_N_ELEMENTS (ceilings); n++)
    {
      gint64 delay = lifeline_backoff_delay (&backoff, n, 0);

      g_assert_cmpint (delay, <=, ceilings[n - 1]);
      g_assert_cmpint (delay, >=, ceilings[n - 1] - 1);
    }
  /* Far past the cap, no overflow. */
  g_assert_cmpint (lifeline_backoff_delay (&backoff, 10000, 0), <=, 300000);

  /* Full jitter: anywhere from zero. */
  r = 0.0;
  g_assert_cmpint (lifeline_backoff_delay (&backoff, 5, 0), ==, 0);
  r = 0.5;
  g_assert_cmpint (lifeline_backoff_delay (&backoff, 3, 0), ==, 2000);

  /* Retry-After is a floor, kept even past the cap, but not without end. */
  g_assert_cmpint (lifeline_backoff_delay (&backoff, 1, 7000), ==, 7000);
  g_assert_cmpint (lifeline_backoff_delay (&backoff, 20, 900000), ==, 900000);
  g_assert_cmpint (lifeline_backoff_delay (&backoff, 1, G_MAXINT64 / 2), ==, LIFELINE_RETRY_AFTER_MAX_MS);
}

static void
test_reschedule_head_of_line (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LifelineBackoff backoff;
  double r = 0.5;
  const gint64 t0 = 1700000000000;
  gint64 due = 0;
  gint64 next = 0;

  lifeline_backoff_init (&backoff);
  backoff.random = fixed_random;
  backoff.random_data = &r;

  enqueue (f->db, LIFELINE_OUTBOX_REPORT, "first", 1, "{}");
  enqueue (f->db, LIFELINE_OUTBOX_REPORT, "second", 1, "{}");

  /* Three failures in a row: waits of 0.5, 1 and 2 s (half of 1, 2, 4 s). */
  for (guint n = 1; n <= 3; n++)
    {
      g_autoptr(LifelineOutboxItem) item = peek (f->db, t0, NULL);
      gint64 now = t0;

      if (n > 1)
        {
          /* Not due a millisecond early; the second item does not overtake it. */
          g_assert_null (peek (f->db, due - 1, &next));
          g_assert_cmpint (next, ==, due);
          g_clear_pointer (&item, lifeline_outbox_item_free);
          item = peek (f->db, due, NULL);
          now = due;
        }
      g_assert_nonnull (item);
      g_assert_cmpstr (item->item_id, ==, "first");
      g_assert_true (lifeline_outbox_begin_attempt (f->db, item->seq, &error));
      g_assert_true (lifeline_outbox_reschedule (f->db, item->seq, &backoff, 0, "Connection refused",
                                                 now, &due, &error));
      g_assert_no_error (error);
      g_assert_cmpint (due - now, ==, 500 << (n - 1));
    }

  /* The server says Retry-After: 30. */
  {
    g_autoptr(LifelineOutboxItem) item = peek (f->db, due, NULL);
    gint64 now = due;

    g_assert_true (lifeline_outbox_begin_attempt (f->db, item->seq, &error));
    g_assert_true (lifeline_outbox_reschedule (f->db, item->seq, &backoff, 30000, "429", now, &due, &error));
    g_assert_cmpint (due - now, ==, 30000);
    g_assert_null (peek (f->db, now + 29999, NULL));
  }

  /* The network is back: everything is due at once, still in order. */
  g_assert_true (lifeline_outbox_retry_now (f->db, t0 + 10, &error));
  g_assert_no_error (error);
  {
    g_autoptr(LifelineOutboxItem) item = peek (f->db, t0 + 10, NULL);

    g_assert_nonnull (item);
    g_assert_cmpstr (item->item_id, ==, "first");
    g_assert_cmpuint (item->attempts, ==, 4);
    g_assert_cmpstr (item->last_error, ==, "429");
  }
}

static void
test_reject_and_resend (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineOutboxItem) item = NULL;
  g_autoptr(LifelineOutboxItem) next = NULL;
  g_autoptr(LifelineOutboxItem) tail = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  LifelineOutboxItem *r;

  enqueue (f->db, LIFELINE_OUTBOX_REPORT, "bad", 1, "{\"note\":\"too long\"}");
  enqueue (f->db, LIFELINE_OUTBOX_FLAG, "good", 1, "{}");

  item = peek (f->db, 0, NULL);
  g_assert_true (lifeline_outbox_begin_attempt (f->db, item->seq, &error));
  g_assert_true (lifeline_outbox_reject (f->db, item->seq, 422, "invalid_field",
                                         "Field “note” is longer than 10000 characters", 1234, &error));
  g_assert_no_error (error);

  /* Moved, not dropped: the queue goes on and the rejected list has it. */
  g_assert_cmpuint (lifeline_outbox_count (f->db), ==, 1);
  g_assert_cmpuint (lifeline_outbox_count_rejected (f->db), ==, 1);
  next = peek (f->db, 0, NULL);
  g_assert_cmpstr (next->item_id, ==, "good");

  rejected = lifeline_outbox_list_rejected (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 1);
  r = g_ptr_array_index (rejected, 0);
  g_assert_cmpstr (r->item_id, ==, "bad");
  g_assert_cmpuint (r->status, ==, 422);
  g_assert_cmpstr (r->code, ==, "invalid_field");
  g_assert_cmpstr (r->message, ==, "Field “note” is longer than 10000 characters");
  g_assert_cmpint (r->rejected_at, ==, 1234);
  g_assert_cmpstr (r->payload, ==, "{\"note\":\"too long\"}");

  /* Edited and resent: at the tail, as a new revision, fresh attempts. */
  g_assert_true (lifeline_outbox_resend (f->db, r->seq, 2, "{\"note\":\"short\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lifeline_outbox_count_rejected (f->db), ==, 0);
  g_assert_cmpuint (lifeline_outbox_count (f->db), ==, 2);
  g_assert_true (lifeline_outbox_ack (f->db, next->seq, &error));
  tail = peek (f->db, 0, NULL);
  g_assert_cmpstr (tail->item_id, ==, "bad");
  g_assert_cmpint (tail->revision, ==, 2);
  g_assert_cmpuint (tail->attempts, ==, 0);
  g_assert_cmpstr (tail->payload, ==, "{\"note\":\"short\"}");
  g_assert_cmpint (tail->seq, >, next->seq);

  /* Resending what is no longer there says so. */
  g_assert_false (lifeline_outbox_resend (f->db, r->seq, 3, NULL, &error));
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND);
}

static void
test_rollback_leaves_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Enqueued inside a transaction that fails: neither item nor row stays. */
  g_assert_true (lifeline_db_begin (f->db, &error));
  g_assert_true (lifeline_outbox_enqueue (f->db, LIFELINE_OUTBOX_REPORT, "x", 1, "{}", &error));
  lifeline_db_rollback (f->db);
  g_assert_cmpuint (lifeline_outbox_count (f->db), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/fifo-and-ack", test_fifo_and_ack);
  ADD ("/outbox/frozen-after-attempt", test_frozen_after_attempt);
  ADD ("/outbox/backoff-schedule", test_backoff_schedule);
  ADD ("/outbox/reschedule-head-of-line", test_reschedule_head_of_line);
  ADD ("/outbox/reject-and-resend", test_reject_and_resend);
  ADD ("/outbox/rollback-leaves-nothing", test_rollback_leaves_nothing);
#undef ADD

  return g_test_run ();
}
