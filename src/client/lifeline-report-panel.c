/* lifeline-report-panel.c — the details of a mistake report, under the page the agent is on
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is already on disk when the panel opens (the click wrote it);
 * everything here is optional. Changes are saved a moment after the agent
 * stops changing things, and when the panel closes: each save scrubs the
 * note, and becomes a new revision once the previous one went out
 * (lifeline-reports.c). The panel sits under the page rather than over it,
 * so the recovery script stays in view during the call.
 */

#define G_LOG_DOMAIN "lifeline-report"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-report-panel.h"

#define AUTOSAVE_MS 2000

struct _LifelineReportPanel
{
  AdwBin               parent_instance;

  GtkRevealer         *revealer;
  GtkLabel            *title_label;
  GtkLabel            *status_label;
  GtkLabel            *scrub_label;
  GtkLabel            *feedback_label;
  AdwComboRow         *category_row;
  AdwComboRow         *root_cause_row;
  GtkSwitch           *near_miss_switch;
  GtkSwitch           *confidential_switch;
  GtkTextView         *note_view;
  AdwEntryRow         *article_row;
  AdwPreferencesGroup *feedback_group;

  LifelineSyncEngine  *engine;
  LifelineReport      *report;          /* as last loaded or saved */
  GPtrArray           *last_removed;    /* LifelineScrubMatch of the last save */
  char                *error_message;   /* the last save failed */
  guint                autosave_id;
  gboolean             loading;
  LifelineCategory     recovery_category;
};

G_DEFINE_FINAL_TYPE (LifelineReportPanel, lifeline_report_panel, ADW_TYPE_BIN)

static LifelineReport *
copy_report (LifelineReport *report)
{
  LifelineReport *copy = g_object_new (LIFELINE_TYPE_REPORT, NULL);
  GHashTableIter iter;
  gpointer key, value;

  copy->id = g_strdup (report->id);
  copy->revision = report->revision;
  copy->created_at = report->created_at;
  copy->category = report->category;
  copy->root_cause = report->root_cause;
  copy->near_miss = report->near_miss;
  copy->confidential = report->confidential;
  g_free (copy->note);
  copy->note = g_strdup (report->note ? report->note : "");
  copy->article_id = g_strdup (report->article_id);
  copy->call_id = g_strdup (report->call_id);
  copy->recovery_script_id = g_strdup (report->recovery_script_id);
  g_hash_table_iter_init (&iter, report->recovery_answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->recovery_answers, g_strdup (key), g_strdup (value));
  return copy;
}

static char *
get_note_text (LifelineReportPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The report as the widgets show it. */
static LifelineReport *
gather (LifelineReportPanel *self)
{
  LifelineReport *report = copy_report (self->report);
  const char *article = gtk_editable_get_text (GTK_EDITABLE (self->article_row));
  g_autofree char *article_id = g_strstrip (g_strdup (article));

  report->category = adw_combo_row_get_selected (self->category_row);
  if (report->category >= LIFELINE_N_CATEGORIES)
    report->category = LIFELINE_CATEGORY_NONE;
  report->root_cause = adw_combo_row_get_selected (self->root_cause_row);
  if (report->root_cause >= LIFELINE_N_ROOT_CAUSES)
    report->root_cause = LIFELINE_ROOT_CAUSE_NONE;
  report->near_miss = gtk_switch_get_active (self->near_miss_switch);
  report->confidential = gtk_switch_get_active (self->confidential_switch);
  g_free (report->note);
  report->note = get_note_text (self);
  g_free (report->article_id);
  report->article_id = *article_id ? g_steal_pointer (&article_id) : NULL;
  return report;
}

static char *
format_receipt (gint64 received_at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (received_at);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;

  if (when == NULL)
    return NULL;

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    {
      /* Translators: a time of day, see g_date_time_format(); a 12-hour
       * locale may use “%l:%M %p” */
      time = g_date_time_format (when, _("%H:%M"));
      /* Translators: %s is a time such as 14:02 */
      return g_strdup_printf (_("Received by the team at %s"), time);
    }

  /* Translators: a date and time such as "23 Nov, 14:02"; see strftime(3) */
  time = g_date_time_format (when, _("%e %b, %H:%M"));
  /* Translators: %s is a date and time such as "23 Nov, 14:02" */
  return g_strdup_printf (_("Received by the team on %s"), g_strstrip (time));
}

static void
update_feedback (LifelineReportPanel *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->report == NULL || self->engine == NULL)
    return;

  stmt = lifeline_db_prepare (lifeline_sync_engine_get_db (self->engine),
                              "SELECT body FROM feedback WHERE report_id = ? ORDER BY created_at, id", NULL);
  if (stmt == NULL)
    return;
  lifeline_db_bind_text (stmt, 1, self->report->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, (const char *)sqlite3_column_text (stmt, 0));
    }

  gtk_label_set_text (self->feedback_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_group), text->len > 0);
}

static void
update_status (LifelineReportPanel *self)
{
  g_autoptr(LifelineReport) stored = NULL;
  g_autoptr(LifelineReportStatus) status = NULL;
  g_autofree char *text = NULL;
  gboolean problem = FALSE;

  if (self->report == NULL || self->engine == NULL)
    return;

  if (self->error_message != NULL)
    {
      /* Translators: %s says why, e.g. the disk is full */
      text = g_strdup_printf (_("Your latest changes are not saved: %s"), self->error_message);
      problem = TRUE;
    }
  else if ((stored = lifeline_reports_get (lifeline_sync_engine_get_db (self->engine),
                                           self->report->id, &status, NULL)) == NULL)
    text = g_strdup (_("Saved on this computer"));
  else if (status->rejected_at != 0)
    {
      /* Translators: %s is the server's explanation */
      text = g_strdup_printf (_("The team’s server refused it: %s Change it and it is sent again."),
                              status->rejected_message ? status->rejected_message : "");
      problem = TRUE;
    }
  else if (status->received_at != 0 && !status->queued)
    text = format_receipt (status->received_at);
  else if (status->received_at != 0)
    {
      g_autofree char *receipt = format_receipt (status->received_at);

      /* Translators: %s is "Received by the team at 14:02" */
      text = g_strdup_printf (_("%s · your changes are waiting to be sent"), receipt);
    }
  else if (lifeline_sync_engine_get_state (self->engine) == LIFELINE_SYNC_STANDALONE)
    text = g_strdup (_("Saved on this computer. No team server is set up, so it stays here."));
  else
    text = g_strdup (_("Saved on this computer · waiting to be sent"));

  gtk_label_set_text (self->status_label, text);
  if (problem)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

static void
show_removed (LifelineReportPanel *self,
              GPtrArray           *removed)
{
  g_autoptr(GString) text = NULL;

  if (removed == NULL || removed->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->scrub_label), FALSE);
      return;
    }

  text = g_string_new (_("Removed before sending:"));
  for (guint i = 0; i < removed->len; i++)
    {
      LifelineScrubMatch *match = g_ptr_array_index (removed, i);

      /* Translators: a kind and the text removed, e.g. phone number “555-123-4567” */
      g_string_append_printf (text, i == 0 ? _(" %s “%s”") : _(", %s “%s”"),
                              lifeline_scrub_kind_get_label (match->kind), match->text);
    }
  gtk_label_set_text (self->scrub_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->scrub_label), TRUE);
}

static void
on_note_changed (LifelineReportPanel *self)
{
  g_autofree char *note = get_note_text (self);
  g_autoptr(GPtrArray) removed = NULL;
  g_autofree char *scrubbed = lifeline_scrub (note, &removed);

  /* What will not leave the machine, shown as the agent types. */
  show_removed (self, removed->len > 0 ? removed : self->last_removed);
}

static void
open_recovery (LifelineReportPanel *self,
               LifelineCategory     category)
{
  const char *wire = lifeline_category_to_string (category);

  self->recovery_category = category;
  /* The Recover page installs these; the first keeps the agent's notes with
   * the report. Without them, nothing happens. */
  if (self->report != NULL &&
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-recovery-for-report", "(ss)",
                                  wire ? wire : "", self->report->id))
    return;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.open-recovery", "s", wire ? wire : ""))
    g_debug ("no win.open-recovery to open the recovery script");
}

gboolean
lifeline_report_panel_save (LifelineReportPanel  *self,
                            GError              **error)
{
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (LIFELINE_IS_REPORT_PANEL (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  if (self->report == NULL || self->engine == NULL)
    return TRUE;

  report = gather (self);
  if (!lifeline_reports_save (lifeline_sync_engine_get_db (self->engine), report, &removed, &changed,
                              &local_error))
    {
      g_warning ("Could not save report %s: %s", report->id, local_error->message);
      g_free (self->error_message);
      self->error_message = g_strdup (local_error->message);
      update_status (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_clear_pointer (&self->error_message, g_free);
  if (removed != NULL && removed->len > 0)
    {
      g_clear_pointer (&self->last_removed, g_ptr_array_unref);
      self->last_removed = g_steal_pointer (&removed);
    }

  g_set_object (&self->report, report);

  /* Show the scrubbed note, unless the agent is typing in it. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->note_view)))
    {
      g_autofree char *shown = get_note_text (self);

      if (g_strcmp0 (shown, report->note) != 0)
        {
          self->loading = TRUE;
          gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), report->note, -1);
          self->loading = FALSE;
        }
    }

  if (changed)
    {
      g_debug ("report %s saved as revision %" G_GINT64_FORMAT, report->id, report->revision);
      lifeline_sync_engine_queue_changed (self->engine);
    }

  if (report->category != LIFELINE_CATEGORY_NONE && report->category != self->recovery_category)
    open_recovery (self, report->category);

  on_note_changed (self);
  update_status (self);
  return TRUE;
}

static gboolean
on_autosave (gpointer user_data)
{
  LifelineReportPanel *self = user_data;

  self->autosave_id = 0;
  lifeline_report_panel_save (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_changed (LifelineReportPanel *self)
{
  if (self->loading || self->report == NULL)
    return;

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_id = g_timeout_add (AUTOSAVE_MS, on_autosave, self);
}

static void
on_buffer_changed (GtkTextBuffer       *buffer,
                   LifelineReportPanel *self)
{
  on_note_changed (self);
  on_changed (self);
}

static void
fill (LifelineReportPanel *self)
{
  LifelineReport *report = self->report;

  self->loading = TRUE;
  adw_combo_row_set_selected (self->category_row, report->category);
  adw_combo_row_set_selected (self->root_cause_row, report->root_cause);
  gtk_switch_set_active (self->near_miss_switch, report->near_miss);
  gtk_switch_set_active (self->confidential_switch, report->confidential);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), report->note ? report->note : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->article_row), report->article_id ? report->article_id : "");
  self->loading = FALSE;

  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->last_removed, g_ptr_array_unref);
  on_note_changed (self);
  update_status (self);
  update_feedback (self);
}

static void
show_report (LifelineReportPanel *self,
             LifelineReport      *report)
{
  g_set_object (&self->report, report);
  self->recovery_category = report->category;
  fill (self);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->category_row));
}

LifelineReport *
lifeline_report_panel_record (LifelineReportPanel  *self,
                              const char           *article_id,
                              const char           *call_id,
                              GError              **error)
{
  g_autoptr(LifelineReport) report = NULL;

  g_return_val_if_fail (LIFELINE_IS_REPORT_PANEL (self), NULL);

  if (self->engine == NULL)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE,
                           _("Lifeline could not open its database, so the report cannot be saved. "
                             "Write it down and tell your team lead."));
      return NULL;
    }

  /* What the agent changed in the report shown so far is kept first. */
  if (self->report != NULL)
    lifeline_report_panel_save (self, NULL);

  report = lifeline_reports_record (lifeline_sync_engine_get_db (self->engine), article_id, call_id, error);
  if (report == NULL)
    return NULL;

  g_debug ("report %s recorded (article %s, call %s)", report->id,
           report->article_id ? report->article_id : "none", report->call_id ? report->call_id : "none");
  lifeline_sync_engine_queue_changed (self->engine);

  show_report (self, report);
  open_recovery (self, LIFELINE_CATEGORY_NONE);
  return g_steal_pointer (&report);
}

gboolean
lifeline_report_panel_open (LifelineReportPanel  *self,
                            const char           *report_id,
                            GError              **error)
{
  g_autoptr(LifelineReport) report = NULL;

  g_return_val_if_fail (LIFELINE_IS_REPORT_PANEL (self), FALSE);
  g_return_val_if_fail (self->engine != NULL, FALSE);

  if (self->report != NULL && g_strcmp0 (self->report->id, report_id) != 0)
    lifeline_report_panel_save (self, NULL);

  report = lifeline_reports_get (lifeline_sync_engine_get_db (self->engine), report_id, NULL, error);
  if (report == NULL)
    return FALSE;

  show_report (self, report);
  return TRUE;
}

void
lifeline_report_panel_close (LifelineReportPanel *self)
{
  g_return_if_fail (LIFELINE_IS_REPORT_PANEL (self));

  /* A failed save keeps the panel open, with the reason showing. */
  if (!lifeline_report_panel_save (self, NULL))
    return;

  /* The details are in: the report no longer waits for them. */
  if (self->report != NULL && self->engine != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (lifeline_reports_release (lifeline_sync_engine_get_db (self->engine), self->report->id, &error))
        lifeline_sync_engine_queue_changed (self->engine);
      else
        g_warning ("%s", error->message);
    }

  /* The keyboard goes back into the page, not down to the view switcher. */
  if (gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-page", NULL);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  g_clear_pointer (&self->last_removed, g_ptr_array_unref);
  g_clear_object (&self->report);
}

const char *
lifeline_report_panel_get_report_id (LifelineReportPanel *self)
{
  g_return_val_if_fail (LIFELINE_IS_REPORT_PANEL (self), NULL);
  return self->report ? self->report->id : NULL;
}

gboolean
lifeline_report_panel_get_revealed (LifelineReportPanel *self)
{
  g_return_val_if_fail (LIFELINE_IS_REPORT_PANEL (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

static void
on_report_updated (LifelineSyncEngine  *engine,
                   const char          *report_id,
                   LifelineReportPanel *self)
{
  if (self->report != NULL && g_strcmp0 (report_id, self->report->id) == 0)
    update_status (self);
}

static void
on_feedback_received (LifelineSyncEngine  *engine,
                      guint                n,
                      LifelineReportPanel *self)
{
  update_feedback (self);
}

static void
on_engine_state (LifelineReportPanel *self)
{
  update_status (self);
}

void
lifeline_report_panel_set_engine (LifelineReportPanel *self,
                                  LifelineSyncEngine  *engine)
{
  g_return_if_fail (LIFELINE_IS_REPORT_PANEL (self));
  g_return_if_fail (engine == NULL || LIFELINE_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "report-updated", G_CALLBACK (on_report_updated), self, 0);
      g_signal_connect_object (engine, "feedback-received", G_CALLBACK (on_feedback_received), self, 0);
      g_signal_connect_object (engine, "notify::state", G_CALLBACK (on_engine_state), self, G_CONNECT_SWAPPED);
    }
}

static gboolean
has_string_property (GtkWidget  *widget,
                     const char *name)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), name);

  return pspec != NULL && pspec->value_type == G_TYPE_STRING && (pspec->flags & G_PARAM_READABLE);
}

char *
lifeline_report_panel_find_open_article (GtkWidget *root)
{
  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  if (!gtk_widget_get_mapped (root))
    return NULL;

  if (has_string_property (root, "article-id"))
    {
      g_autofree char *id = NULL;

      g_object_get (root, "article-id", &id, NULL);
      if (id != NULL && *id != '\0')
        return g_steal_pointer (&id);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *id = lifeline_report_panel_find_open_article (child);

      if (id != NULL)
        return id;
    }

  return NULL;
}

static char *
string_property (gpointer    object,
                 const char *name)
{
  GParamSpec *pspec;
  char *value = NULL;

  if (object == NULL)
    return NULL;
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
  if (pspec == NULL || pspec->value_type != G_TYPE_STRING || !(pspec->flags & G_PARAM_READABLE))
    return NULL;
  g_object_get (object, name, &value, NULL);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

char *
lifeline_report_panel_find_call_id (GtkWindow *window)
{
  char *call_id;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  call_id = string_property (window, "call-id");
  if (call_id == NULL)
    call_id = string_property (gtk_window_get_application (window), "call-id");
  return call_id;
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  lifeline_report_panel_close (LIFELINE_REPORT_PANEL (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  lifeline_report_panel_save (LIFELINE_REPORT_PANEL (widget), NULL);
}

static GListModel *
labels_model (gboolean categories)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  guint n = categories ? LIFELINE_N_CATEGORIES : LIFELINE_N_ROOT_CAUSES;

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, categories ? lifeline_category_get_label (i)
                                             : lifeline_root_cause_get_label (i));
  return G_LIST_MODEL (list);
}

static void
lifeline_report_panel_dispose (GObject *object)
{
  LifelineReportPanel *self = (LifelineReportPanel *)object;

  /* Nothing the agent changed is lost when the window goes. */
  if (self->report != NULL)
    lifeline_report_panel_save (self, NULL);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->report);
  g_clear_pointer (&self->last_removed, g_ptr_array_unref);

  /* AdwBin unparents its child (the template's) itself. */

  G_OBJECT_CLASS (lifeline_report_panel_parent_class)->dispose (object);
}

static void
lifeline_report_panel_finalize (GObject *object)
{
  LifelineReportPanel *self = (LifelineReportPanel *)object;

  g_free (self->error_message);

  G_OBJECT_CLASS (lifeline_report_panel_parent_class)->finalize (object);
}

static void
lifeline_report_panel_class_init (LifelineReportPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_report_panel_dispose;
  object_class->finalize = lifeline_report_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-report-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, revealer);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, scrub_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, category_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, root_cause_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, near_miss_switch);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, confidential_switch);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, note_view);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, article_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportPanel, feedback_group);

  gtk_widget_class_install_action (widget_class, "report.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "report.done", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "report.save", NULL);
}

static void
lifeline_report_panel_init (LifelineReportPanel *self)
{
  g_autoptr(GListModel) categories = labels_model (TRUE);
  g_autoptr(GListModel) causes = labels_model (FALSE);

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->category_row, categories);
  adw_combo_row_set_model (self->root_cause_row, causes);

  g_signal_connect_swapped (self->category_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->root_cause_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->near_miss_switch, "notify::active", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->confidential_switch, "notify::active", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->article_row, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect (gtk_text_view_get_buffer (self->note_view), "changed",
                    G_CALLBACK (on_buffer_changed), self);
}
