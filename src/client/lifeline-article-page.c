/* lifeline-article-page.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-article"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-article-page.h"
#include "lifeline-widget-util.h"
#include "lifeline-freshness.h"
#include "lifeline-markdown-view.h"

struct _LifelineArticlePage
{
  GtkWidget             parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkScrolledWindow    *scroller;
  GtkLabel             *title_label;
  GtkWidget            *freshness_box;
  GtkImage             *freshness_icon;
  GtkLabel             *freshness_label;
  GtkLabel             *summary_label;
  LifelineMarkdownView *body_view;
  GtkFlowBox           *tags_box;
  GtkLabel             *owner_label;

  LifelineArticle      *article;
  LifelineSearchWorker *worker;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (LifelineArticlePage, lifeline_article_page, GTK_TYPE_WIDGET)

/* The reasons an agent can pick, in the order shown. */
static const struct {
  const char *id;
  const char *label;
} flag_reasons[] = {
  { "outdated", N_("Out of date") },
  { "wrong", N_("Wrong information") },
  { "unclear", N_("Unclear or incomplete") },
  { "other", N_("Something else") },
};

typedef struct
{
  LifelineArticlePage *self;
  char                *article_id;
  char                *article_title;
  guint                reason;
  char                *note;
} FlagRequest;

static void
flag_request_free (FlagRequest *request)
{
  g_clear_object (&request->self);
  g_free (request->article_id);
  g_free (request->article_title);
  g_free (request->note);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlagRequest, flag_request_free)

static void present_flag_dialog (LifelineArticlePage *self,
                                 guint                reason,
                                 const char          *note,
                                 const char          *problem);

static void
on_body_copied (LifelineArticlePage *self,
                const char          *text)
{
  lifeline_article_page_add_toast (self, _("Copied"));
}

static void
on_flag_saved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FlagRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *flag_id = NULL;

  flag_id = lifeline_search_worker_add_flag_finish (LIFELINE_SEARCH_WORKER (object), result, &error);
  if (flag_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not save a flag on %s: %s", request->article_id, error->message);
      /* Give the agent's words back, with what went wrong. */
      if (request->self->article != NULL &&
          g_strcmp0 (request->self->article->id, request->article_id) == 0)
        present_flag_dialog (request->self, request->reason, request->note, error->message);
      return;
    }

  g_debug ("Flag %s saved on %s", flag_id, request->article_id);
  lifeline_article_page_add_toast (request->self, _("Flagged for a lead to check"));
}

typedef struct
{
  GtkCheckButton *choices[G_N_ELEMENTS (flag_reasons)];
  GtkEditable    *note;
} FlagForm;

static void
on_flag_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  LifelineArticlePage *self = LIFELINE_ARTICLE_PAGE (user_data);
  FlagForm *form = g_object_get_data (G_OBJECT (dialog), "lifeline-flag-form");
  g_autoptr(FlagRequest) request = NULL;
  g_autofree char *note = NULL;
  g_autofree char *reason = NULL;
  const char *article_id;
  guint chosen = 0;

  if (g_strcmp0 (response, "flag") != 0 || self->article == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (flag_reasons); i++)
    if (gtk_check_button_get_active (form->choices[i]))
      chosen = i;

  note = g_strstrip (g_strdup (gtk_editable_get_text (form->note)));
  if (*note != '\0')
    /* Translators: a flag's reason as stored for the lead: "Out of date: the fee changed" */
    reason = g_strdup_printf (_("%s: %s"), _(flag_reasons[chosen].label), note);
  else
    reason = g_strdup (_(flag_reasons[chosen].label));

  request = g_new0 (FlagRequest, 1);
  request->self = g_object_ref (self);
  request->article_id = g_strdup (self->article->id);
  request->article_title = g_strdup (self->article->title);
  request->reason = chosen;
  request->note = g_steal_pointer (&note);

  if (self->worker == NULL)
    {
      present_flag_dialog (self, chosen, request->note, _("The knowledge base is not open yet."));
      return;
    }

  article_id = request->article_id;
  lifeline_search_worker_add_flag_async (self->worker, article_id, reason,
                                         lifeline_freshness_now (), self->cancellable,
                                         on_flag_saved, g_steal_pointer (&request));
}

static void
present_flag_dialog (LifelineArticlePage *self,
                     guint                reason,
                     const char          *note,
                     const char          *problem)
{
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *list;
  GtkWidget *note_row;
  FlagForm *form;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;

  if (self->article == NULL)
    return;

  if (problem != NULL)
    /* Translators: %s says why the flag could not be saved */
    body = g_strdup_printf (_("The flag could not be saved: %s\nYour words are kept below; try again."),
                            problem);
  else
    body = g_strdup (_("Tell the article's owner what needs fixing. A lead will check it; "
                       "until then, check with a lead before you rely on it."));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Flag as Wrong or Outdated"), body);
  form = g_new0 (FlagForm, 1);
  g_object_set_data_full (G_OBJECT (dialog), "lifeline-flag-form", form, g_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("What is wrong"),
                                  -1);

  for (guint i = 0; i < G_N_ELEMENTS (flag_reasons); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), form->choices[0]);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), i == reason);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(flag_reasons[i].label));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      form->choices[i] = GTK_CHECK_BUTTON (check);
    }
  gtk_box_append (GTK_BOX (box), list);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  note_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (note_row), _("What should it say? (optional)"));
  gtk_editable_set_text (GTK_EDITABLE (note_row), note ? note : "");
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (note_row), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), note_row);
  gtk_box_append (GTK_BOX (box), list);
  form->note = GTK_EDITABLE (note_row);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "flag", _("_Flag Article"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "flag",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "flag");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_flag_response), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (note_row);
}

static void
flag_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  present_flag_dialog (LIFELINE_ARTICLE_PAGE (widget), 0, NULL, NULL);
}

static void
lifeline_article_page_dispose (GObject *object)
{
  LifelineArticlePage *self = (LifelineArticlePage *)object;

  g_cancellable_cancel (self->cancellable);
  lifeline_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->article);
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (lifeline_article_page_parent_class)->dispose (object);
}

static void
lifeline_article_page_finalize (GObject *object)
{
  LifelineArticlePage *self = (LifelineArticlePage *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (lifeline_article_page_parent_class)->finalize (object);
}

static void
lifeline_article_page_class_init (LifelineArticlePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_article_page_dispose;
  object_class->finalize = lifeline_article_page_finalize;

  g_type_ensure (LIFELINE_TYPE_MARKDOWN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-article-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, freshness_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, freshness_icon);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, freshness_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, body_view);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, tags_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticlePage, owner_label);
  gtk_widget_class_bind_template_callback (widget_class, on_body_copied);

  gtk_widget_class_install_action (widget_class, "article.flag", NULL, flag_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "articlepage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lifeline_article_page_init (LifelineArticlePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "article.flag", FALSE);
}

GtkWidget *
lifeline_article_page_new (void)
{
  return g_object_new (LIFELINE_TYPE_ARTICLE_PAGE, NULL);
}

void
lifeline_article_page_set_worker (LifelineArticlePage  *self,
                                  LifelineSearchWorker *worker)
{
  g_return_if_fail (LIFELINE_IS_ARTICLE_PAGE (self));
  g_return_if_fail (worker == NULL || LIFELINE_IS_SEARCH_WORKER (worker));

  g_set_object (&self->worker, worker);
}

LifelineArticle *
lifeline_article_page_get_article (LifelineArticlePage *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_PAGE (self), NULL);
  return self->article;
}

static void
show_tags (LifelineArticlePage *self,
           const char * const  *tags)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_flow_box_remove (self->tags_box, child);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      GtkWidget *tag = gtk_label_new (tags[i]);

      gtk_widget_set_halign (tag, GTK_ALIGN_START);
      gtk_widget_add_css_class (tag, "caption");
      gtk_widget_add_css_class (tag, "lifeline-tag");
      gtk_flow_box_append (self->tags_box, tag);
      gtk_widget_set_focusable (gtk_widget_get_parent (tag), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), tags != NULL && tags[0] != NULL);
}

void
lifeline_article_page_set_article (LifelineArticlePage *self,
                                   LifelineArticle     *article,
                                   gint64               now)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (LIFELINE_IS_ARTICLE_PAGE (self));
  g_return_if_fail (article == NULL || LIFELINE_IS_ARTICLE (article));

  g_set_object (&self->article, article);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "article.flag", article != NULL);

  if (article == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->summary_label, "");
      lifeline_markdown_view_set_markdown (self->body_view, NULL);
      show_tags (self, NULL);
      return;
    }

  {
    gint64 expires_at = lifeline_article_get_expires_at (article);
    LifelineFreshness freshness = lifeline_freshness_classify (article->verified_at, expires_at, now);
    g_autofree char *line = lifeline_freshness_format_line (article, now);
    g_autofree char *owner = NULL;

    gtk_label_set_label (self->title_label, article->title);

    gtk_label_set_label (self->freshness_label, line);
    gtk_image_set_from_icon_name (self->freshness_icon,
                                  freshness == LIFELINE_FRESHNESS_VERIFIED ? "emblem-ok-symbolic"
                                                                           : "dialog-warning-symbolic");
    gtk_widget_remove_css_class (self->freshness_box, "success");
    gtk_widget_remove_css_class (self->freshness_box, "warning");
    gtk_widget_add_css_class (self->freshness_box, lifeline_freshness_style_class (freshness));

    gtk_label_set_label (self->summary_label, article->summary ? article->summary : "");
    gtk_widget_set_visible (GTK_WIDGET (self->summary_label),
                            article->summary != NULL && *article->summary != '\0');

    lifeline_markdown_view_set_markdown (self->body_view, article->body);
    show_tags (self, (const char * const *)article->tags);

    if (article->owner != NULL && *article->owner != '\0')
      /* Translators: who keeps an article up to date, and its revision number */
      owner = g_strdup_printf (_("Kept up to date by %s · revision %d"),
                               article->owner, (int)CLAMP (article->revision, 0, G_MAXINT));
    gtk_label_set_label (self->owner_label, owner ? owner : "");
    gtk_widget_set_visible (GTK_WIDGET (self->owner_label), owner != NULL);
  }

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

void
lifeline_article_page_scroll (LifelineArticlePage *self,
                              GtkScrollType        scroll)
{
  GtkAdjustment *adjustment;
  double value;

  g_return_if_fail (LIFELINE_IS_ARTICLE_PAGE (self));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  value = gtk_adjustment_get_value (adjustment);

  switch (scroll)
    {
    case GTK_SCROLL_STEP_UP:
    case GTK_SCROLL_STEP_BACKWARD:
      value -= gtk_adjustment_get_step_increment (adjustment);
      break;
    case GTK_SCROLL_STEP_DOWN:
    case GTK_SCROLL_STEP_FORWARD:
      value += gtk_adjustment_get_step_increment (adjustment);
      break;
    case GTK_SCROLL_PAGE_UP:
    case GTK_SCROLL_PAGE_BACKWARD:
      value -= gtk_adjustment_get_page_increment (adjustment);
      break;
    case GTK_SCROLL_PAGE_DOWN:
    case GTK_SCROLL_PAGE_FORWARD:
      value += gtk_adjustment_get_page_increment (adjustment);
      break;
    case GTK_SCROLL_START:
      value = gtk_adjustment_get_lower (adjustment);
      break;
    case GTK_SCROLL_END:
      value = gtk_adjustment_get_upper (adjustment);
      break;
    case GTK_SCROLL_NONE:
    case GTK_SCROLL_JUMP:
    case GTK_SCROLL_STEP_LEFT:
    case GTK_SCROLL_STEP_RIGHT:
    case GTK_SCROLL_PAGE_LEFT:
    case GTK_SCROLL_PAGE_RIGHT:
    default:
      return;
    }

  gtk_adjustment_set_value (adjustment, value);
}

void
lifeline_article_page_add_toast (LifelineArticlePage *self,
                                 const char          *title)
{
  AdwToast *toast;

  g_return_if_fail (LIFELINE_IS_ARTICLE_PAGE (self));

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 2);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
