/* lifeline-reminders.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-reminders"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "lifeline-followups.h"
#include "lifeline-reminders.h"
#include "lifeline-wire.h"

/* Wake at least this often, so a suspended laptop or a changed clock is
 * noticed within a minute. */
#define MAX_SLEEP_SECONDS 60
/* At start-up, more missed follow-ups than this become one notification. */
#define MAX_SEPARATE_MISSED 2

struct _LifelineReminders
{
  GObject                parent_instance;

  GApplication          *application;   /* unowned: it owns us */
  LifelineRecoveryStore *store;
  GSettings             *settings;
  GCancellable          *cancellable;
  GPtrArray             *followups;     /* open ones, as last loaded */
  guint                  timeout_id;
  gint64                 started_at;
  gboolean               loaded_once;
};

G_DEFINE_FINAL_TYPE (LifelineReminders, lifeline_reminders, G_TYPE_OBJECT)

static void schedule (LifelineReminders *self);

static char *
notification_id (const char *followup_id)
{
  return g_strconcat ("followup-", followup_id, NULL);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, _("%H:%M"));
  /* Translators: a deadline on another day, see g_date_time_format() */
  return g_date_time_format (when, _("%a %e %b, %H:%M"));
}

static char *
describe (LifelineFollowup *followup)
{
  GString *body = g_string_new (followup->promise);

  if (followup->customer_ref != NULL && *followup->customer_ref != '\0')
    g_string_append_printf (body, "\n%s", followup->customer_ref);
  return g_string_free (body, FALSE);
}

static GNotification *
notification_new (const char       *title,
                  const char       *body,
                  const char       *followup_id)
{
  g_autoptr(GNotification) notification = g_notification_new (title);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);

  g_notification_set_body (notification, body);
  g_notification_set_icon (notification, icon);
  g_notification_set_default_action_and_target (notification, "app.open-followup", "s", followup_id);
  if (*followup_id != '\0')
    g_notification_add_button_with_target (notification, _("Mark Done"), "app.followup-done", "s", followup_id);
  return g_steal_pointer (&notification);
}

static void
show_notice (LifelineReminders  *self,
             LifelineFollowup   *followup,
             LifelineNoticeKind  kind,
             gint64              now)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = notification_id (followup->id);
  g_autofree char *body = describe (followup);
  g_autofree char *title = NULL;
  g_autofree char *when = format_time (followup->due_at);

  switch (kind)
    {
    case LIFELINE_NOTICE_REMINDER:
      {
        gint64 minutes = MAX (1, (followup->due_at - now + 59) / 60);

        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Follow-up due in %d minute, at %s",
                                              "Follow-up due in %d minutes, at %s",
                                              minutes),
                                 (int)minutes, when);
      }
      break;

    case LIFELINE_NOTICE_DUE:
      if (followup->due_at < self->started_at)
        title = g_strdup_printf (_("Overdue follow-up: it was due at %s"), when);
      else
        title = g_strdup (_("Follow-up due now"));
      break;

    case LIFELINE_NOTICE_NONE:
    default:
      return;
    }

  notification = notification_new (title, body, followup->id);
  g_notification_set_priority (notification, kind == LIFELINE_NOTICE_DUE
                                               ? G_NOTIFICATION_PRIORITY_HIGH
                                               : G_NOTIFICATION_PRIORITY_NORMAL);
  g_application_send_notification (self->application, id, notification);
  g_debug ("notice %d for %s", kind, followup->id);
}

static void
show_missed_summary (LifelineReminders *self,
                     guint              n_missed)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u follow-up fell due while Lifeline was closed",
                                        "%u follow-ups fell due while Lifeline was closed",
                                        n_missed),
                           n_missed);
  notification = notification_new (title, _("Open Lifeline to see them and keep your promises."), "");
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (self->application, "followups-missed", notification);
}

static void
on_notified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lifeline_recovery_store_set_notified_finish (LIFELINE_RECOVERY_STORE (source), result, &error))
    g_warning ("Could not record a shown follow-up notice: %s", error->message);
}

/* Shows everything due by now, then sets the timer for the next. */
static void
fire_due (LifelineReminders *self)
{
  g_autoptr(GPtrArray) missed = g_ptr_array_new ();
  gint64 now = lifeline_time_now ();
  gint64 lead = g_settings_get_int (self->settings, "followup-reminder-minutes") * 60;

  for (;;)
    {
      LifelineFollowup *followup = NULL;
      gint64 at = 0;
      LifelineNoticeKind kind;

      kind = lifeline_followups_next_notice (self->followups, now, lead, &followup, &at);
      if (kind == LIFELINE_NOTICE_NONE || at > now)
        break;

      followup->notified = kind;
      lifeline_recovery_store_set_notified_async (self->store, followup->id, kind,
                                                  NULL, on_notified, NULL);

      if (kind == LIFELINE_NOTICE_DUE && followup->due_at < self->started_at)
        g_ptr_array_add (missed, followup);
      else
        show_notice (self, followup, kind, now);
    }

  if (missed->len > MAX_SEPARATE_MISSED)
    show_missed_summary (self, missed->len);
  else
    for (guint i = 0; i < missed->len; i++)
      show_notice (self, g_ptr_array_index (missed, i), LIFELINE_NOTICE_DUE, now);
}

static gboolean
on_timeout (gpointer user_data)
{
  LifelineReminders *self = user_data;

  self->timeout_id = 0;
  schedule (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (LifelineReminders *self)
{
  gint64 now, at = 0, lead;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->followups == NULL)
    return;

  fire_due (self);

  now = lifeline_time_now ();
  lead = g_settings_get_int (self->settings, "followup-reminder-minutes") * 60;
  if (lifeline_followups_next_notice (self->followups, now, lead, NULL, &at) == LIFELINE_NOTICE_NONE)
    return;

  self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                 CLAMP (at - now, 1, MAX_SLEEP_SECONDS),
                                                 on_timeout, self, NULL);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LifelineReminders *self;
  g_autoptr(GPtrArray) followups = NULL;
  g_autoptr(GError) error = NULL;

  followups = lifeline_recovery_store_list_followups_finish (LIFELINE_RECOVERY_STORE (source), result, &error);
  if (followups == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load follow-ups for reminders: %s", error->message);
      return;
    }

  self = user_data;

  /* Those done (here or from a notification) lose their notification. */
  if (self->followups != NULL)
    for (guint i = 0; i < self->followups->len; i++)
      {
        LifelineFollowup *old = g_ptr_array_index (self->followups, i);
        gboolean still_open = FALSE;

        for (guint j = 0; j < followups->len && !still_open; j++)
          still_open = g_strcmp0 (old->id, ((LifelineFollowup *)g_ptr_array_index (followups, j))->id) == 0;

        if (!still_open && old->notified != LIFELINE_NOTICE_NONE)
          {
            g_autofree char *id = notification_id (old->id);
            g_application_withdraw_notification (self->application, id);
          }
      }

  g_clear_pointer (&self->followups, g_ptr_array_unref);
  self->followups = g_steal_pointer (&followups);
  self->loaded_once = TRUE;
  schedule (self);
}

static void
reload (LifelineReminders *self)
{
  lifeline_recovery_store_list_followups_async (self->store, LIFELINE_FOLLOWUPS_OPEN,
                                                self->cancellable, on_loaded, self);
}

static void
on_followups_changed (LifelineReminders *self)
{
  reload (self);
}

static void
on_lead_changed (LifelineReminders *self)
{
  schedule (self);
}

static void
open_followup_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  LifelineReminders *self = user_data;
  GtkWindow *window;

  /* Clicking a notification may start Lifeline: activate makes the window. */
  g_application_activate (self->application);
  window = gtk_application_get_active_window (GTK_APPLICATION (self->application));
  if (window == NULL)
    return;

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-followup", "s",
                              g_variant_get_string (parameter, NULL));
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lifeline_recovery_store_set_done_finish (LIFELINE_RECOVERY_STORE (source), result, &error))
    g_warning ("Could not mark the follow-up done: %s", error->message);
}

static void
followup_done_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  LifelineReminders *self = user_data;
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *notification = notification_id (id);

  if (*id == '\0')
    return;

  g_application_withdraw_notification (self->application, notification);
  lifeline_recovery_store_set_done_async (self->store, id, TRUE, NULL, on_done, NULL);
}

static void
lifeline_reminders_dispose (GObject *object)
{
  LifelineReminders *self = (LifelineReminders *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->application != NULL)
    {
      g_action_map_remove_action (G_ACTION_MAP (self->application), "open-followup");
      g_action_map_remove_action (G_ACTION_MAP (self->application), "followup-done");
      self->application = NULL;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->followups, g_ptr_array_unref);

  G_OBJECT_CLASS (lifeline_reminders_parent_class)->dispose (object);
}

static void
lifeline_reminders_class_init (LifelineRemindersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = lifeline_reminders_dispose;
}

static void
lifeline_reminders_init (LifelineReminders *self)
{
  self->cancellable = g_cancellable_new ();
  self->started_at = lifeline_time_now ();
}

LifelineReminders *
lifeline_reminders_new (GApplication          *application,
                        LifelineRecoveryStore *store,
                        GSettings             *settings)
{
  const GActionEntry actions[] = {
    { "open-followup", open_followup_action, "s" },
    { "followup-done", followup_done_action, "s" },
  };
  LifelineReminders *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LIFELINE_IS_RECOVERY_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LIFELINE_TYPE_REMINDERS, NULL);
  self->application = application;
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), self);
  g_signal_connect_swapped (store, "followups-changed", G_CALLBACK (on_followups_changed), self);
  g_signal_connect_swapped (settings, "changed::followup-reminder-minutes", G_CALLBACK (on_lead_changed), self);

  reload (self);
  return self;
}

guint
lifeline_reminders_get_overdue (LifelineReminders *self)
{
  gint64 now = lifeline_time_now ();
  guint n = 0;

  g_return_val_if_fail (LIFELINE_IS_REMINDERS (self), 0);

  if (self->followups == NULL)
    return 0;
  for (guint i = 0; i < self->followups->len; i++)
    {
      LifelineFollowup *followup = g_ptr_array_index (self->followups, i);

      if (followup->done_at == 0 && followup->due_at <= now)
        n++;
    }
  return n;
}
