/* lifeline-lead-queues.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-lead"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lifeline-core.h"
#include "lifeline-freshness.h"
#include "lifeline-lead-queues.h"

struct _LifelineLeadQueues
{
  GtkWidget               parent_instance;

  GtkWidget              *scrolled;
  GtkLabel               *summary_label;
  GtkListBox             *flagged_list;
  GtkListBox             *expired_list;
  GtkListBox             *expiring_list;
  GtkListBox             *scripts_list;

  LifelineLeadService    *service;
  GCancellable           *cancellable;
  LifelineLeadQueuesData *data;
  guint                   n_loads;
  guint                   verifying;
};

G_DEFINE_FINAL_TYPE (LifelineLeadQueues, lifeline_lead_queues, GTK_TYPE_WIDGET)

static void
toast (LifelineLeadQueues *self,
       const char         *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Rows only: the placeholder is a child too, and stays. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

/* @what: the item's title, so a screen reader says "Verify “Refunds”"
 * rather than a row of "Verify" buttons. */
static GtkWidget *
action_button (const char *label,
               const char *action,
               GVariant   *target,
               const char *tooltip,
               const char *what)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  g_autofree char *plain = g_strdup (label);
  g_autofree char *accessible = NULL;
  char *underline;

  while ((underline = strchr (plain, '_')) != NULL)
    memmove (underline, underline + 1, strlen (underline));
  /* Translators: a button's name for screen readers: "Verify “Late payment fees”" */
  accessible = g_strdup_printf (_("%s “%s”"), plain, what);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  return row;
}

static GtkWidget *
article_row (LifelineArticle *article,
             gint64           now)
{
  g_autofree char *line = lifeline_freshness_format_line (article, now);
  gint64 expires_at = lifeline_article_get_expires_at (article);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (expires_at > now)
    {
      int days = (int)((expires_at - now + 24 * 3600 - 1) / (24 * 3600));

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Expires in %d day — %s",
                                               "Expires in %d days — %s", days),
                                  days, line);
    }
  else
    {
      /* Not the agents' "check with a lead": the lead is the one to check. */
      g_autofree char *badge = lifeline_freshness_format_badge (article->verified_at, expires_at, now);

      subtitle = article->verified_by != NULL && *article->verified_by != '\0'
                 ? g_strdup_printf (_("%s · last verified by %s"), badge, article->verified_by)
                 : g_steal_pointer (&badge);
    }
  row = new_row (article->title, subtitle);

  gtk_widget_set_name (row, article->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button (_("_Edit"), "lead.edit-article",
                                            g_variant_new_string (article->id),
                                            _("Open the article in the editor"), article->title));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button (_("_Verify"), "queues.verify",
                                            g_variant_new_string (article->id),
                                            _("Confirm the article is still right: agents see it as verified today"),
                                            article->title));
  return row;
}

static GtkWidget *
flag_row (LifelineLeadFlag *flag)
{
  g_autoptr(GString) subtitle = g_string_new (flag->reason);
  g_autoptr(GDateTime) when = flag->created_at ? g_date_time_new_from_unix_local (flag->created_at) : NULL;
  const char *title;
  GtkWidget *row;

  if (flag->report_note != NULL && *flag->report_note != '\0' &&
      g_strcmp0 (flag->report_note, flag->reason) != 0)
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: %s is the agent's note from their mistake report */
      g_string_append_printf (subtitle, _("Report: %s"), flag->report_note);
    }
  else if (flag->report_id != NULL)
    g_string_append_printf (subtitle, "\n%s", _("Linked to an “incorrect information” report"));
  if (when != NULL)
    {
      g_autofree char *date = g_date_time_format (when, _("%e %b %Y, %H:%M"));

      g_string_append_printf (subtitle, "\n%s", g_strstrip (date));
    }

  title = flag->article_title ? flag->article_title : flag->article_id;
  row = new_row (title, subtitle->str);
  gtk_widget_set_name (row, flag->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button (_("_Write a Correction"), "lead.correct-flag",
                                            g_variant_new_string (flag->id),
                                            _("Edit the article with the agent’s note beside it"), title));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button (_("New _Article"), "lead.new-article-from-flag",
                                            g_variant_new_string (flag->id),
                                            _("Start a new article from this flag"), title));
  if (flag->article_title != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               action_button (_("_Verify"), "queues.verify",
                                              g_variant_new_string (flag->article_id),
                                              _("The article is right after all: verify it and resolve the flag"),
                                              title));
  return row;
}

static GtkWidget *
script_row (LifelineScript *script)
{
  g_autoptr(GString) categories = g_string_new (NULL);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  for (guint i = 0; script->categories != NULL && script->categories[i] != NULL; i++)
    {
      LifelineCategory category;

      if (lifeline_category_from_string (script->categories[i], &category))
        g_string_append_printf (categories, "%s%s", categories->len ? ", " : "",
                                lifeline_category_get_label (category));
    }
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", script->steps->len),
                              script->steps->len);
  if (categories->len > 0)
    {
      g_autofree char *with = g_strdup_printf ("%s · %s", subtitle, categories->str);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with);
    }
  row = new_row (script->title, subtitle);
  gtk_widget_set_name (row, script->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             action_button (_("_Edit"), "lead.edit-script",
                                            g_variant_new_string (script->id),
                                            _("Open the script in the editor"), script->title));
  return row;
}

static void
show_data (LifelineLeadQueues *self)
{
  LifelineLeadQueuesData *data = self->data;
  gint64 now = lifeline_freshness_now ();
  g_autofree char *summary = NULL;

  clear_list (self->flagged_list);
  clear_list (self->expired_list);
  clear_list (self->expiring_list);
  clear_list (self->scripts_list);
  if (data == NULL)
    return;

  for (guint i = 0; i < data->flags->len; i++)
    gtk_list_box_append (self->flagged_list, flag_row (g_ptr_array_index (data->flags, i)));
  for (guint i = 0; i < data->expired->len; i++)
    gtk_list_box_append (self->expired_list, article_row (g_ptr_array_index (data->expired, i), now));
  for (guint i = 0; i < data->expiring->len; i++)
    gtk_list_box_append (self->expiring_list, article_row (g_ptr_array_index (data->expiring, i), now));
  for (guint i = 0; i < data->scripts->len; i++)
    gtk_list_box_append (self->scripts_list, script_row (g_ptr_array_index (data->scripts, i)));

  /* Translators: the three counts of the lead's queues */
  summary = g_strdup_printf (_("%u flagged, %u expired, %u expiring within 14 days"),
                             data->flags->len, data->expired->len, data->expiring->len);
  gtk_label_set_label (self->summary_label, summary);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LifelineLeadQueues) self = user_data;
  g_autoptr(GError) error = NULL;
  LifelineLeadQueuesData *data;

  data = lifeline_lead_service_list_queues_finish (LIFELINE_LEAD_SERVICE (source), result, &error);
  if (data == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not load the queues: %s"), error->message);

          gtk_label_set_label (self->summary_label, text);
          self->n_loads++;
        }
      return;
    }
  g_clear_pointer (&self->data, lifeline_lead_queues_data_free);
  self->data = data;
  show_data (self);
  self->n_loads++;
}

void
lifeline_lead_queues_reload (LifelineLeadQueues *self)
{
  g_return_if_fail (LIFELINE_IS_LEAD_QUEUES (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->service == NULL)
    {
      g_clear_pointer (&self->data, lifeline_lead_queues_data_free);
      show_data (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  lifeline_lead_service_list_queues_async (self->service, lifeline_freshness_now (), self->cancellable,
                                           on_listed, g_object_ref (self));
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LifelineLeadQueues) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineLeadArticle) item = NULL;

  self->verifying--;
  item = lifeline_lead_service_verify_finish (LIFELINE_LEAD_SERVICE (source), result, &error);
  if (item == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not verify: %s"), error->message);

      toast (self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("“%s” verified"), item->article->title);

      toast (self, text);
    }
  lifeline_lead_queues_reload (self);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LifelineLeadQueues *self = LIFELINE_LEAD_QUEUES (widget);

  if (self->service == NULL)
    return;
  self->verifying++;
  lifeline_lead_service_verify_async (self->service, g_variant_get_string (parameter, NULL), NULL,
                                      on_verified, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  lifeline_lead_queues_reload (LIFELINE_LEAD_QUEUES (widget));
}

static void
lifeline_lead_queues_dispose (GObject *object)
{
  LifelineLeadQueues *self = (LifelineLeadQueues *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->data, lifeline_lead_queues_data_free);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);

  G_OBJECT_CLASS (lifeline_lead_queues_parent_class)->dispose (object);
}

static void
lifeline_lead_queues_class_init (LifelineLeadQueuesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_lead_queues_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-lead-queues.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadQueues, scrolled);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadQueues, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadQueues, flagged_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadQueues, expired_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadQueues, expiring_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadQueues, scripts_list);

  gtk_widget_class_install_action (widget_class, "queues.verify", "s", verify_action);
  gtk_widget_class_install_action (widget_class, "queues.reload", NULL, reload_action);
}

static void
lifeline_lead_queues_init (LifelineLeadQueues *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->flagged_list, placeholder (_("No open flags. When an agent flags an article, it shows here.")));
  gtk_list_box_set_placeholder (self->expired_list, placeholder (_("No expired articles.")));
  gtk_list_box_set_placeholder (self->expiring_list, placeholder (_("Nothing expires in the next 14 days.")));
}

void
lifeline_lead_queues_set_service (LifelineLeadQueues  *self,
                                  LifelineLeadService *service)
{
  g_return_if_fail (LIFELINE_IS_LEAD_QUEUES (self));

  if (!g_set_object (&self->service, service))
    return;
  lifeline_lead_queues_reload (self);
}

LifelineLeadQueuesData *
lifeline_lead_queues_get_data (LifelineLeadQueues *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_QUEUES (self), NULL);
  return self->data;
}

guint
lifeline_lead_queues_get_n_loads (LifelineLeadQueues *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_QUEUES (self), 0);
  return self->n_loads;
}

LifelineLeadFlag *
lifeline_lead_queues_find_flag (LifelineLeadQueues *self,
                                const char         *flag_id)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_QUEUES (self), NULL);

  for (guint i = 0; self->data != NULL && i < self->data->flags->len; i++)
    {
      LifelineLeadFlag *flag = g_ptr_array_index (self->data->flags, i);

      if (g_strcmp0 (flag->id, flag_id) == 0)
        return flag;
    }
  return NULL;
}
