/* lifeline-article-editor.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the lead types is kept as a draft on this machine a moment after each
 * change, and the preview follows 200 ms after the last key, rendered by the
 * same LifelineMarkdownView agents read articles in. Publishing sends the
 * ETag the lead started from; when someone else published in between, both
 * versions are shown side by side and the lead chooses: nothing is
 * overwritten unknowingly.
 */

#define G_LOG_DOMAIN "lifeline-lead"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "lifeline-article-editor.h"
#include "lifeline-core.h"
#include "lifeline-lead-store.h"
#include "lifeline-revision-list.h"

#define PREVIEW_DELAY_MS 200
#define DRAFT_DELAY_MS 400

struct _LifelineArticleEditor
{
  GtkWidget             parent_instance;

  GtkWidget            *content;
  GtkLabel             *heading_label;
  GtkLabel             *status_label;
  GtkWidget            *discard_button;
  GtkToggleButton      *history_button;
  GtkRevealer          *flag_revealer;
  GtkLabel             *flag_label;
  AdwEntryRow          *title_row;
  AdwEntryRow          *summary_row;
  AdwEntryRow          *tags_row;
  AdwEntryRow          *owner_row;
  AdwEntryRow          *id_row;
  GtkSpinButton        *interval_spin;
  GtkTextView          *body_view;
  GtkLabel             *preview_title;
  LifelineMarkdownView *preview;
  GtkListBox           *revisions_list;

  LifelineLeadService  *service;
  GCancellable         *cancellable;
  char                 *article_id;   /* NULL for a new article until it is published */
  char                 *etag;
  gboolean              is_new;
  gboolean              filling;      /* setting the fields from code: no draft */
  guint                 busy;
  gboolean              loaded;
  gboolean              draft_saved;
  guint                 n_published;
  guint                 preview_source;
  guint                 draft_source;
  guint                 saving;       /* draft saves in flight */
  char                 *delete_after_save;  /* a draft to delete once they landed */
  GPtrArray            *revisions;
};

G_DEFINE_FINAL_TYPE (LifelineArticleEditor, lifeline_article_editor, GTK_TYPE_WIDGET)

enum {
  PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void publish (LifelineArticleEditor *self);
static void delete_draft (LifelineArticleEditor *self,
                          const char            *id);

static void
toast (LifelineArticleEditor *self,
       const char            *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
set_status (LifelineArticleEditor *self,
            const char            *text)
{
  gtk_label_set_label (self->status_label, text ? text : "");
}

static void
update_actions (LifelineArticleEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.publish", self->loaded && self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.restore-revision", self->loaded && self->busy == 0);
}

static char *
get_body (LifelineArticleEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* "Wi-Fi calling: set-up" → "wi-fi-calling-set-up" */
static char *
slug_from_title (const char *title)
{
  g_autofree char *folded = g_utf8_strdown (title ? title : "", -1);
  g_autofree char *ascii = g_str_to_ascii (folded, "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < 64; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, *p);
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  return g_string_free (slug, FALSE);
}

static const char *
current_id (LifelineArticleEditor *self)
{
  if (!self->is_new)
    return self->article_id;
  return gtk_editable_get_text (GTK_EDITABLE (self->id_row));
}

/* The editor's state on the wire (PRODUCT.md's article, content only). */
static JsonNode *
build_state (LifelineArticleEditor *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) tags = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)), ",", -1);
  g_autoptr(GPtrArray) clean = g_ptr_array_new ();
  g_autofree char *body = get_body (self);

  for (guint i = 0; tags[i] != NULL; i++)
    if (*g_strstrip (tags[i]) != '\0')
      g_ptr_array_add (clean, tags[i]);
  g_ptr_array_add (clean, NULL);

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", current_id (self));
  lifeline_wire_add_string (builder, "title", gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  lifeline_wire_add_string (builder, "summary", gtk_editable_get_text (GTK_EDITABLE (self->summary_row)));
  lifeline_wire_add_string (builder, "body", body);
  lifeline_wire_add_strv (builder, "tags", (const char * const *)clean->pdata);
  lifeline_wire_add_string (builder, "owner", gtk_editable_get_text (GTK_EDITABLE (self->owner_row)));
  json_builder_set_member_name (builder, "verify_interval_days");
  json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->interval_spin));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
update_heading (LifelineArticleEditor *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  g_autofree char *heading = NULL;

  if (self->is_new)
    heading = g_strdup (_("New Article"));
  else
    heading = g_strdup_printf (_("Editing “%s”"), *title ? title : self->article_id);
  gtk_label_set_label (self->heading_label, heading);
  gtk_label_set_label (self->preview_title, title);
}

static void
fill (LifelineArticleEditor *self,
      LifelineArticle       *article)
{
  g_autofree char *tags = article->tags ? g_strjoinv (", ", article->tags) : g_strdup ("");

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), article->title ? article->title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->summary_row), article->summary ? article->summary : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), article->owner ? article->owner : "");
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), article->id ? article->id : "");
  gtk_spin_button_set_value (self->interval_spin,
                             article->verify_interval_days > 0 ? article->verify_interval_days
                                                               : LIFELINE_DEFAULT_VERIFY_INTERVAL_DAYS);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), article->body ? article->body : "", -1);
  self->filling = FALSE;

  /* Loading shows the preview at once. */
  g_clear_handle_id (&self->preview_source, g_source_remove);
  lifeline_markdown_view_set_markdown (self->preview, article->body ? article->body : "");
  update_heading (self);
}

/* --- drafts --------------------------------------------------------------- */

static void
on_draft_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LifelineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved = lifeline_lead_service_save_draft_finish (LIFELINE_LEAD_SERVICE (source), result, &error);

  self->saving--;
  if (self->content == NULL)
    return;   /* saved while the editor went away */
  if (self->saving == 0 && self->delete_after_save != NULL)
    {
      /* Published meanwhile: the draft goes now that no save can land after. */
      g_autofree char *id = g_steal_pointer (&self->delete_after_save);

      delete_draft (self, id);
      return;
    }
  if (!saved)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be saved: %s"), error->message);

      set_status (self, text);
      return;
    }
  self->draft_saved = TRUE;
  set_status (self, _("Draft saved on this computer"));
  gtk_widget_set_visible (self->discard_button, TRUE);
}

static gboolean
on_draft_timeout (gpointer user_data)
{
  LifelineArticleEditor *self = user_data;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *json = NULL;
  const char *id;

  self->draft_source = 0;
  id = current_id (self);
  if (self->service == NULL || id == NULL)
    return G_SOURCE_REMOVE;

  state = build_state (self);
  json = lifeline_wire_to_string (state, FALSE);
  /* A new article's draft is kept under "" until it has an id. */
  self->saving++;
  lifeline_lead_service_save_draft_async (self->service, "article", *id ? id : "", json, self->etag, NULL,
                                          on_draft_saved, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
flush_draft (LifelineArticleEditor *self)
{
  if (self->draft_source != 0)
    {
      g_clear_handle_id (&self->draft_source, g_source_remove);
      on_draft_timeout (self);
    }
}

static void
schedule_draft (LifelineArticleEditor *self)
{
  if (self->filling || !self->loaded)
    return;
  self->draft_saved = FALSE;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (DRAFT_DELAY_MS, on_draft_timeout, self);
}

static void
on_field_changed (LifelineArticleEditor *self)
{
  update_heading (self);
  schedule_draft (self);
}

static gboolean
on_preview_timeout (gpointer user_data)
{
  LifelineArticleEditor *self = user_data;
  g_autofree char *body = get_body (self);

  self->preview_source = 0;
  lifeline_markdown_view_set_markdown (self->preview, body);
  return G_SOURCE_REMOVE;
}

static void
on_body_changed (LifelineArticleEditor *self)
{
  if (self->filling)
    return;
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, on_preview_timeout, self);
  schedule_draft (self);
}

static void
on_draft_deleted (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lifeline_lead_service_delete_draft_finish (LIFELINE_LEAD_SERVICE (source), result, &error))
    g_warning ("Could not delete the draft: %s", error->message);
}

static void
delete_draft (LifelineArticleEditor *self,
              const char            *id)
{
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_saved = FALSE;
  gtk_widget_set_visible (self->discard_button, FALSE);
  if (self->saving > 0)
    {
      g_free (self->delete_after_save);
      self->delete_after_save = g_strdup (id ? id : "");
      return;
    }
  if (self->service != NULL)
    lifeline_lead_service_delete_draft_async (self->service, "article", id ? id : "", NULL, on_draft_deleted, NULL);
}

/* --- loading -------------------------------------------------------------- */

static void
begin (LifelineArticleEditor *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  gtk_toggle_button_set_active (self->history_button, FALSE);
  gtk_widget_set_visible (self->discard_button, FALSE);
  self->loaded = FALSE;
  self->draft_saved = FALSE;
  self->busy = 0;
  update_actions (self);
}

static void
set_note (LifelineArticleEditor *self,
          const char            *note)
{
  gtk_label_set_label (self->flag_label, note ? note : "");
  gtk_revealer_set_reveal_child (self->flag_revealer, note != NULL && *note != '\0');
}

static void
on_draft_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LifelineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *json = NULL;

  json = lifeline_lead_service_get_draft_finish (LIFELINE_LEAD_SERVICE (source), result, &etag, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (json != NULL)
    {
      g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, NULL);
      g_autoptr(LifelineArticle) draft = object ? lifeline_article_new_from_json (object, NULL) : NULL;

      if (draft != NULL)
        {
          fill (self, draft);
          /* The draft publishes over what it started from: if that moved on,
           * the lead sees both. */
          g_free (self->etag);
          self->etag = g_steal_pointer (&etag);
          self->draft_saved = TRUE;
          gtk_widget_set_visible (self->discard_button, TRUE);
          set_status (self, _("Your unpublished draft was restored"));
        }
    }
  else if (error != NULL)
    set_status (self, error->message);
  self->loaded = TRUE;
  update_actions (self);
}

static void
load_draft (LifelineArticleEditor *self,
            const char            *id)
{
  self->busy++;
  lifeline_lead_service_get_draft_async (self->service, "article", id, self->cancellable,
                                         on_draft_loaded, g_object_ref (self));
}

static void
on_article_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LifelineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineLeadArticle) item = NULL;

  item = lifeline_lead_service_get_article_finish (LIFELINE_LEAD_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (item == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the article: %s"), error->message);

      set_status (self, text);
      update_actions (self);
      return;
    }
  fill (self, item->article);
  g_free (self->etag);
  self->etag = g_strdup (item->etag);
  {
    g_autofree char *text = g_strdup_printf (_("Revision %" PRId64), item->article->revision);

    set_status (self, text);
  }
  load_draft (self, self->article_id);
}

void
lifeline_article_editor_edit (LifelineArticleEditor *self,
                              const char            *id,
                              const char            *note)
{
  g_return_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self));
  g_return_if_fail (id != NULL);

  flush_draft (self);
  begin (self);
  g_free (self->article_id);
  self->article_id = g_strdup (id);
  g_clear_pointer (&self->etag, g_free);
  self->is_new = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->id_row), FALSE);
  set_note (self, note);
  set_status (self, _("Opening…"));
  update_heading (self);
  if (self->service == NULL)
    return;
  self->busy++;
  lifeline_lead_service_get_article_async (self->service, id, self->cancellable,
                                           on_article_loaded, g_object_ref (self));
}

void
lifeline_article_editor_new_article (LifelineArticleEditor *self,
                                     const char            *title,
                                     const char            *body,
                                     const char            *note)
{
  g_autoptr(LifelineArticle) blank = NULL;
  g_autofree char *slug = NULL;

  g_return_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self));

  flush_draft (self);
  begin (self);
  g_clear_pointer (&self->article_id, g_free);
  g_clear_pointer (&self->etag, g_free);
  self->is_new = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->id_row), TRUE);
  slug = slug_from_title (title);
  blank = lifeline_article_new (slug, title ? title : "");
  g_free (blank->body);
  blank->body = g_strdup (body ? body : "");
  fill (self, blank);
  set_note (self, note);
  set_status (self, _("Not published yet"));
  self->loaded = TRUE;
  update_actions (self);
  if (title != NULL || body != NULL)
    schedule_draft (self);
}

/* --- publishing ----------------------------------------------------------- */

static void
on_conflict_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  LifelineArticleEditor *self = user_data;
  LifelineLeadArticle *current = g_object_get_data (G_OBJECT (dialog), "current");

  if (g_str_equal (response, "mine"))
    {
      /* Publish mine over theirs, knowingly. */
      g_free (self->etag);
      self->etag = g_strdup (current->etag);
      publish (self);
    }
  else if (g_str_equal (response, "theirs"))
    {
      fill (self, current->article);
      g_free (self->etag);
      self->etag = g_strdup (current->etag);
      delete_draft (self, current_id (self));
      set_status (self, _("You took the other version; your changes were discarded"));
    }
  else
    set_status (self, _("Not published: the article changed since you opened it"));
}

static GtkWidget *
version_column (const char *heading,
                const char *subtitle,
                const char *title,
                const char *body)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *sub = gtk_label_new (subtitle);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = lifeline_markdown_view_new ();

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_widget_add_css_class (name, "title-4");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  lifeline_markdown_view_set_markdown (LIFELINE_MARKDOWN_VIEW (view), body);
  gtk_widget_set_margin_start (view, 6);
  gtk_widget_set_margin_end (view, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, 340, 320);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

/* "The versions differ in: body, tags." */
static char *
differing_fields (LifelineArticleEditor *self,
                  LifelineArticle       *theirs)
{
  g_autoptr(JsonNode) state = build_state (self);
  g_autoptr(LifelineArticle) mine = lifeline_article_new_from_json (json_node_get_object (state), NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *list = NULL;

  if (mine == NULL)
    return g_strdup ("");
  if (g_strcmp0 (mine->title, theirs->title) != 0)
    g_ptr_array_add (names, (gpointer)_("title"));
  if (g_strcmp0 (mine->summary, theirs->summary) != 0)
    g_ptr_array_add (names, (gpointer)_("summary"));
  if (g_strcmp0 (mine->body, theirs->body) != 0)
    g_ptr_array_add (names, (gpointer)_("body"));
  if (!g_strv_equal ((const char * const *)mine->tags, (const char * const *)theirs->tags))
    g_ptr_array_add (names, (gpointer)_("tags"));
  if (g_strcmp0 (mine->owner, theirs->owner) != 0)
    g_ptr_array_add (names, (gpointer)_("owner"));
  if (mine->verify_interval_days != theirs->verify_interval_days)
    g_ptr_array_add (names, (gpointer)_("verification interval"));
  if (names->len == 0)
    return g_strdup (_("The content is the same; only the revision moved on."));
  g_ptr_array_add (names, NULL);
  list = g_strjoinv (", ", (char **)names->pdata);
  return g_strdup_printf (_("The versions differ in: %s."), list);
}

static void
show_conflict (LifelineArticleEditor *self,
               LifelineLeadArticle   *current,
               const char            *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *mine_body = get_body (self);
  g_autofree char *their_sub = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *differs = NULL;
  GtkWidget *columns;
  GtkWidget *dialog;

  when = g_date_time_new_from_unix_local (current->article->updated_at ? current->article->updated_at
                                                                       : current->article->verified_at);
  date = when ? g_date_time_format (when, _("%e %b %Y, %H:%M")) : g_strdup ("");
  their_sub = g_strdup_printf (_("Revision %" PRId64 ", by %s, %s"),
                               current->article->revision,
                               current->article->verified_by ? current->article->verified_by : _("someone"),
                               g_strstrip (date));

  columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  gtk_box_append (GTK_BOX (columns),
                  version_column (_("Your Version"), _("Not published"),
                                  gtk_editable_get_text (GTK_EDITABLE (self->title_row)), mine_body));
  gtk_box_append (GTK_BOX (columns),
                  version_column (_("Their Version"), their_sub, current->article->title,
                                  current->article->body ? current->article->body : ""));

  differs = differing_fields (self, current->article);
  dialog = adw_message_dialog_new (root ? GTK_WINDOW (root) : NULL,
                                   _("Someone Else Published This Article"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s %s %s", message, differs,
                                  _("Choose which version to keep. Nothing is published until you do."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), columns);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "theirs", _("_Take Theirs"),
                                    "mine", _("_Publish Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mine", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 860, 640);
  g_object_set_data_full (G_OBJECT (dialog), "current", current, (GDestroyNotify)lifeline_lead_article_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_published (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LifelineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineLeadArticle) item = NULL;
  LifelineLeadArticle *current = NULL;
  g_autofree char *old_draft_id = NULL;

  item = lifeline_lead_service_publish_finish (LIFELINE_LEAD_SERVICE (source), result, &current, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  update_actions (self);

  if (item == NULL)
    {
      if (current != NULL)
        show_conflict (self, current, error->message);
      else
        {
          g_autofree char *text = g_strdup_printf (_("Not published: %s"), error->message);

          set_status (self, text);
          toast (self, text);
        }
      return;
    }

  old_draft_id = g_strdup (self->is_new ? "" : self->article_id);
  delete_draft (self, old_draft_id);
  if (self->is_new)
    delete_draft (self, item->article->id);
  g_free (self->article_id);
  self->article_id = g_strdup (item->article->id);
  g_free (self->etag);
  self->etag = g_strdup (item->etag);
  self->is_new = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->id_row), FALSE);
  self->n_published++;
  update_heading (self);
  {
    g_autofree char *text = g_strdup_printf (_("Published revision %" PRId64), item->article->revision);

    set_status (self, text);
    toast (self, text);
  }
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  if (gtk_toggle_button_get_active (self->history_button))
    {
      gtk_toggle_button_set_active (self->history_button, FALSE);
      gtk_toggle_button_set_active (self->history_button, TRUE);
    }
  g_signal_emit (self, signals[PUBLISHED], 0, item->article->id);
}

static void
publish (LifelineArticleEditor *self)
{
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(LifelineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = current_id (self);
  g_autofree char *slug = NULL;

  if (self->service == NULL || self->busy > 0)
    return;

  if (self->is_new && (id == NULL || *id == '\0'))
    {
      slug = slug_from_title (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
      gtk_editable_set_text (GTK_EDITABLE (self->id_row), slug);
    }

  state = build_state (self);
  article = lifeline_article_new_from_json (json_node_get_object (state), &error);
  if (article == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not published: %s"), error->message);

      set_status (self, text);
      return;
    }
  if (!lifeline_id_is_valid (article->id))
    {
      set_status (self, _("Not published: the article ID may use 1 to 128 letters, digits, dots, dashes or underscores."));
      return;
    }
  if (*g_strstrip (article->title) == '\0')
    {
      set_status (self, _("Not published: the article needs a title."));
      return;
    }

  flush_draft (self);
  self->busy++;
  update_actions (self);
  set_status (self, _("Publishing…"));
  lifeline_lead_service_publish_async (self->service, article, self->is_new ? NULL : self->etag,
                                       self->cancellable, on_published, g_object_ref (self));
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  publish (LIFELINE_ARTICLE_EDITOR (widget));
}

static void
discard_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LifelineArticleEditor *self = LIFELINE_ARTICLE_EDITOR (widget);
  g_autofree char *id = g_strdup (self->is_new ? "" : self->article_id);

  delete_draft (self, id);
  if (!self->is_new)
    lifeline_article_editor_edit (self, id, gtk_label_get_label (self->flag_label));
  else
    lifeline_article_editor_new_article (self, NULL, NULL, NULL);
}

/* --- history -------------------------------------------------------------- */

static LifelineArticleRevision *
find_revision (LifelineArticleEditor *self,
               gint64                 number)
{
  return lifeline_revision_find (self->revisions, number);
}

static void
on_revisions (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LifelineArticleEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lifeline_revision_list_finish (self->revisions_list, &self->revisions, LIFELINE_LEAD_SERVICE (source),
                                      result, "editor.view-revision", "editor.restore-revision", &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, error->message);
}

static void
on_history_toggled (LifelineArticleEditor *self)
{
  if (!gtk_toggle_button_get_active (self->history_button) || self->service == NULL ||
      self->is_new || self->article_id == NULL)
    return;
  lifeline_lead_service_list_revisions_async (self->service, self->article_id, self->cancellable,
                                              on_revisions, g_object_ref (self));
}

static void
view_revision_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LifelineArticleEditor *self = LIFELINE_ARTICLE_EDITOR (widget);
  LifelineArticleRevision *revision = find_revision (self, g_variant_get_int64 (parameter));
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *column;

  if (revision == NULL || revision->article == NULL)
    return;
  heading = g_strdup_printf (_("Revision %" PRId64), revision->revision);
  column = version_column (lifeline_revision_action_label (revision->action),
                           lifeline_revision_by_label (revision),
                           revision->article->title,
                           revision->article->body ? revision->article->body : "");
  dialog = adw_message_dialog_new (root ? GTK_WINDOW (root) : NULL, heading, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), column);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 600);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_revision_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LifelineArticleEditor *self = LIFELINE_ARTICLE_EDITOR (widget);
  LifelineArticleRevision *revision = find_revision (self, g_variant_get_int64 (parameter));
  g_autofree char *text = NULL;

  if (revision == NULL || revision->article == NULL || self->busy > 0)
    return;
  /* Restoring publishes the old content as a new revision, over the
   * current ETag. */
  fill (self, revision->article);
  text = g_strdup_printf (_("Restoring revision %" PRId64 "…"), revision->revision);
  set_status (self, text);
  publish (self);
}

/* --- the widget ----------------------------------------------------------- */

static void
lifeline_article_editor_dispose (GObject *object)
{
  LifelineArticleEditor *self = (LifelineArticleEditor *)object;

  flush_draft (self);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->content, gtk_widget_unparent);

  G_OBJECT_CLASS (lifeline_article_editor_parent_class)->dispose (object);
}

static void
lifeline_article_editor_finalize (GObject *object)
{
  LifelineArticleEditor *self = (LifelineArticleEditor *)object;

  g_free (self->article_id);
  g_free (self->etag);
  g_free (self->delete_after_save);

  G_OBJECT_CLASS (lifeline_article_editor_parent_class)->finalize (object);
}

static void
lifeline_article_editor_class_init (LifelineArticleEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_article_editor_dispose;
  object_class->finalize = lifeline_article_editor_finalize;

  /**
   * LifelineArticleEditor::published:
   * @id: the article's id
   *
   * A revision was published (or restored).
   */
  signals[PUBLISHED] = g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LIFELINE_TYPE_MARKDOWN_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-article-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, content);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, heading_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, discard_button);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, history_button);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, flag_revealer);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, flag_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, summary_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, id_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, preview_title);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, preview);
  gtk_widget_class_bind_template_child (widget_class, LifelineArticleEditor, revisions_list);

  gtk_widget_class_install_action (widget_class, "editor.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "editor.discard-draft", NULL, discard_draft_action);
  gtk_widget_class_install_action (widget_class, "editor.view-revision", "x", view_revision_action);
  gtk_widget_class_install_action (widget_class, "editor.restore-revision", "x", restore_revision_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.publish", NULL);
}

static void
lifeline_article_editor_init (LifelineArticleEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->summary_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->tags_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->owner_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->id_row, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->interval_spin, "value-changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (on_body_changed), self);
  g_signal_connect_swapped (self->history_button, "notify::active", G_CALLBACK (on_history_toggled), self);
  update_actions (self);
}

void
lifeline_article_editor_set_service (LifelineArticleEditor *self,
                                     LifelineLeadService   *service)
{
  g_return_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self));

  flush_draft (self);
  g_set_object (&self->service, service);
}

const char *
lifeline_article_editor_get_article_id (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->article_id;
}

const char *
lifeline_article_editor_get_etag (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->etag;
}

gboolean
lifeline_article_editor_is_idle (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), FALSE);
  return self->loaded && self->busy == 0;
}

guint
lifeline_article_editor_get_n_published (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), 0);
  return self->n_published;
}

gboolean
lifeline_article_editor_get_draft_saved (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), FALSE);
  return self->draft_saved;
}

GtkTextBuffer *
lifeline_article_editor_get_body_buffer (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), NULL);
  return gtk_text_view_get_buffer (self->body_view);
}

GtkEditable *
lifeline_article_editor_get_title_editable (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), NULL);
  return GTK_EDITABLE (self->title_row);
}

LifelineMarkdownView *
lifeline_article_editor_get_preview (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->preview;
}

GPtrArray *
lifeline_article_editor_get_revisions (LifelineArticleEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_ARTICLE_EDITOR (self), NULL);
  return self->revisions;
}
