/* lifeline-sync-status.c — the header's word on what is waiting for the server
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A flat menu button in the header bar: "Synced", "Sending 2…",
 * "Offline — 3 waiting", "Rejected — see details". Its popover says the
 * same in a sentence, shows the last error, lists what the server refused
 * (each with Edit and Send Again) and has Sync Now. Hidden in standalone
 * mode: with no server there is nothing to report. At the agent's 420 px
 * the words move under the window title, and the button stays, as an icon,
 * only when there is something to do (rejected items, a refused token).
 */

#define G_LOG_DOMAIN "lifeline-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-sync-status.h"

#define MAX_SHOWN 4

struct _LifelineSyncStatus
{
  AdwBin              parent_instance;

  GtkMenuButton      *button;
  GtkImage           *icon;
  GtkLabel           *label;
  GtkPopover         *popover;
  GtkLabel           *summary_label;
  GtkLabel           *error_label;
  GtkWidget          *rejected_box;
  GtkListBox         *rejected_list;
  GtkLabel           *more_label;

  LifelineSyncEngine *engine;
  guint               shown_rejected;
  GWeakRef            title;   /* AdwViewSwitcherTitle */
  char               *text;
};

G_DEFINE_FINAL_TYPE (LifelineSyncStatus, lifeline_sync_status, ADW_TYPE_BIN)

static void
rebuild_rejected (LifelineSyncStatus *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_list))) != NULL)
    gtk_list_box_remove (self->rejected_list, child);

  if (self->engine == NULL)
    return;

  items = lifeline_outbox_list_rejected (lifeline_sync_engine_get_db (self->engine), &error);
  if (items == NULL)
    {
      g_warning ("Could not read the rejected list: %s", error->message);
      return;
    }

  /* The newest few: each needs a look from the agent, not a scroll. */
  for (guint i = 0; i < MIN (items->len, MAX_SHOWN); i++)
    {
      LifelineOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (item->created_at);
      g_autofree char *time = when ? g_date_time_format (when, _("%H:%M")) : g_strdup ("");
      g_autofree char *title = NULL;
      AdwActionRow *row;
      GtkWidget *resend;

      switch (item->kind)
        {
        case LIFELINE_OUTBOX_REPORT:
          /* Translators: %s is a time such as 14:02 */
          title = g_strdup_printf (_("Mistake report of %s"), time);
          break;

        case LIFELINE_OUTBOX_FLAG:
          /* Translators: %s is a time such as 14:02 */
          title = g_strdup_printf (_("Article flag of %s"), time);
          break;

        case LIFELINE_OUTBOX_FOLLOWUP:
        default:
          /* Translators: %s is a time such as 14:02 */
          title = g_strdup_printf (_("Follow-up of %s"), time);
          break;
        }

      row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (row, item->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle_lines (row, 4);

      if (item->kind == LIFELINE_OUTBOX_REPORT)
        {
          GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

          gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (edit, _("Edit"));
          gtk_widget_add_css_class (edit, "flat");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "sync-status.edit");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "s", item->item_id);
          adw_action_row_add_suffix (row, edit);
        }

      resend = gtk_button_new_from_icon_name ("view-refresh-symbolic");
      gtk_widget_set_valign (resend, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (resend, _("Send Again"));
      gtk_widget_add_css_class (resend, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (resend), "sync-status.resend");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (resend), "x", item->seq);
      adw_action_row_add_suffix (row, resend);

      gtk_list_box_append (self->rejected_list, GTK_WIDGET (row));
    }

  gtk_widget_set_visible (self->rejected_box, items->len > 0);
  if (items->len > MAX_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                            "and %u more", items->len - MAX_SHOWN),
                                               items->len - MAX_SHOWN);
      gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), items->len > MAX_SHOWN);
}

static void
update (LifelineSyncStatus *self)
{
  LifelineSyncState state = LIFELINE_SYNC_STANDALONE;
  guint pending = 0;
  guint rejected = 0;
  const char *icon = "emblem-ok-symbolic";
  const char *error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;

  if (self->engine != NULL)
    {
      state = lifeline_sync_engine_get_state (self->engine);
      pending = lifeline_sync_engine_get_pending (self->engine);
      rejected = lifeline_sync_engine_get_rejected (self->engine);
      error = lifeline_sync_engine_get_last_error (self->engine);
    }

  switch (state)
    {
    case LIFELINE_SYNC_SYNCED:
      text = g_strdup (_("Synced"));
      summary = g_strdup (_("Everything you recorded has reached the team."));
      error = NULL;
      break;

    case LIFELINE_SYNC_SENDING:
      icon = "mail-send-symbolic";
      /* Translators: %u is how many items are going to the server */
      text = g_strdup_printf (_("Sending %u…"), pending);
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u item is on its way to the team. It is safe on this computer until the server has it.",
                                              "%u items are on their way to the team. They are safe on this computer until the server has them.",
                                              pending), pending);
      break;

    case LIFELINE_SYNC_OFFLINE:
      icon = "network-offline-symbolic";
      if (pending > 0)
        /* Translators: %u is how many items wait for the server */
        text = g_strdup_printf (_("Offline — %u waiting"), pending);
      else
        text = g_strdup (_("Offline"));
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The team’s server cannot be reached. %u item waits safely on this computer and goes as soon as it can.",
                                              "The team’s server cannot be reached. %u items wait safely on this computer and go as soon as they can.",
                                              pending), pending);
      break;

    case LIFELINE_SYNC_REJECTED:
      icon = "dialog-warning-symbolic";
      text = g_strdup (_("Rejected — see details"));
      summary = g_strdup (_("The server refused what is listed below. Edit it or send it again; nothing is thrown away."));
      error = NULL;
      break;

    case LIFELINE_SYNC_UNAUTHORIZED:
      icon = "dialog-password-symbolic";
      text = g_strdup (_("Not signed in"));
      summary = g_strdup (_("The server did not accept your token. Open Preferences and paste a new token from your team lead. "
                            "Your reports stay queued meanwhile."));
      break;

    case LIFELINE_SYNC_STANDALONE:
    default:
      text = g_strdup (_("Standalone"));
      summary = g_strdup (_("No team server is set up: everything stays on this computer."));
      break;
    }

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->label, text);
  gtk_label_set_text (self->summary_label, summary);
  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && *error != '\0');
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);

  if (state == LIFELINE_SYNC_REJECTED || state == LIFELINE_SYNC_UNAUTHORIZED)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");

  /* Narrow: the title shows, with the words under it; wide: on the button. */
  {
    g_autoptr(AdwViewSwitcherTitle) title = g_weak_ref_get (&self->title);
    gboolean narrow = title != NULL && adw_view_switcher_title_get_title_visible (title);

    gtk_widget_set_visible (GTK_WIDGET (self->label), !narrow);
    /* Narrow, the button stays only when there is something to do. */
    gtk_widget_set_visible (GTK_WIDGET (self),
                            state != LIFELINE_SYNC_STANDALONE &&
                            (!narrow || state == LIFELINE_SYNC_REJECTED || state == LIFELINE_SYNC_UNAUTHORIZED));
    if (title != NULL)
      adw_view_switcher_title_set_subtitle (title, state == LIFELINE_SYNC_STANDALONE ? NULL : text);
  }

  g_free (self->text);
  self->text = g_steal_pointer (&text);

  /* Built ahead, so the popover has its size before it shows. */
  if (rejected != self->shown_rejected)
    {
      self->shown_rejected = rejected;
      rebuild_rejected (self);
    }
}

void
lifeline_sync_status_set_engine (LifelineSyncStatus *self,
                                 LifelineSyncEngine *engine)
{
  g_return_if_fail (LIFELINE_IS_SYNC_STATUS (self));
  g_return_if_fail (engine == NULL || LIFELINE_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::pending", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::rejected", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (engine, "notify::last-error", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

void
lifeline_sync_status_set_title (LifelineSyncStatus   *self,
                                AdwViewSwitcherTitle *title)
{
  g_return_if_fail (LIFELINE_IS_SYNC_STATUS (self));
  g_return_if_fail (ADW_IS_VIEW_SWITCHER_TITLE (title));

  g_weak_ref_set (&self->title, title);
  g_signal_connect_object (title, "notify::title-visible", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
lifeline_sync_status_get_text (LifelineSyncStatus *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_STATUS (self), NULL);
  return self->text;
}

void
lifeline_sync_status_popup (LifelineSyncStatus *self)
{
  g_return_if_fail (LIFELINE_IS_SYNC_STATUS (self));
  gtk_menu_button_popup (self->button);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LifelineSyncStatus *self = LIFELINE_SYNC_STATUS (widget);
  g_autoptr(LifelineOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  LifelineDb *db;
  gboolean ok;

  if (self->engine == NULL)
    return;

  db = lifeline_sync_engine_get_db (self->engine);
  item = lifeline_outbox_get_rejected (db, g_variant_get_int64 (parameter), &error);
  if (item == NULL)
    ok = FALSE;
  else if (item->kind == LIFELINE_OUTBOX_REPORT)
    /* A new revision: the server may hold the refused one. */
    ok = lifeline_reports_resend (db, item->item_id, &error);
  else
    ok = lifeline_db_begin (db, &error) &&
         lifeline_outbox_resend (db, item->seq, item->revision, NULL, &error) &&
         lifeline_db_commit (db, &error);

  if (!ok)
    {
      lifeline_db_rollback (db);
      g_warning ("Could not queue the item again: %s", error->message);
    }

  lifeline_sync_engine_queue_changed (self->engine);
  rebuild_rejected (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LifelineSyncStatus *self = LIFELINE_SYNC_STATUS (widget);

  gtk_popover_popdown (self->popover);
  gtk_widget_activate_action_variant (widget, "win.edit-report", parameter);
}

static void
lifeline_sync_status_dispose (GObject *object)
{
  LifelineSyncStatus *self = (LifelineSyncStatus *)object;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  /* AdwBin unparents its child (the template's) itself. */

  G_OBJECT_CLASS (lifeline_sync_status_parent_class)->dispose (object);
}

static void
lifeline_sync_status_finalize (GObject *object)
{
  LifelineSyncStatus *self = (LifelineSyncStatus *)object;

  g_free (self->text);
  g_weak_ref_clear (&self->title);

  G_OBJECT_CLASS (lifeline_sync_status_parent_class)->finalize (object);
}

static void
lifeline_sync_status_class_init (LifelineSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_sync_status_dispose;
  object_class->finalize = lifeline_sync_status_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, button);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, icon);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, label);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, popover);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, error_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, rejected_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncStatus, more_label);

  gtk_widget_class_install_action (widget_class, "sync-status.resend", "x", resend_action);
  gtk_widget_class_install_action (widget_class, "sync-status.edit", "s", edit_action);
}

static void
lifeline_sync_status_init (LifelineSyncStatus *self)
{
  g_weak_ref_init (&self->title, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
