/* lifeline-followup-dialog.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-followup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-application.h"
#include "lifeline-followup-dialog.h"
#include "lifeline-followups.h"
#include "lifeline-wire.h"

struct _LifelineFollowupDialog
{
  AdwWindow              parent_instance;

  LifelineRecoveryStore *store;
  GSettings             *settings;
  LifelineFollowup      *draft;
  GCancellable          *cancellable;
  gboolean               saving;

  AdwEntryRow           *promise_row;
  AdwEntryRow           *customer_ref_row;
  AdwActionRow          *wish_row;
  AdwActionRow          *hour_row;
  AdwActionRow          *shift_row;
  AdwActionRow          *morning_row;
  GtkCheckButton        *hour_check;
  GtkCheckButton        *shift_check;
  GtkCheckButton        *morning_check;
  GtkCheckButton        *custom_check;
  GtkRevealer           *custom_revealer;
  GtkCalendar           *calendar;
  GtkSpinButton         *hour_spin;
  GtkSpinButton         *minute_spin;
  GtkLabel              *deadline_label;
  GtkLabel              *error_label;
};

G_DEFINE_FINAL_TYPE (LifelineFollowupDialog, lifeline_followup_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_deadline (GDateTime *when,
                 GDateTime *now)
{
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *time = g_date_time_format (when, _("%H:%M"));

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: a deadline, %s is a time such as 17:00 */
    return g_strdup_printf (_("Today at %s"), time);
  if (g_date_time_get_year (when) == g_date_time_get_year (tomorrow) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (tomorrow))
    /* Translators: a deadline, %s is a time such as 09:00 */
    return g_strdup_printf (_("Tomorrow at %s"), time);
  /* Translators: a deadline further away, see g_date_time_format() */
  return g_date_time_format (when, _("%A %e %B at %H:%M"));
}

/* The deadline chosen now, or NULL. */
static GDateTime *
chosen_deadline (LifelineFollowupDialog *self,
                 GDateTime              *now)
{
  g_autofree char *shift = g_settings_get_string (self->settings, "end-of-shift");
  g_autofree char *morning = g_settings_get_string (self->settings, "tomorrow-morning");

  if (gtk_check_button_get_active (self->hour_check))
    return lifeline_followups_deadline (LIFELINE_DEADLINE_IN_ONE_HOUR, now, NULL);
  if (gtk_check_button_get_active (self->shift_check))
    return lifeline_followups_deadline (LIFELINE_DEADLINE_END_OF_SHIFT, now, shift);
  if (gtk_check_button_get_active (self->morning_check))
    return lifeline_followups_deadline (LIFELINE_DEADLINE_TOMORROW_MORNING, now, morning);
  if (gtk_check_button_get_active (self->custom_check))
    {
      g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);

      return g_date_time_new (g_date_time_get_timezone (now),
                              g_date_time_get_year (day),
                              g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day),
                              gtk_spin_button_get_value_as_int (self->hour_spin),
                              gtk_spin_button_get_value_as_int (self->minute_spin),
                              0);
    }
  return NULL;
}

static void
update (LifelineFollowupDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) hour = NULL;
  g_autoptr(GDateTime) shift = NULL;
  g_autoptr(GDateTime) morning = NULL;
  g_autoptr(GDateTime) chosen = NULL;
  g_autofree char *shift_time = g_settings_get_string (self->settings, "end-of-shift");
  g_autofree char *morning_time = g_settings_get_string (self->settings, "tomorrow-morning");
  g_autofree char *hour_text = NULL;
  g_autofree char *shift_text = NULL;
  g_autofree char *morning_text = NULL;
  const char *promise = gtk_editable_get_text (GTK_EDITABLE (self->promise_row));
  g_autofree char *stripped = NULL;
  gboolean valid;

  hour = lifeline_followups_deadline (LIFELINE_DEADLINE_IN_ONE_HOUR, now, NULL);
  shift = lifeline_followups_deadline (LIFELINE_DEADLINE_END_OF_SHIFT, now, shift_time);
  morning = lifeline_followups_deadline (LIFELINE_DEADLINE_TOMORROW_MORNING, now, morning_time);
  hour_text = format_deadline (hour, now);
  shift_text = format_deadline (shift, now);
  morning_text = format_deadline (morning, now);
  adw_action_row_set_subtitle (self->hour_row, hour_text);
  adw_action_row_set_subtitle (self->shift_row, shift_text);
  adw_action_row_set_subtitle (self->morning_row, morning_text);

  gtk_revealer_set_reveal_child (self->custom_revealer,
                                 gtk_check_button_get_active (self->custom_check));

  chosen = chosen_deadline (self, now);
  if (chosen != NULL)
    {
      int lead = g_settings_get_int (self->settings, "followup-reminder-minutes");
      g_autoptr(GDateTime) remind = g_date_time_add_minutes (chosen, -lead);
      g_autofree char *time = g_date_time_format (g_date_time_compare (remind, now) > 0 ? remind : chosen, _("%H:%M"));
      g_autofree char *text = NULL;

      /* Translators: %s is a time such as 16:50 */
      text = g_strdup_printf (_("Lifeline will remind you at %s."), time);
      gtk_label_set_text (self->deadline_label, text);
    }
  else
    gtk_label_set_text (self->deadline_label, _("Choose when you will get back to the customer."));

  stripped = g_strstrip (g_strdup (promise));
  valid = chosen != NULL && g_date_time_compare (chosen, now) > 0 && *stripped != '\0';
  if (chosen != NULL && g_date_time_compare (chosen, now) <= 0)
    {
      gtk_label_set_text (self->error_label, _("That time has passed. Choose a time still to come."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else if (!self->saving)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "followup.save", valid && !self->saving);
}

static void
on_preset_toggled (LifelineFollowupDialog *self)
{
  update (self);
}

static void
on_custom_changed (LifelineFollowupDialog *self)
{
  update (self);
}

static gboolean
on_minute_output (GtkSpinButton *spin,
                  gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LifelineFollowupDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lifeline_recovery_store_add_followup_finish (LIFELINE_RECOVERY_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->saving = FALSE;
      /* Translators: %s says why, e.g. the disk is full */
      message = g_strdup_printf (_("The follow-up was not saved: %s"), error->message);
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update (self);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, self->draft);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LifelineFollowupDialog *self = LIFELINE_FOLLOWUP_DIALOG (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) due = chosen_deadline (self, now);
  g_autofree char *promise = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->promise_row))));
  g_autofree char *ref = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->customer_ref_row))));

  if (self->saving || due == NULL || *promise == '\0' || g_date_time_compare (due, now) <= 0)
    return;

  g_free (self->draft->promise);
  self->draft->promise = g_steal_pointer (&promise);
  g_free (self->draft->customer_ref);
  self->draft->customer_ref = g_steal_pointer (&ref);
  self->draft->due_at = g_date_time_to_unix (due);
  self->draft->created_at = lifeline_time_now ();

  self->saving = TRUE;
  update (self);
  lifeline_recovery_store_add_followup_async (self->store, self->draft, self->cancellable,
                                              on_saved, g_object_ref (self));
}

static void
lifeline_followup_dialog_dispose (GObject *object)
{
  LifelineFollowupDialog *self = (LifelineFollowupDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->draft);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lifeline_followup_dialog_parent_class)->dispose (object);
}

static void
lifeline_followup_dialog_class_init (LifelineFollowupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_followup_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, LIFELINE_TYPE_FOLLOWUP);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-followup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, promise_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, customer_ref_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, wish_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, hour_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, shift_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, morning_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, hour_check);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, shift_check);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, morning_check);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, custom_check);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, custom_revealer);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_minute_output);

  gtk_widget_class_install_action (widget_class, "followup.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "followup.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lifeline_followup_dialog_init (LifelineFollowupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

LifelineFollowupDialog *
lifeline_followup_dialog_new (GtkWindow             *parent,
                              LifelineRecoveryStore *store,
                              GSettings             *settings,
                              LifelineFollowup      *draft)
{
  LifelineFollowupDialog *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);

  g_return_val_if_fail (LIFELINE_IS_RECOVERY_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LIFELINE_TYPE_FOLLOWUP_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->draft = draft ? g_object_ref (draft) : lifeline_followup_new ("", 0);

  /* A promise made during a call carries that call's id. */
  if (self->draft->call_id == NULL)
    {
      GApplication *app = g_application_get_default ();

      if (LIFELINE_IS_APPLICATION (app) && lifeline_application_get_call_id (LIFELINE_APPLICATION (app)) != NULL)
        self->draft->call_id = g_strdup (lifeline_application_get_call_id (LIFELINE_APPLICATION (app)));
    }

  gtk_editable_set_text (GTK_EDITABLE (self->promise_row), self->draft->promise ? self->draft->promise : "");
  gtk_editable_set_text (GTK_EDITABLE (self->customer_ref_row),
                         self->draft->customer_ref ? self->draft->customer_ref : "");
  if (self->draft->wish != NULL && *self->draft->wish != '\0')
    {
      adw_action_row_set_subtitle (self->wish_row, self->draft->wish);
      gtk_widget_set_visible (GTK_WIDGET (self->wish_row), TRUE);
    }

  /* A chosen time starts two hours ahead, on the hour. */
  gtk_calendar_select_day (self->calendar, later);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (later));
  gtk_spin_button_set_value (self->minute_spin, 0);

  g_signal_connect_object (self->promise_row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  gtk_check_button_set_active (self->shift_check, TRUE);
  update (self);

  if (self->draft->promise == NULL || *self->draft->promise == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->promise_row));

  return self;
}
