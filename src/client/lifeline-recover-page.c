/* lifeline-recover-page.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-recover-page"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-recover-page.h"
#include "lifeline-widget-util.h"
#include "lifeline-report.h"

struct _LifelineRecoverPage
{
  GtkWidget              parent_instance;

  LifelineRecoveryStore *store;
  GCancellable          *cancellable;
  GPtrArray             *scripts;          /* as loaded */
  GPtrArray             *ordered;          /* as listed */
  char                  *category;
  char                  *report_id;
  char                  *pending_script;   /* to open once loaded */
  gboolean               pending_best;     /* open the best match once loaded */

  GtkStack              *stack;
  GtkSearchEntry        *filter_entry;
  GtkListBox            *list;
  LifelineScriptView    *script_view;
};

G_DEFINE_FINAL_TYPE (LifelineRecoverPage, lifeline_recover_page, GTK_TYPE_WIDGET)

static gboolean
serves_current (LifelineRecoverPage *self,
                LifelineScript      *script)
{
  return self->category != NULL && lifeline_script_serves (script, self->category);
}

static char *
describe (LifelineScript *script)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; script->categories[i] != NULL; i++)
    {
      LifelineCategory category;

      if (!lifeline_category_from_string (script->categories[i], &category))
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, lifeline_category_get_label (category));
    }

  if (lifeline_script_is_near_miss (script))
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, _("Near miss"));
    }

  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", script->steps->len),
                          script->steps->len);
  return g_string_free (text, FALSE);
}

static GtkWidget *
row_new (LifelineRecoverPage *self,
         LifelineScript      *script,
         guint                index)
{
  g_autofree char *subtitle = describe (script);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (_("Suggested"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), script->title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_add_css_class (badge, "lifeline-suggested");
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_object_set_data_full (G_OBJECT (row), "script", g_object_ref (script), g_object_unref);
  g_object_set_data (G_OBJECT (row), "badge", badge);
  g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (index));
  gtk_widget_set_visible (badge, serves_current (self, script));
  return row;
}

static gboolean
script_matches (LifelineScript *script,
                const char     *token)
{
  if (g_str_match_string (token, script->title, TRUE))
    return TRUE;
  for (guint i = 0; script->tags[i] != NULL; i++)
    if (g_str_match_string (token, script->tags[i], TRUE))
      return TRUE;
  for (guint i = 0; script->categories[i] != NULL; i++)
    {
      LifelineCategory category;

      if (g_str_match_string (token, script->categories[i], TRUE))
        return TRUE;
      if (lifeline_category_from_string (script->categories[i], &category) &&
          g_str_match_string (token, lifeline_category_get_label (category), TRUE))
        return TRUE;
    }
  return FALSE;
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  LifelineRecoverPage *self = user_data;
  LifelineScript *script = g_object_get_data (G_OBJECT (row), "script");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_auto(GStrv) tokens = g_str_tokenize_and_fold (text, NULL, NULL);

  for (guint i = 0; tokens[i] != NULL; i++)
    if (!script_matches (script, tokens[i]))
      return FALSE;
  return TRUE;
}

static int
sort_func (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  LifelineRecoverPage *self = user_data;
  gboolean sa = serves_current (self, g_object_get_data (G_OBJECT (a), "script"));
  gboolean sb = serves_current (self, g_object_get_data (G_OBJECT (b), "script"));
  guint ia = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (a), "index"));
  guint ib = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (b), "index"));

  if (sa != sb)
    return sa ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

static void
refresh_order (LifelineRecoverPage *self)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      LifelineScript *script = g_object_get_data (G_OBJECT (child), "script");
      GtkWidget *badge = g_object_get_data (G_OBJECT (child), "badge");

      if (script != NULL && badge != NULL)
        gtk_widget_set_visible (badge, serves_current (self, script));
    }

  gtk_list_box_invalidate_sort (self->list);
  gtk_list_box_invalidate_filter (self->list);

  g_ptr_array_set_size (self->ordered, 0);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      LifelineScript *script = g_object_get_data (G_OBJECT (child), "script");

      if (script != NULL)
        g_ptr_array_add (self->ordered, g_object_ref (script));
    }
}

/* The first script serving the report's category, in list order. */
static LifelineScript *
best_match (LifelineRecoverPage *self)
{
  if (self->scripts == NULL)
    return NULL;
  for (guint i = 0; i < self->scripts->len; i++)
    {
      LifelineScript *script = g_ptr_array_index (self->scripts, i);

      if (serves_current (self, script) && !lifeline_script_is_near_miss (script))
        return script;
    }
  for (guint i = 0; i < self->scripts->len; i++)
    if (serves_current (self, g_ptr_array_index (self->scripts, i)))
      return g_ptr_array_index (self->scripts, i);
  return NULL;
}

static void
present_self (LifelineRecoverPage *self)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);

  if (stack != NULL)
    adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), GTK_WIDGET (self));
}

/* TAKE_FOCUS is FALSE when the script opens for a report being written:
 * the keyboard stays in the report panel until the agent leaves it. */
static void
open_script (LifelineRecoverPage *self,
             const char          *script_id,
             gboolean             take_focus)
{
  present_self (self);
  if (self->store == NULL)
    {
      g_free (self->pending_script);
      self->pending_script = g_strdup (script_id);
      return;
    }

  lifeline_script_view_load (self->script_view, script_id, self->report_id);
  gtk_stack_set_visible_child_name (self->stack, "script");
  if (take_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->script_view));
}

static void
show_list (LifelineRecoverPage *self,
           gboolean             take_focus)
{
  lifeline_script_view_flush (self->script_view);
  gtk_stack_set_visible_child_name (self->stack, "list");
  if (take_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

void
lifeline_recover_page_open_script (LifelineRecoverPage *self,
                                   const char          *script_id)
{
  g_return_if_fail (LIFELINE_IS_RECOVER_PAGE (self));
  g_return_if_fail (script_id != NULL);

  open_script (self, script_id, TRUE);
}

void
lifeline_recover_page_show_list (LifelineRecoverPage *self)
{
  g_return_if_fail (LIFELINE_IS_RECOVER_PAGE (self));

  show_list (self, TRUE);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  lifeline_recover_page_show_list (LIFELINE_RECOVER_PAGE (widget));
}

static void
on_row_activated (LifelineRecoverPage *self,
                  GtkListBoxRow       *row)
{
  LifelineScript *script = g_object_get_data (G_OBJECT (row), "script");

  if (script != NULL)
    lifeline_recover_page_open_script (self, script->id);
}

static void
on_filter_changed (LifelineRecoverPage *self)
{
  gtk_list_box_invalidate_filter (self->list);
}

static void
on_filter_activate (LifelineRecoverPage *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      {
        on_row_activated (self, GTK_LIST_BOX_ROW (child));
        return;
      }
}

static void
run_pending (LifelineRecoverPage *self)
{
  if (self->pending_script != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->pending_script);

      self->pending_best = FALSE;
      lifeline_recover_page_open_script (self, id);
    }
  else if (self->pending_best)
    {
      LifelineScript *best = best_match (self);

      self->pending_best = FALSE;
      if (best != NULL)
        open_script (self, best->id, FALSE);
    }
}

static void
on_scripts_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LifelineRecoverPage *self;
  g_autoptr(GPtrArray) scripts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  scripts = lifeline_recovery_store_list_scripts_finish (LIFELINE_RECOVERY_STORE (source), result, &error);
  if (scripts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the recovery scripts: %s", error->message);
      return;
    }

  self = user_data;
  g_clear_pointer (&self->scripts, g_ptr_array_unref);
  self->scripts = g_steal_pointer (&scripts);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < self->scripts->len; i++)
    gtk_list_box_append (self->list, row_new (self, g_ptr_array_index (self->scripts, i), i));

  refresh_order (self);
  run_pending (self);
}

static void
reload (LifelineRecoverPage *self)
{
  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  lifeline_recovery_store_list_scripts_async (self->store, self->cancellable, on_scripts_loaded, self);
}

static void
lifeline_recover_page_map (GtkWidget *widget)
{
  LifelineRecoverPage *self = LIFELINE_RECOVER_PAGE (widget);

  GTK_WIDGET_CLASS (lifeline_recover_page_parent_class)->map (widget);

  /* New scripts may have arrived since (the starter load on a first run, a sync). */
  reload (self);
}

static void
lifeline_recover_page_dispose (GObject *object)
{
  LifelineRecoverPage *self = (LifelineRecoverPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->scripts, g_ptr_array_unref);
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_recover_page_parent_class)->dispose (object);
}

static void
lifeline_recover_page_finalize (GObject *object)
{
  LifelineRecoverPage *self = (LifelineRecoverPage *)object;

  g_ptr_array_unref (self->ordered);
  g_free (self->category);
  g_free (self->report_id);
  g_free (self->pending_script);

  G_OBJECT_CLASS (lifeline_recover_page_parent_class)->finalize (object);
}

static void
lifeline_recover_page_class_init (LifelineRecoverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_recover_page_dispose;
  object_class->finalize = lifeline_recover_page_finalize;
  widget_class->map = lifeline_recover_page_map;

  g_type_ensure (LIFELINE_TYPE_SCRIPT_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-recover-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineRecoverPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineRecoverPage, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, LifelineRecoverPage, list);
  gtk_widget_class_bind_template_child (widget_class, LifelineRecoverPage, script_view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_activate);

  gtk_widget_class_install_action (widget_class, "recover.show-list", NULL, show_list_action);
}

static void
lifeline_recover_page_init (LifelineRecoverPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ordered = g_ptr_array_new_with_free_func (g_object_unref);

  placeholder = gtk_label_new (_("No script matches these words"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->list, placeholder);
  gtk_list_box_set_filter_func (self->list, filter_func, self, NULL);
  gtk_list_box_set_sort_func (self->list, sort_func, self, NULL);
}

void
lifeline_recover_page_set_store (LifelineRecoverPage   *self,
                                 LifelineRecoveryStore *store)
{
  g_return_if_fail (LIFELINE_IS_RECOVER_PAGE (self));

  if (!g_set_object (&self->store, store))
    return;

  lifeline_script_view_set_store (self->script_view, store);
  reload (self);
}

void
lifeline_recover_page_set_report (LifelineRecoverPage *self,
                                  const char          *category,
                                  const char          *report_id)
{
  g_return_if_fail (LIFELINE_IS_RECOVER_PAGE (self));

  g_free (self->category);
  self->category = (category && *category) ? g_strdup (category) : NULL;
  if (report_id != NULL)
    {
      g_free (self->report_id);
      self->report_id = *report_id ? g_strdup (report_id) : NULL;
    }

  refresh_order (self);
}

void
lifeline_recover_page_open_for_report (LifelineRecoverPage *self,
                                       const char          *category,
                                       const char          *report_id)
{
  LifelineScript *best;
  const char *open_id;

  g_return_if_fail (LIFELINE_IS_RECOVER_PAGE (self));

  lifeline_recover_page_set_report (self, category, report_id);
  present_self (self);

  if (self->scripts == NULL || self->scripts->len == 0)
    {
      /* Not loaded yet (or the starter scripts are still on their way). */
      self->pending_best = TRUE;
      reload (self);
      return;
    }

  /* A script already open for this report stays: the agent may be mid-way
   * when the category is filled in. */
  open_id = lifeline_script_view_get_script_id (self->script_view);
  if (open_id != NULL && self->report_id != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "script") == 0 &&
      lifeline_script_view_get_session (self->script_view) != NULL &&
      g_strcmp0 (lifeline_script_view_get_session (self->script_view)->report_id, self->report_id) == 0)
    return;

  best = best_match (self);
  if (best != NULL)
    open_script (self, best->id, FALSE);
  else
    show_list (self, FALSE);
}

LifelineScriptView *
lifeline_recover_page_get_script_view (LifelineRecoverPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_RECOVER_PAGE (self), NULL);
  return self->script_view;
}

GPtrArray *
lifeline_recover_page_get_scripts (LifelineRecoverPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_RECOVER_PAGE (self), NULL);
  return self->scripts ? self->ordered : NULL;
}
