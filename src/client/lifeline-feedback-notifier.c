/* lifeline-feedback-notifier.c — tells the agent when a team lead answered a report
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-feedback-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-core.h"
#include "lifeline-feedback-notifier.h"

/* How much of the lead's words the notification shows. */
#define EXCERPT_CHARS 160

struct _LifelineFeedbackNotifier
{
  GObject             parent_instance;

  GApplication       *application;   /* unowned: it owns us */
  LifelineSyncEngine *engine;
};

G_DEFINE_FINAL_TYPE (LifelineFeedbackNotifier, lifeline_feedback_notifier, G_TYPE_OBJECT)

/* The newest feedback's words, shortened, or NULL. One indexed row on the
 * main connection, as the receipt itself reads it. */
static char *
newest_feedback (LifelineSyncEngine *engine)
{
  LifelineDb *db = lifeline_sync_engine_get_db (engine);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *body = NULL;

  if (db == NULL)
    return NULL;
  stmt = lifeline_db_prepare (db, "SELECT body FROM feedback ORDER BY received_at DESC, created_at DESC LIMIT 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  body = lifeline_db_column_dup (stmt, 0);
  if (body == NULL)
    return NULL;
  g_strstrip (body);
  if (g_utf8_strlen (body, -1) > EXCERPT_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (body, 0, EXCERPT_CHARS - 1);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&body);
}

static void
on_feedback_received (LifelineFeedbackNotifier *self,
                      guint                     n_feedback)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Your team lead replied to your report"));
  g_autofree char *excerpt = NULL;
  g_autofree char *body = NULL;

  if (n_feedback == 0)
    return;

  excerpt = newest_feedback (self->engine);
  if (n_feedback > 1)
    /* Translators: the body of the notification when several replies came at once */
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u reply. Open the report in Lifeline to read it.",
                                         "%u replies. Open your reports in Lifeline to read them.",
                                         n_feedback),
                            n_feedback);
  else if (excerpt != NULL)
    body = g_steal_pointer (&excerpt);

  if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_NORMAL);
  g_application_send_notification (self->application, "lead-feedback", notification);
}

static void
lifeline_feedback_notifier_dispose (GObject *object)
{
  LifelineFeedbackNotifier *self = LIFELINE_FEEDBACK_NOTIFIER (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (lifeline_feedback_notifier_parent_class)->dispose (object);
}

static void
lifeline_feedback_notifier_class_init (LifelineFeedbackNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lifeline_feedback_notifier_dispose;
}

static void
lifeline_feedback_notifier_init (LifelineFeedbackNotifier *self)
{
}

LifelineFeedbackNotifier *
lifeline_feedback_notifier_new (GApplication       *application,
                                LifelineSyncEngine *engine)
{
  LifelineFeedbackNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LIFELINE_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (LIFELINE_TYPE_FEEDBACK_NOTIFIER, NULL);
  self->application = application;
  self->engine = g_object_ref (engine);
  g_signal_connect_swapped (engine, "feedback-received", G_CALLBACK (on_feedback_received), self);
  return self;
}
