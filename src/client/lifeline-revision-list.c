/* lifeline-revision-list.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The article editor and the script editor list their published revisions
 * the same way; each editor owns what viewing and restoring mean.
 */

#define G_LOG_DOMAIN "lifeline-lead"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "lifeline-revision-list.h"

const char *
lifeline_revision_action_label (const char *action)
{
  if (g_strcmp0 (action, "create") == 0)
    return _("Created");
  if (g_strcmp0 (action, "verify") == 0)
    return _("Verified");
  if (g_strcmp0 (action, "delete") == 0)
    return _("Deleted");
  if (g_strcmp0 (action, "import") == 0)
    return _("Imported");
  return _("Edited");
}

const char *
lifeline_revision_by_label (LifelineArticleRevision *revision)
{
  g_return_val_if_fail (revision != NULL, NULL);
  return revision->by ? revision->by : _("import");
}

LifelineArticleRevision *
lifeline_revision_find (GPtrArray *revisions,
                        gint64     number)
{
  for (guint i = 0; revisions != NULL && i < revisions->len; i++)
    {
      LifelineArticleRevision *revision = g_ptr_array_index (revisions, i);

      if (revision->revision == number)
        return revision;
    }
  return NULL;
}

/* An edit that brings back an older revision's content (other than the one
 * just before it) is a restore: neither the server nor the local store
 * records that apart from an edit, so it is recognised here. */
static LifelineArticleRevision *
restored_from (GPtrArray *revisions,
               guint      index)
{
  LifelineArticleRevision *revision = g_ptr_array_index (revisions, index);

  if (g_strcmp0 (revision->action, "update") != 0 || index < 2)
    return NULL;
  for (guint j = index - 1; j > 0; j--)
    {
      LifelineArticleRevision *earlier = g_ptr_array_index (revisions, j - 1);

      if (lifeline_article_revision_same_content (revision, earlier))
        return earlier;
    }
  return NULL;
}

void
lifeline_revision_list_show (GtkListBox *list,
                             GPtrArray  *revisions,
                             const char *view_action,
                             const char *restore_action)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (revisions != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = revisions->len; i > 0; i--)
    {
      LifelineArticleRevision *revision = g_ptr_array_index (revisions, i - 1);
      gboolean has_content = revision->article != NULL || revision->script != NULL;
      g_autoptr(GDateTime) when = revision->at ? g_date_time_new_from_unix_local (revision->at) : NULL;
      g_autofree char *date = when ? g_date_time_format (when, _("%e %b %Y, %H:%M")) : g_strdup ("");
      LifelineArticleRevision *source = restored_from (revisions, i - 1);
      g_autofree char *title = source != NULL
        ? g_strdup_printf (_("%" PRId64 " · Restored %" PRId64), revision->revision, source->revision)
        : g_strdup_printf (_("%" PRId64 " · %s"), revision->revision,
                           lifeline_revision_action_label (revision->action));
      g_autofree char *subtitle = *g_strstrip (date) != '\0'
        ? g_strdup_printf ("%s · %s", lifeline_revision_by_label (revision), date)
        : g_strdup (lifeline_revision_by_label (revision));
      g_autofree char *view_name = g_strdup_printf (_("View revision %" PRId64), revision->revision);
      g_autofree char *restore_name = g_strdup_printf (_("Restore revision %" PRId64), revision->revision);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *view = gtk_button_new_from_icon_name ("view-reveal-symbolic");
      GtkWidget *restore = gtk_button_new_from_icon_name ("edit-undo-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (view, _("View this revision"));
      gtk_widget_set_tooltip_text (restore, _("Restore this revision: publish its content again"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, view_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (restore), GTK_ACCESSIBLE_PROPERTY_LABEL, restore_name, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (view), view_action);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (view), g_variant_new_int64 (revision->revision));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (restore), restore_action);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (restore), g_variant_new_int64 (revision->revision));
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (view, "flat");
      gtk_widget_add_css_class (restore, "flat");
      gtk_widget_set_sensitive (restore, has_content && i != revisions->len);
      gtk_widget_set_sensitive (view, has_content);
      gtk_box_append (GTK_BOX (box), view);
      gtk_box_append (GTK_BOX (box), restore);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      gtk_list_box_append (list, row);
    }
}

gboolean
lifeline_revision_list_finish (GtkListBox          *list,
                               GPtrArray          **revisions,
                               LifelineLeadService *service,
                               GAsyncResult        *result,
                               const char          *view_action,
                               const char          *restore_action,
                               GError             **error)
{
  GPtrArray *listed;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), FALSE);
  g_return_val_if_fail (revisions != NULL, FALSE);

  listed = lifeline_lead_service_list_revisions_finish (service, result, error);
  if (listed == NULL)
    return FALSE;
  g_clear_pointer (revisions, g_ptr_array_unref);
  *revisions = listed;
  lifeline_revision_list_show (list, listed, view_action, restore_action);
  return TRUE;
}
