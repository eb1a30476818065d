/* lifeline-result-row.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-result-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-freshness.h"
#include "lifeline-result-row.h"

struct _LifelineResultRow
{
  GtkListBoxRow    parent_instance;

  GtkLabel        *title_label;
  GtkLabel        *script_tag;
  GtkLabel        *snippet_label;
  GtkLabel        *badge_label;

  LifelineHitKind  kind;
  char            *id;
  char            *title;
};

G_DEFINE_FINAL_TYPE (LifelineResultRow, lifeline_result_row, GTK_TYPE_LIST_BOX_ROW)

/* Two lines of a wide window hold about this many characters. */
#define SNIPPET_MAX_CHARS 240

char *
lifeline_snippet_to_markup (const char *snippet)
{
  GString *markup = g_string_new (NULL);
  gboolean open = FALSE;
  const char *p = snippet ? snippet : "";

  while (*p != '\0')
    {
      size_t span = strcspn (p, LIFELINE_MARK_START LIFELINE_MARK_END);

      if (span > 0)
        {
          g_autofree char *escaped = g_markup_escape_text (p, span);

          g_string_append (markup, escaped);
          p += span;
        }

      if (*p == LIFELINE_MARK_START[0])
        {
          if (!open)
            g_string_append (markup, "<b>");
          open = TRUE;
          p++;
        }
      else if (*p == LIFELINE_MARK_END[0])
        {
          if (open)
            g_string_append (markup, "</b>");
          open = FALSE;
          p++;
        }
    }

  if (open)
    g_string_append (markup, "</b>");

  /* A snippet is one line in the list, whatever the body's line breaks. */
  g_strdelimit (markup->str, "\n\r\t", ' ');

  return g_string_free (markup, FALSE);
}

static void
lifeline_result_row_finalize (GObject *object)
{
  LifelineResultRow *self = (LifelineResultRow *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (lifeline_result_row_parent_class)->finalize (object);
}

static void
lifeline_result_row_class_init (LifelineResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = lifeline_result_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineResultRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineResultRow, script_tag);
  gtk_widget_class_bind_template_child (widget_class, LifelineResultRow, snippet_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineResultRow, badge_label);
}

static void
lifeline_result_row_init (LifelineResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lifeline_result_row_new (void)
{
  return g_object_new (LIFELINE_TYPE_RESULT_ROW, NULL);
}

void
lifeline_result_row_set_item (LifelineResultRow        *self,
                              const LifelineResultItem *item,
                              gint64                    now)
{
  g_autofree char *markup = NULL;
  g_autofree char *badge = NULL;
  g_autofree char *description = NULL;
  gboolean is_script;

  g_return_if_fail (LIFELINE_IS_RESULT_ROW (self));
  g_return_if_fail (item != NULL);

  is_script = item->kind == LIFELINE_HIT_SCRIPT;
  self->kind = item->kind;
  g_free (self->id);
  self->id = g_strdup (item->id);
  g_free (self->title);
  self->title = g_strdup (item->title);

  gtk_label_set_label (self->title_label, item->title);
  gtk_widget_set_visible (GTK_WIDGET (self->script_tag), is_script);

  /* Two lines show at most this much; laying out more costs time per key. */
  if (item->snippet != NULL && g_utf8_strlen (item->snippet, SNIPPET_MAX_CHARS * 4) > SNIPPET_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (item->snippet, 0, SNIPPET_MAX_CHARS);

      markup = lifeline_snippet_to_markup (cut);
    }
  else
    markup = lifeline_snippet_to_markup (item->snippet);
  gtk_label_set_markup (self->snippet_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), *markup != '\0');

  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), "warning");
  if (is_script)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->badge_label), FALSE);
      /* Translators: how a screen reader names a result row for a recovery script */
      description = g_strdup_printf (_("Recovery script: %s"), item->title);
    }
  else
    {
      LifelineFreshness freshness = lifeline_freshness_classify (item->verified_at, item->expires_at, now);

      badge = lifeline_freshness_format_badge (item->verified_at, item->expires_at, now);
      gtk_label_set_label (self->badge_label, badge);
      gtk_widget_add_css_class (GTK_WIDGET (self->badge_label),
                                lifeline_freshness_style_class (freshness));
      gtk_widget_set_visible (GTK_WIDGET (self->badge_label), TRUE);
      /* Translators: how a screen reader names a result row: title, then freshness */
      description = g_strdup_printf (_("%s, %s"), item->title, badge);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

LifelineHitKind
lifeline_result_row_get_kind (LifelineResultRow *self)
{
  g_return_val_if_fail (LIFELINE_IS_RESULT_ROW (self), LIFELINE_HIT_ARTICLE);
  return self->kind;
}

const char *
lifeline_result_row_get_id (LifelineResultRow *self)
{
  g_return_val_if_fail (LIFELINE_IS_RESULT_ROW (self), NULL);
  return self->id;
}

const char *
lifeline_result_row_get_title (LifelineResultRow *self)
{
  g_return_val_if_fail (LIFELINE_IS_RESULT_ROW (self), NULL);
  return self->title;
}
