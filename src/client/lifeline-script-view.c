/* lifeline-script-view.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The agent is on a live call and stressed: one step at a time, the next
 * sentence in large type, copyable, with the customer's details filled in;
 * whatever they type is on disk within a moment and never lost.
 */

#define G_LOG_DOMAIN "lifeline-script-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-followup-dialog.h"
#include "lifeline-recovery-session.h"
#include "lifeline-script-view.h"
#include "lifeline-widget-util.h"
#include "lifeline-wire.h"

/* What the agent types is written this long after the last key press. */
#define SAVE_DELAY_MS 300

struct _LifelineScriptView
{
  GtkWidget                parent_instance;

  LifelineRecoveryStore   *store;
  GSettings               *settings;
  GCancellable            *cancellable;
  LifelineScript          *script;
  LifelineRecoverySession *session;
  GHashTable              *entries;          /* placeholder name → AdwEntryRow (unowned) */
  GPtrArray               *entry_rows;
  guint                    save_id;
  gboolean                 dirty;
  gboolean                 loading_step;

  GtkWidget               *header_box;
  GtkLabel                *title_label;
  GtkLabel                *step_label;
  GtkLabel                *saved_label;
  GtkProgressBar          *progress;
  GtkStack                *stack;
  GtkScrolledWindow       *scrolled;
  GtkWidget               *details_list;
  AdwExpanderRow          *details_row;
  GtkWidget               *do_box;
  GtkLabel                *do_label;
  GtkWidget               *say_card;
  GtkLabel                *say_label;
  GtkWidget               *ask_box;
  GtkLabel                *ask_label;
  GtkTextView             *answer_view;
  GtkWidget               *followup_button;
  GtkWidget               *footer;
  GtkButton               *next_button;
};

G_DEFINE_FINAL_TYPE (LifelineScriptView, lifeline_script_view, GTK_TYPE_WIDGET)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *name;
  const char *label;
} placeholder_labels[] = {
  { "customer_name", N_("Customer name") },
  { "agent_name", N_("Your name") },
  { "promised_date", N_("When you will get back to them") },
  { "correct_info", N_("The correct information") },
  { "wrong_info", N_("What you said that was wrong") },
  { "reference", N_("Reference number") },
  { "wait_time", N_("How long they waited") },
};

static const char *
placeholder_label (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (placeholder_labels); i++)
    if (g_strcmp0 (placeholder_labels[i].name, name) == 0)
      return _(placeholder_labels[i].label);
  return name;
}

static const char *
missing_format (void)
{
  /* Translators: shown in a phrase in place of a detail the agent has not
   * typed yet; %s is the detail, such as "customer name" */
  return _("[%s]");
}

static LifelineScriptStep *
current_step (LifelineScriptView *self)
{
  if (self->script == NULL || self->session == NULL)
    return NULL;
  return g_ptr_array_index (self->script->steps, MIN (self->session->step, self->script->steps->len - 1));
}

/* The phrase as markup: what the agent typed in bold, what is missing in
 * italics, the rest as written. */
static char *
phrase_markup (LifelineScriptView *self,
               const char         *phrase)
{
  g_autoptr(GHashTable) marked = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *escaped = g_markup_escape_text (phrase, -1);
  g_autofree char *escaped_format = g_markup_escape_text (missing_format (), -1);
  g_autofree char *format = g_strdup_printf ("<i>%s</i>", escaped_format);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->session->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (marked, key, g_markup_printf_escaped ("<b>%s</b>", (const char *)value));

  return lifeline_script_fill (escaped, marked, format);
}

static void
set_saved_text (LifelineScriptView *self,
                const char         *text)
{
  gtk_label_set_text (self->saved_label, text);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LifelineScriptView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lifeline_recovery_store_save_session_finish (LIFELINE_RECOVERY_STORE (source), result, &error))
    {
      g_warning ("Could not save the recovery notes: %s", error->message);
      set_saved_text (self, _("Not saved yet"));
      /* The next key press, step or close tries again. */
      self->dirty = TRUE;
      return;
    }

  if (!self->dirty)
    set_saved_text (self, _("Saved"));
}

static void
save_now (LifelineScriptView *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);

  if (self->store == NULL || self->session == NULL || !self->dirty)
    return;

  self->dirty = FALSE;
  /* Not cancellable: a save must land even when another script is opened. */
  lifeline_recovery_store_save_session_async (self->store, self->session, NULL,
                                              on_saved, g_object_ref (self));
}

static gboolean
on_save_timeout (gpointer user_data)
{
  LifelineScriptView *self = user_data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (LifelineScriptView *self)
{
  self->dirty = TRUE;
  set_saved_text (self, _("Saving…"));
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, on_save_timeout, self);
}

void
lifeline_script_view_flush (LifelineScriptView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LIFELINE_IS_SCRIPT_VIEW (self));

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->store == NULL || self->session == NULL || !self->dirty)
    return;

  /* Closing: there is no later to wait for. */
  if (!lifeline_recovery_store_save_session_sync (self->store, self->session, &error))
    g_warning ("Could not save the recovery notes: %s", error->message);
  else
    self->dirty = FALSE;
}

static void
update_actions (LifelineScriptView *self)
{
  gboolean loaded = self->script != NULL && self->session != NULL;
  gboolean finished = loaded && self->session->finished_at != 0;
  LifelineScriptStep *step = current_step (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script.back",
                                 loaded && (finished || self->session->step > 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script.next", loaded && !finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script.copy-phrase",
                                 loaded && !finished && step != NULL && *step->say != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script.set-followup", loaded);
}

static void
render_phrase (LifelineScriptView *self)
{
  LifelineScriptStep *step = current_step (self);
  g_autofree char *markup = NULL;

  if (step == NULL)
    return;

  gtk_widget_set_visible (self->say_card, *step->say != '\0');
  markup = phrase_markup (self, step->say);
  gtk_label_set_markup (self->say_label, markup);
}

/* Mentions of a follow-up in a step show the button beside its note. */
static gboolean
step_is_about_followup (LifelineScriptStep *step)
{
  g_autofree char *text = g_strconcat (step->do_text, " ", step->ask ? step->ask : "", NULL);
  g_autofree char *lower = g_utf8_strdown (text, -1);

  return strstr (lower, "follow-up") != NULL || strstr (lower, "follow up") != NULL;
}

static void
render_step (LifelineScriptView *self)
{
  LifelineScriptStep *step = current_step (self);
  guint n = self->script->steps->len;
  guint index = MIN (self->session->step, n - 1);
  gboolean finished = self->session->finished_at != 0;
  g_autofree char *step_text = NULL;
  const char *answer;

  /* Translators: the progress through a recovery script */
  step_text = finished ? g_strdup (_("All steps done"))
                       : g_strdup_printf (_("Step %u of %u"), index + 1, n);
  gtk_label_set_text (self->step_label, step_text);
  gtk_progress_bar_set_fraction (self->progress, finished ? 1.0 : (double)(index + 1) / n);

  gtk_label_set_text (self->do_label, step->do_text);
  gtk_widget_set_visible (self->do_box, *step->do_text != '\0');
  render_phrase (self);

  gtk_widget_set_visible (self->ask_box, step->ask != NULL);
  if (step->ask != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->answer_view);

      gtk_label_set_text (self->ask_label, step->ask);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->answer_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, step->ask, -1);
      answer = lifeline_recovery_session_get_answer (self->session, index);
      self->loading_step = TRUE;
      gtk_text_buffer_set_text (buffer, answer ? answer : "", -1);
      self->loading_step = FALSE;
    }
  gtk_widget_set_visible (self->followup_button, step_is_about_followup (step));

  gtk_button_set_label (self->next_button, index + 1 < n ? _("_Next") : _("_Finish"));
  gtk_stack_set_visible_child_name (self->stack, finished ? "finished" : "step");
  gtk_widget_set_visible (self->footer, !finished);

  /* A new step starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);

  update_actions (self);
}

/* "Still to fill: Customer name, Reference number", or the usual hint. */
static void
update_details_subtitle (LifelineScriptView *self)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < self->entry_rows->len; i++)
    {
      GtkEditable *row = g_ptr_array_index (self->entry_rows, i);

      if (*gtk_editable_get_text (row) != '\0')
        continue;
      if (missing->len > 0)
        g_string_append (missing, ", ");
      g_string_append (missing, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    }

  if (missing->len > 0)
    {
      /* Translators: %s lists details such as "Customer name, Reference number" */
      g_autofree char *text = g_strdup_printf (_("Still to fill: %s"), missing->str);

      adw_expander_row_set_subtitle (self->details_row, text);
    }
  else
    adw_expander_row_set_subtitle (self->details_row, _("Asked once, filled into every phrase"));
}

static void
on_entry_changed (GtkEditable        *editable,
                  LifelineScriptView *self)
{
  const char *name = g_object_get_data (G_OBJECT (editable), "placeholder");

  if (self->session == NULL || self->loading_step)
    return;

  lifeline_recovery_session_set_value (self->session, name, gtk_editable_get_text (editable));
  render_phrase (self);
  update_details_subtitle (self);
  schedule_save (self);
}

static void
on_answer_changed (GtkTextBuffer      *buffer,
                   LifelineScriptView *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->session == NULL || self->loading_step)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lifeline_recovery_session_set_answer (self->session, self->session->step, text);
  schedule_save (self);
}

static void
clear_details (LifelineScriptView *self)
{
  for (guint i = 0; i < self->entry_rows->len; i++)
    adw_expander_row_remove (self->details_row, g_ptr_array_index (self->entry_rows, i));
  g_ptr_array_set_size (self->entry_rows, 0);
  g_hash_table_remove_all (self->entries);
}

static void
build_details (LifelineScriptView *self)
{
  g_auto(GStrv) names = lifeline_script_list_placeholders (self->script);
  g_autofree char *agent_name = NULL;
  gboolean missing = FALSE;

  clear_details (self);

  /* The agent's own name comes from Preferences when they set it there. */
  if (self->settings != NULL && g_strv_contains ((const char * const *)names, "agent_name") &&
      g_hash_table_lookup (self->session->values, "agent_name") == NULL)
    {
      agent_name = g_settings_get_string (self->settings, "agent-name");
      if (*agent_name != '\0')
        lifeline_recovery_session_set_value (self->session, "agent_name", agent_name);
    }

  self->loading_step = TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      const char *value = g_hash_table_lookup (self->session->values, names[i]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), placeholder_label (names[i]));
      g_object_set_data_full (G_OBJECT (row), "placeholder", g_strdup (names[i]), g_free);
      gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
      g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), self);
      adw_expander_row_add_row (self->details_row, row);
      g_ptr_array_add (self->entry_rows, row);
      g_hash_table_insert (self->entries, g_strdup (names[i]), row);
      missing |= value == NULL;
    }
  self->loading_step = FALSE;

  gtk_widget_set_visible (self->details_list, names[0] != NULL);
  update_details_subtitle (self);
  /* Open while something is still to fill at the start (below the phrase,
   * which changes as the agent types); out of the way after. */
  adw_expander_row_set_expanded (self->details_row, missing && self->session->step == 0);
}

/* The keyboard comes here unless it is in a part of the window that is on
 * screen and outside the pages (the report panel, the header bar). */
static gboolean
should_take_focus (LifelineScriptView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *pages = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus == NULL || pages == NULL || !gtk_widget_get_mapped (focus) ||
         gtk_widget_is_ancestor (focus, pages);
}

static void
on_begun (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LifelineScriptView *self;
  g_autoptr(LifelineRecoverySession) session = NULL;
  g_autoptr(LifelineScript) script = NULL;
  g_autoptr(GError) error = NULL;

  session = lifeline_recovery_store_begin_finish (LIFELINE_RECOVERY_STORE (source), result, &script, &error);
  if (session == NULL)
    {
      GtkWidget *overlay;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self = user_data;
      g_warning ("Could not open the script: %s", error->message);
      overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
      return;
    }

  self = user_data;
  g_set_object (&self->script, script);
  g_set_object (&self->session, session);
  self->dirty = FALSE;

  gtk_label_set_text (self->title_label, self->script->title);
  set_saved_text (self, "");
  build_details (self);
  render_step (self);
  /* Inside the view, so Ctrl+Enter and Ctrl+Shift+C work at once; but not
   * out of the report panel, where the agent may be mid-way through. */
  if (should_take_focus (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));

  g_signal_emit (self, signals[LOADED], 0);
}

void
lifeline_script_view_load (LifelineScriptView *self,
                           const char         *script_id,
                           const char         *report_id)
{
  g_return_if_fail (LIFELINE_IS_SCRIPT_VIEW (self));
  g_return_if_fail (script_id != NULL);
  g_return_if_fail (self->store != NULL);

  /* What was typed in the last script goes to disk first (in order). */
  save_now (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  lifeline_recovery_store_begin_async (self->store, script_id, report_id, self->cancellable,
                                       on_begun, self);
}

static void
go_to (LifelineScriptView *self,
       guint               step)
{
  self->session->step = step;
  self->session->seq++;
  self->session->updated_at = lifeline_time_now ();
  self->dirty = TRUE;
  render_step (self);
  save_now (self);

  if (step > 0)
    adw_expander_row_set_expanded (self->details_row, FALSE);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LifelineScriptView *self = LIFELINE_SCRIPT_VIEW (widget);

  if (self->session == NULL || self->session->finished_at != 0)
    return;

  if (self->session->step + 1 < self->script->steps->len)
    {
      go_to (self, self->session->step + 1);
      return;
    }

  /* The last step: done. The notes travel with the report from here. */
  self->session->finished_at = lifeline_time_now ();
  go_to (self, self->session->step);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LifelineScriptView *self = LIFELINE_SCRIPT_VIEW (widget);

  if (self->session == NULL)
    return;

  if (self->session->finished_at != 0)
    {
      self->session->finished_at = 0;
      go_to (self, self->session->step);
    }
  else if (self->session->step > 0)
    go_to (self, self->session->step - 1);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LifelineScriptView *self = LIFELINE_SCRIPT_VIEW (widget);
  g_autofree char *phrase = lifeline_script_view_get_phrase (self);
  GtkWidget *overlay;

  if (phrase == NULL || *phrase == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), phrase);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (_("Copied"));

      adw_toast_set_timeout (toast, 2);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

static void
on_followup_saved (LifelineFollowupDialog *dialog,
                   LifelineFollowup       *followup,
                   LifelineScriptView     *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    return;

  toast = adw_toast_new (_("Follow-up set"));
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.open-followup");
  adw_toast_set_action_target_value (toast, g_variant_new_string (followup->id));
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* The promise from the notes: the last step's answer that is not the
 * customer's wish (usually "what did you agree, and by when?"). */
static LifelineFollowup *
draft_followup (LifelineScriptView *self)
{
  LifelineFollowup *draft = lifeline_followup_new ("", 0);
  int wish_step = lifeline_script_find_wish_step (self->script);
  const char *reference = g_hash_table_lookup (self->session->values, "reference");

  for (int i = (int)self->script->steps->len - 1; i >= 0; i--)
    {
      const char *answer = lifeline_recovery_session_get_answer (self->session, i);

      if (i != wish_step && answer != NULL && *answer != '\0')
        {
          g_free (draft->promise);
          draft->promise = g_strdup (answer);
          break;
        }
    }

  if (wish_step >= 0 && lifeline_recovery_session_get_answer (self->session, wish_step) != NULL)
    {
      g_free (draft->wish);
      draft->wish = g_strdup (lifeline_recovery_session_get_answer (self->session, wish_step));
    }

  if (reference != NULL)
    {
      g_free (draft->customer_ref);
      draft->customer_ref = g_strdup (reference);
    }

  draft->report_id = g_strdup (self->session->report_id);
  draft->session_id = g_strdup (self->session->id);
  return draft;
}

static void
set_followup_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LifelineScriptView *self = LIFELINE_SCRIPT_VIEW (widget);
  g_autoptr(LifelineFollowup) draft = NULL;
  LifelineFollowupDialog *dialog;

  if (self->session == NULL || self->store == NULL)
    return;

  /* The notes it is drafted from are on disk first. */
  save_now (self);

  draft = draft_followup (self);
  dialog = lifeline_followup_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                         self->store, self->settings, draft);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_followup_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lifeline_script_view_unroot (GtkWidget *widget)
{
  lifeline_script_view_flush (LIFELINE_SCRIPT_VIEW (widget));

  GTK_WIDGET_CLASS (lifeline_script_view_parent_class)->unroot (widget);
}

static void
lifeline_script_view_dispose (GObject *object)
{
  LifelineScriptView *self = (LifelineScriptView *)object;

  /* The window is closing: what was typed a moment ago is written now. */
  lifeline_script_view_flush (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->script);
  g_clear_object (&self->session);
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_script_view_parent_class)->dispose (object);
}

static void
lifeline_script_view_finalize (GObject *object)
{
  LifelineScriptView *self = (LifelineScriptView *)object;

  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->entry_rows);

  G_OBJECT_CLASS (lifeline_script_view_parent_class)->finalize (object);
}

static void
lifeline_script_view_class_init (LifelineScriptViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_script_view_dispose;
  object_class->finalize = lifeline_script_view_finalize;
  widget_class->unroot = lifeline_script_view_unroot;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-script-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, header_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, title_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, step_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, saved_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, progress);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, details_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, details_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, do_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, do_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, say_card);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, say_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, ask_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, ask_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, answer_view);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, followup_button);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, footer);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptView, next_button);

  gtk_widget_class_install_action (widget_class, "script.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "script.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "script.copy-phrase", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "script.set-followup", NULL, set_followup_action);
}

static void
lifeline_script_view_init (LifelineScriptView *self)
{
  GtkEventController *shortcuts;
  GtkShortcut *shortcut;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->entry_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  g_signal_connect (gtk_text_view_get_buffer (self->answer_view), "changed",
                    G_CALLBACK (on_answer_changed), self);

  /* In the capture phase, so Ctrl+Enter moves on even from the note field. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  shortcut = gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                               gtk_named_action_new ("script.next"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                               gtk_named_action_new ("script.copy-phrase"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_actions (self);
}

void
lifeline_script_view_set_store (LifelineScriptView    *self,
                                LifelineRecoveryStore *store)
{
  g_return_if_fail (LIFELINE_IS_SCRIPT_VIEW (self));

  g_set_object (&self->store, store);
  if (self->settings == NULL)
    self->settings = g_settings_new (BASE_APP_ID);
}

const char *
lifeline_script_view_get_script_id (LifelineScriptView *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), NULL);
  return self->script ? self->script->id : NULL;
}

guint
lifeline_script_view_get_step (LifelineScriptView *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), 0);
  return self->session ? self->session->step : 0;
}

guint
lifeline_script_view_get_n_steps (LifelineScriptView *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), 0);
  return self->script ? self->script->steps->len : 0;
}

gboolean
lifeline_script_view_is_finished (LifelineScriptView *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), FALSE);
  return self->session != NULL && self->session->finished_at != 0;
}

char *
lifeline_script_view_get_phrase (LifelineScriptView *self)
{
  LifelineScriptStep *step;

  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), NULL);

  step = current_step (self);
  if (step == NULL)
    return NULL;
  return lifeline_script_fill (step->say, self->session->values, missing_format ());
}

LifelineRecoverySession *
lifeline_script_view_get_session (LifelineScriptView *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), NULL);
  return self->session;
}

gboolean
lifeline_script_view_set_value (LifelineScriptView *self,
                                const char         *name,
                                const char         *value)
{
  GtkWidget *row;

  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), FALSE);

  row = g_hash_table_lookup (self->entries, name);
  if (row == NULL)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  return TRUE;
}

gboolean
lifeline_script_view_set_answer (LifelineScriptView *self,
                                 const char         *text)
{
  LifelineScriptStep *step;

  g_return_val_if_fail (LIFELINE_IS_SCRIPT_VIEW (self), FALSE);

  step = current_step (self);
  if (step == NULL || step->ask == NULL)
    return FALSE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->answer_view), text, -1);
  return TRUE;
}
