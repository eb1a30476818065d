/* lifeline-followups-page.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-followups-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-followups-page.h"
#include "lifeline-widget-util.h"
#include "lifeline-wire.h"

/* Done follow-ups shown at most; older ones stay on disk. */
#define MAX_DONE 30

struct _LifelineFollowupsPage
{
  GtkWidget              parent_instance;

  LifelineRecoveryStore *store;
  GCancellable          *cancellable;
  GPtrArray             *followups;      /* all, as last loaded */
  GPtrArray             *shown;          /* in the order shown */
  GHashTable            *rows;           /* id → row (unowned) */
  char                  *pending_show;   /* an id to bring into view once loaded */
  guint                  tick_id;
  guint                  n_overdue;
  gboolean               loaded;
  gboolean               announced;

  GtkStack              *stack;
  GtkScrolledWindow     *scrolled;
  GtkWidget             *overdue_heading;
  GtkListBox            *overdue_list;
  GtkWidget             *due_heading;
  GtkListBox            *due_list;
  GtkWidget             *done_heading;
  GtkListBox            *done_list;
};

G_DEFINE_FINAL_TYPE (LifelineFollowupsPage, lifeline_followups_page, GTK_TYPE_WIDGET)

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* "today at 17:00", "tomorrow at 09:00", "Mon 3 Mar at 09:00" */
static char *
format_when (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *time = g_date_time_format (when, _("%H:%M"));

  if (same_day (when, now))
    /* Translators: %s is a time such as 17:00 */
    return g_strdup_printf (_("today at %s"), time);
  if (same_day (when, tomorrow))
    /* Translators: %s is a time such as 09:00 */
    return g_strdup_printf (_("tomorrow at %s"), time);
  if (same_day (when, yesterday))
    /* Translators: %s is a time such as 09:00 */
    return g_strdup_printf (_("yesterday at %s"), time);
  /* Translators: a day further away, see g_date_time_format() */
  return g_date_time_format (when, _("%a %e %b at %H:%M"));
}

static char *
describe (LifelineFollowup *followup,
          gint64            now)
{
  g_autofree char *when = NULL;
  GString *text = g_string_new (NULL);

  if (followup->done_at != 0)
    {
      when = format_when (followup->done_at);
      /* Translators: %s is e.g. "today at 14:02" */
      g_string_append_printf (text, _("Done %s"), when);
    }
  else if (followup->due_at <= now)
    {
      when = format_when (followup->due_at);
      /* Translators: %s is e.g. "today at 14:00" */
      g_string_append_printf (text, _("Was due %s"), when);
    }
  else
    {
      when = format_when (followup->due_at);
      /* Translators: %s is e.g. "today at 17:00" */
      g_string_append_printf (text, _("Due %s"), when);
    }

  if (followup->customer_ref != NULL && *followup->customer_ref != '\0')
    g_string_append_printf (text, " · %s", followup->customer_ref);

  if (followup->wish != NULL && *followup->wish != '\0')
    {
      g_string_append_c (text, '\n');
      /* Translators: the customer's answer to "What would you like to see happen?" */
      g_string_append_printf (text, _("The customer would like: %s"), followup->wish);
    }

  return g_string_free (text, FALSE);
}

static GtkWidget *
row_new (LifelineFollowup *followup,
         gint64            now)
{
  g_autofree char *subtitle = describe (followup, now);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  gboolean done = followup->done_at != 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 *followup->promise ? followup->promise : _("Follow-up"));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_set_focusable (row, TRUE);

  if (done)
    {
      button = gtk_button_new_from_icon_name ("edit-undo-symbolic");
      gtk_widget_set_tooltip_text (button, _("Not Done Yet"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not Done Yet"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "followups.reopen");
      gtk_widget_add_css_class (row, "lifeline-followup-done");
    }
  else
    {
      button = gtk_button_new_from_icon_name ("object-select-symbolic");
      gtk_widget_set_tooltip_text (button, _("Mark Done"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mark Done"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "followups.done");
      if (followup->due_at <= now)
        gtk_widget_add_css_class (row, "lifeline-followup-overdue");
    }

  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", followup->id);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, done ? "flat" : "lifeline-done-button");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
update_stack_page (LifelineFollowupsPage *self)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
  AdwViewStackPage *page;

  if (stack == NULL)
    return;

  page = adw_view_stack_get_page (ADW_VIEW_STACK (stack), GTK_WIDGET (self));
  if (page == NULL)
    return;

  adw_view_stack_page_set_needs_attention (page, self->n_overdue > 0);
  adw_view_stack_page_set_badge_number (page, self->n_overdue);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkWidget *stack = gtk_widget_get_ancestor (widget, ADW_TYPE_VIEW_STACK);

  if (stack != NULL)
    adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), widget);
}

/* Once per run: the follow-ups that fell due while Lifeline was closed. */
static void
announce_overdue (LifelineFollowupsPage *self)
{
  GtkWidget *overlay;
  AdwToast *toast;
  g_autofree char *title = NULL;

  if (self->announced || self->n_overdue == 0)
    return;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;

  self->announced = TRUE;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u follow-up is overdue",
                                        "%u follow-ups are overdue",
                                        self->n_overdue),
                           self->n_overdue);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "followups.show-page");
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
render (LifelineFollowupsPage *self)
{
  gint64 now = lifeline_time_now ();
  guint n_due = 0, n_done = 0;

  clear_list (self->overdue_list);
  clear_list (self->due_list);
  clear_list (self->done_list);
  g_hash_table_remove_all (self->rows);
  g_ptr_array_set_size (self->shown, 0);
  self->n_overdue = 0;

  if (self->followups != NULL)
    {
      /* Open ones come soonest first, then done ones newest first. */
      for (guint pass = 0; pass < 3; pass++)
        for (guint i = 0; i < self->followups->len; i++)
          {
            LifelineFollowup *followup = g_ptr_array_index (self->followups, i);
            GtkListBox *list;
            GtkWidget *row;

            if (pass == 0 && followup->done_at == 0 && followup->due_at <= now)
              {
                list = self->overdue_list;
                self->n_overdue++;
              }
            else if (pass == 1 && followup->done_at == 0 && followup->due_at > now)
              {
                list = self->due_list;
                n_due++;
              }
            else if (pass == 2 && followup->done_at != 0 && n_done < MAX_DONE)
              {
                list = self->done_list;
                n_done++;
              }
            else
              continue;

            row = row_new (followup, now);
            gtk_list_box_append (list, row);
            g_hash_table_insert (self->rows, g_strdup (followup->id), row);
            g_ptr_array_add (self->shown, g_object_ref (followup));
          }
    }

  gtk_widget_set_visible (self->overdue_heading, self->n_overdue > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_list), self->n_overdue > 0);
  gtk_widget_set_visible (self->due_heading, n_due > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->due_list), n_due > 0);
  gtk_widget_set_visible (self->done_heading, n_done > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->done_list), n_done > 0);
  gtk_stack_set_visible_child_name (self->stack, self->shown->len > 0 ? "list" : "empty");

  update_stack_page (self);
}

static gboolean
show_pending (gpointer user_data)
{
  LifelineFollowupsPage *self = user_data;
  g_autofree char *id = g_steal_pointer (&self->pending_show);
  GtkWidget *row = id ? g_hash_table_lookup (self->rows, id) : NULL;

  if (row != NULL)
    {
      gtk_widget_grab_focus (row);
      gtk_widget_add_css_class (row, "lifeline-highlight");
    }

  return G_SOURCE_REMOVE;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LifelineFollowupsPage *self;
  g_autoptr(GPtrArray) followups = NULL;
  g_autoptr(GError) error = NULL;

  followups = lifeline_recovery_store_list_followups_finish (LIFELINE_RECOVERY_STORE (source), result, &error);
  if (followups == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load follow-ups: %s", error->message);
      return;
    }

  self = user_data;
  g_clear_pointer (&self->followups, g_ptr_array_unref);
  self->followups = g_steal_pointer (&followups);
  self->loaded = TRUE;
  render (self);
  announce_overdue (self);

  if (self->pending_show != NULL)
    g_idle_add_full (G_PRIORITY_LOW, show_pending, g_object_ref (self), g_object_unref);
}

static void
reload (LifelineFollowupsPage *self)
{
  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  lifeline_recovery_store_list_followups_async (self->store, LIFELINE_FOLLOWUPS_ALL,
                                                self->cancellable, on_loaded, self);
}

static gboolean
on_tick (gpointer user_data)
{
  /* Deadlines pass: "Due today at 14:00" becomes overdue without a reload. */
  render (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_store_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GtkWidget) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lifeline_recovery_store_set_done_finish (LIFELINE_RECOVERY_STORE (source), result, &error))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (self, ADW_TYPE_TOAST_OVERLAY);

      g_warning ("Could not change the follow-up: %s", error->message);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
    }
}

static void
set_done (LifelineFollowupsPage *self,
          const char            *id,
          gboolean               done)
{
  if (self->store == NULL)
    return;

  lifeline_recovery_store_set_done_async (self->store, id, done, NULL, on_store_done, g_object_ref (self));
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  set_done (LIFELINE_FOLLOWUPS_PAGE (widget), g_variant_get_string (parameter, NULL), TRUE);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  set_done (LIFELINE_FOLLOWUPS_PAGE (widget), g_variant_get_string (parameter, NULL), FALSE);
}

static void
lifeline_followups_page_root (GtkWidget *widget)
{
  LifelineFollowupsPage *self = LIFELINE_FOLLOWUPS_PAGE (widget);

  GTK_WIDGET_CLASS (lifeline_followups_page_parent_class)->root (widget);

  if (self->loaded)
    {
      update_stack_page (self);
      announce_overdue (self);
    }
}

static void
lifeline_followups_page_dispose (GObject *object)
{
  LifelineFollowupsPage *self = (LifelineFollowupsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->followups, g_ptr_array_unref);
  g_clear_pointer (&self->pending_show, g_free);
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_followups_page_parent_class)->dispose (object);
}

static void
lifeline_followups_page_finalize (GObject *object)
{
  LifelineFollowupsPage *self = (LifelineFollowupsPage *)object;

  g_ptr_array_unref (self->shown);
  g_hash_table_unref (self->rows);

  G_OBJECT_CLASS (lifeline_followups_page_parent_class)->finalize (object);
}

static void
lifeline_followups_page_class_init (LifelineFollowupsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_followups_page_dispose;
  object_class->finalize = lifeline_followups_page_finalize;
  widget_class->root = lifeline_followups_page_root;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-followups-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, overdue_heading);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, due_heading);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, due_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, done_heading);
  gtk_widget_class_bind_template_child (widget_class, LifelineFollowupsPage, done_list);

  gtk_widget_class_install_action (widget_class, "followups.done", "s", done_action);
  gtk_widget_class_install_action (widget_class, "followups.reopen", "s", reopen_action);
  gtk_widget_class_install_action (widget_class, "followups.show-page", NULL, show_page_action);
}

static void
lifeline_followups_page_init (LifelineFollowupsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tick_id = g_timeout_add_seconds (60, on_tick, self);
}

void
lifeline_followups_page_set_store (LifelineFollowupsPage *self,
                                   LifelineRecoveryStore *store)
{
  g_return_if_fail (LIFELINE_IS_FOLLOWUPS_PAGE (self));
  g_return_if_fail (!store || LIFELINE_IS_RECOVERY_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_swapped (store, "followups-changed", G_CALLBACK (reload), self);
  reload (self);
}

void
lifeline_followups_page_show_followup (LifelineFollowupsPage *self,
                                       const char            *followup_id)
{
  g_return_if_fail (LIFELINE_IS_FOLLOWUPS_PAGE (self));

  show_page_action (GTK_WIDGET (self), NULL, NULL);

  g_free (self->pending_show);
  self->pending_show = (followup_id && *followup_id) ? g_strdup (followup_id) : NULL;
  if (self->loaded && self->pending_show != NULL)
    g_idle_add_full (G_PRIORITY_LOW, show_pending, g_object_ref (self), g_object_unref);
}

guint
lifeline_followups_page_get_n_overdue (LifelineFollowupsPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_FOLLOWUPS_PAGE (self), 0);
  return self->n_overdue;
}

GPtrArray *
lifeline_followups_page_get_followups (LifelineFollowupsPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_FOLLOWUPS_PAGE (self), NULL);
  return self->shown;
}
