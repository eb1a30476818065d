/* lifeline-script-editor.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Steps are edited in place (do, say, ask; added, removed, moved); the
 * script is checked with core's own rules (lifeline_script_new_from_json:
 * known placeholders, known categories) as the lead types, and the preview
 * shows each step as the guided view does, placeholders as the agent sees
 * them before filling them in. Publishing works like an article's: with the
 * ETag it started from, and a conflict is shown, never overwritten. The
 * History panel lists every published revision (as the article editor's
 * does); viewing one shows it read-only in the preview, restoring one
 * publishes its content again as a new revision.
 */

#define G_LOG_DOMAIN "lifeline-lead"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "lifeline-core.h"
#include "lifeline-revision-list.h"
#include "lifeline-script-editor.h"

#define PREVIEW_DELAY_MS 200
#define DRAFT_DELAY_MS 400

typedef struct
{
  GtkWidget *box;
  GtkEntry  *do_entry;
  GtkEntry  *say_entry;
  GtkEntry  *ask_entry;
} StepWidgets;

struct _LifelineScriptEditor
{
  GtkWidget            parent_instance;

  GtkWidget           *content;
  GtkLabel            *heading_label;
  GtkLabel            *status_label;
  AdwEntryRow         *title_row;
  AdwEntryRow         *tags_row;
  AdwEntryRow         *id_row;
  GtkGrid             *categories_box;
  GtkLabel            *placeholders_label;
  GtkBox              *steps_box;
  GtkLabel            *error_label;
  GtkBox              *preview_box;
  GtkToggleButton     *history_button;
  GtkListBox          *revisions_list;
  GtkWidget           *viewing_box;
  GtkLabel            *viewing_label;

  GtkCheckButton      *category_checks[LIFELINE_N_CATEGORIES];
  GPtrArray           *steps;        /* of StepWidgets */
  LifelineLeadService *service;
  GCancellable        *cancellable;
  char                *script_id;    /* NULL: new */
  char                *etag;
  gint64               revision;
  guint                busy;
  gboolean             loaded;
  guint                n_published;
  guint                preview_source;
  guint                draft_source;
  gboolean             filling;       /* setting the fields from code: no draft */
  guint                saving;        /* draft saves in flight */
  char                *delete_after_save;
  GPtrArray           *revisions;     /* LifelineArticleRevision, oldest first; NULL: not listed */
  LifelineScript      *viewing;       /* an old revision shown in the preview, or NULL */
  gint64               viewing_revision;
};

G_DEFINE_FINAL_TYPE (LifelineScriptEditor, lifeline_script_editor, GTK_TYPE_WIDGET)

enum {
  PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_preview (LifelineScriptEditor *self);
static void publish (LifelineScriptEditor *self);
static void refresh_history (LifelineScriptEditor *self);

static void
set_status (LifelineScriptEditor *self,
            const char           *text)
{
  gtk_label_set_label (self->status_label, text ? text : "");
}

static void
update_actions (LifelineScriptEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script-editor.publish", self->loaded && self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "script-editor.restore-revision", self->loaded && self->busy == 0);
}

/* --- steps ---------------------------------------------------------------- */

typedef struct
{
  char *do_text;
  char *say;
  char *ask;
} StepText;

static void
step_text_free (StepText *text)
{
  g_free (text->do_text);
  g_free (text->say);
  g_free (text->ask);
  g_free (text);
}

static GPtrArray *
read_steps (LifelineScriptEditor *self)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func ((GDestroyNotify)step_text_free);

  for (guint i = 0; i < self->steps->len; i++)
    {
      StepWidgets *w = g_ptr_array_index (self->steps, i);
      StepText *text = g_new0 (StepText, 1);

      text->do_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->do_entry)));
      text->say = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->say_entry)));
      text->ask = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->ask_entry)));
      g_ptr_array_add (texts, text);
    }
  return texts;
}

static GtkEntry *
step_entry (GtkWidget  *grid,
            int         row,
            const char *label,
            const char *placeholder,
            const char *text)
{
  GtkWidget *caption = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (caption), 1);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), entry);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (GTK_GRID (grid), caption, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 1, row, 1, 1);
  return GTK_ENTRY (entry);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             guint       index,
             gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  /* Translators: a step's button for screen readers, e.g. "Move Up, step 2" */
  g_autofree char *accessible = g_strdup_printf (_("%s, step %u"), tooltip, index + 1);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (index));
  gtk_widget_set_sensitive (button, sensitive);
  return button;
}

static void
show_steps (LifelineScriptEditor *self,
            GPtrArray            *texts)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box))) != NULL)
    gtk_box_remove (self->steps_box, child);
  g_ptr_array_set_size (self->steps, 0);

  for (guint i = 0; i < texts->len; i++)
    {
      StepText *text = g_ptr_array_index (texts, i);
      StepWidgets *w = g_new0 (StepWidgets, 1);
      g_autofree char *heading = g_strdup_printf (_("Step %u"), i + 1);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (heading);
      GtkWidget *grid = gtk_grid_new ();

      w->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_add_css_class (w->box, "card");
      gtk_widget_set_margin_bottom (w->box, 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_start (header, 12);
      gtk_widget_set_margin_end (header, 6);
      gtk_widget_set_margin_top (header, 6);
      gtk_box_append (GTK_BOX (header), label);
      gtk_box_append (GTK_BOX (header), icon_button ("go-up-symbolic", _("Move Up"),
                                                     "script-editor.move-up", i, i > 0));
      gtk_box_append (GTK_BOX (header), icon_button ("go-down-symbolic", _("Move Down"),
                                                     "script-editor.move-down", i, i + 1 < texts->len));
      gtk_box_append (GTK_BOX (header), icon_button ("user-trash-symbolic", _("Remove Step"),
                                                     "script-editor.remove-step", i, texts->len > 1));
      gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
      gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
      gtk_widget_set_margin_start (grid, 12);
      gtk_widget_set_margin_end (grid, 12);
      gtk_widget_set_margin_bottom (grid, 12);
      w->do_entry = step_entry (grid, 0, _("_Do"), _("What the agent does"), text->do_text);
      w->say_entry = step_entry (grid, 1, _("_Say"), _("What the agent says, e.g. “Sorry, {customer_name}”"), text->say);
      w->ask_entry = step_entry (grid, 2, _("_Ask"), _("A question whose answer the agent notes (optional)"), text->ask);
      g_signal_connect_swapped (w->do_entry, "changed", G_CALLBACK (schedule_preview), self);
      g_signal_connect_swapped (w->say_entry, "changed", G_CALLBACK (schedule_preview), self);
      g_signal_connect_swapped (w->ask_entry, "changed", G_CALLBACK (schedule_preview), self);
      gtk_box_append (GTK_BOX (w->box), header);
      gtk_box_append (GTK_BOX (w->box), grid);
      gtk_box_append (self->steps_box, w->box);
      g_ptr_array_add (self->steps, w);
    }
  schedule_preview (self);
}

static void
add_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LifelineScriptEditor *self = LIFELINE_SCRIPT_EDITOR (widget);
  g_autoptr(GPtrArray) texts = read_steps (self);

  g_ptr_array_add (texts, g_new0 (StepText, 1));
  show_steps (self, texts);
  gtk_widget_grab_focus (GTK_WIDGET (((StepWidgets *)g_ptr_array_index (self->steps, self->steps->len - 1))->do_entry));
}

static void
move_step (LifelineScriptEditor *self,
           guint                 from,
           guint                 to)
{
  g_autoptr(GPtrArray) texts = read_steps (self);
  gpointer moved;

  if (from >= texts->len || to >= texts->len)
    return;
  moved = g_ptr_array_steal_index (texts, from);
  g_ptr_array_insert (texts, to, moved);
  show_steps (self, texts);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  guint index = g_variant_get_uint32 (parameter);

  if (index > 0)
    move_step (LIFELINE_SCRIPT_EDITOR (widget), index, index - 1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  guint index = g_variant_get_uint32 (parameter);

  move_step (LIFELINE_SCRIPT_EDITOR (widget), index, index + 1);
}

static void
remove_step_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LifelineScriptEditor *self = LIFELINE_SCRIPT_EDITOR (widget);
  g_autoptr(GPtrArray) texts = read_steps (self);
  guint index = g_variant_get_uint32 (parameter);

  if (index >= texts->len || texts->len <= 1)
    return;
  g_ptr_array_remove_index (texts, index);
  show_steps (self, texts);
}

/* --- building and preview ------------------------------------------------- */

/* What is typed, as the wire's script; not validated (a draft may not be). */
static JsonNode *
build_state (LifelineScriptEditor *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) tags = NULL;
  const char *id;

  id = self->script_id ? self->script_id : gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  tags = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)), ",", -1);

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", id);
  lifeline_wire_add_string (builder, "title", gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  json_builder_set_member_name (builder, "categories");
  json_builder_begin_array (builder);
  for (guint c = LIFELINE_CATEGORY_NONE + 1; c < LIFELINE_N_CATEGORIES; c++)
    if (gtk_check_button_get_active (self->category_checks[c]))
      json_builder_add_string_value (builder, lifeline_category_to_string (c));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i] != NULL; i++)
    if (*g_strstrip (tags[i]) != '\0')
      json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision > 0 ? self->revision : 1);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    {
      StepWidgets *w = g_ptr_array_index (self->steps, i);
      const char *ask = gtk_editable_get_text (GTK_EDITABLE (w->ask_entry));

      json_builder_begin_object (builder);
      lifeline_wire_add_string (builder, "do", gtk_editable_get_text (GTK_EDITABLE (w->do_entry)));
      lifeline_wire_add_string (builder, "say", gtk_editable_get_text (GTK_EDITABLE (w->say_entry)));
      lifeline_wire_add_string (builder, "ask", *ask != '\0' ? ask : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

LifelineScript *
lifeline_script_editor_build (LifelineScriptEditor  *self,
                              GError               **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self), NULL);

  node = build_state (self);
  return lifeline_script_new_from_json (json_node_get_object (node), error);
}

/* --- drafts --------------------------------------------------------------- */

static void delete_draft (LifelineScriptEditor *self,
                          const char           *id);

static const char *
draft_id (LifelineScriptEditor *self)
{
  return self->script_id ? self->script_id : "";
}

static void
on_draft_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LifelineScriptEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved = lifeline_lead_service_save_draft_finish (LIFELINE_LEAD_SERVICE (source), result, &error);

  self->saving--;
  if (self->content == NULL)
    return;   /* saved while the editor went away */
  if (self->saving == 0 && self->delete_after_save != NULL)
    {
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
  set_status (self, _("Draft saved on this computer"));
}

static gboolean
on_draft_timeout (gpointer user_data)
{
  LifelineScriptEditor *self = user_data;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *json = NULL;

  self->draft_source = 0;
  if (self->service == NULL)
    return G_SOURCE_REMOVE;
  state = build_state (self);
  json = lifeline_wire_to_string (state, FALSE);
  self->saving++;
  lifeline_lead_service_save_draft_async (self->service, "script", draft_id (self), json,
                                          self->script_id ? self->etag : NULL, NULL,
                                          on_draft_saved, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_draft (LifelineScriptEditor *self)
{
  if (self->filling || !self->loaded)
    return;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (DRAFT_DELAY_MS, on_draft_timeout, self);
}

static void
flush_draft (LifelineScriptEditor *self)
{
  if (self->draft_source != 0)
    {
      g_clear_handle_id (&self->draft_source, g_source_remove);
      on_draft_timeout (self);
    }
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
delete_draft (LifelineScriptEditor *self,
              const char           *id)
{
  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (self->saving > 0)
    {
      g_free (self->delete_after_save);
      self->delete_after_save = g_strdup (id);
      return;
    }
  if (self->service != NULL)
    lifeline_lead_service_delete_draft_async (self->service, "script", id, NULL, on_draft_deleted, NULL);
}

static GtkWidget *
preview_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* @script as the guided view shows it, in the preview column. */
static void
render_preview (LifelineScriptEditor *self,
                LifelineScript       *script)
{
  g_autoptr(GHashTable) empty = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_box_append (self->preview_box, preview_label (script->title, "title-2"));
  for (guint i = 0; i < script->steps->len; i++)
    {
      LifelineScriptStep *step = g_ptr_array_index (script->steps, i);
      /* Translators: how a placeholder shows before the agent fills it in */
      g_autofree char *say = lifeline_script_fill (step->say, empty, _("[%s]"));
      g_autofree char *heading = g_strdup_printf (_("Step %u of %u"), i + 1, script->steps->len);
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      gtk_widget_add_css_class (card, "card");
      gtk_box_append (GTK_BOX (card), preview_label (heading, "caption-heading"));
      if (step->do_text != NULL && *step->do_text != '\0')
        gtk_box_append (GTK_BOX (card), preview_label (step->do_text, "dim-label"));
      if (say != NULL && *say != '\0')
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", say);

          gtk_box_append (GTK_BOX (card), preview_label (quoted, "title-4"));
        }
      if (step->ask != NULL && *step->ask != '\0')
        {
          g_autofree char *ask = g_strdup_printf (_("Ask: %s"), step->ask);

          gtk_box_append (GTK_BOX (card), preview_label (ask, "accent"));
        }
      for (GtkWidget *w = gtk_widget_get_first_child (card); w != NULL; w = gtk_widget_get_next_sibling (w))
        {
          gtk_widget_set_margin_start (w, 12);
          gtk_widget_set_margin_end (w, 12);
        }
      gtk_widget_set_margin_top (gtk_widget_get_first_child (card), 12);
      gtk_widget_set_margin_bottom (gtk_widget_get_last_child (card), 12);
      gtk_box_append (self->preview_box, card);
    }
}

static gboolean
on_preview_timeout (gpointer user_data)
{
  LifelineScriptEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineScript) script = NULL;
  GtkWidget *child;

  self->preview_source = 0;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_box))) != NULL)
    gtk_box_remove (self->preview_box, child);

  /* An old revision, read-only, until the lead goes back to their edit. */
  gtk_widget_set_visible (self->viewing_box, self->viewing != NULL);
  script = self->viewing != NULL ? g_object_ref (self->viewing) : lifeline_script_editor_build (self, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), script == NULL);
  if (script == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      return G_SOURCE_REMOVE;
    }
  render_preview (self, script);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (LifelineScriptEditor *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  g_autofree char *heading = self->script_id ? g_strdup_printf (_("Editing “%s”"), *title ? title : self->script_id)
                                             : g_strdup (_("New Recovery Script"));

  gtk_label_set_label (self->heading_label, heading);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, on_preview_timeout, self);
  schedule_draft (self);
}

/* --- loading and publishing ----------------------------------------------- */

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static GStrv
dup_strv_member (JsonObject *object,
                 const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

/* From a script's wire form or a draft (which may not be valid yet). */
static void
fill_from_object (LifelineScriptEditor *self,
                  JsonObject           *object)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify)step_text_free);
  g_auto(GStrv) tags = dup_strv_member (object, "tags");
  g_auto(GStrv) categories = dup_strv_member (object, "categories");
  g_autofree char *joined = g_strjoinv (", ", tags);
  g_autofree char *title = dup_member (object, "title");
  g_autofree char *id = dup_member (object, "id");
  JsonNode *steps = json_object_get_member (object, "steps");
  JsonArray *array = steps && JSON_NODE_HOLDS_ARRAY (steps) ? json_node_get_array (steps) : NULL;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), joined);
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), id ? id : "");
  for (guint c = LIFELINE_CATEGORY_NONE + 1; c < LIFELINE_N_CATEGORIES; c++)
    gtk_check_button_set_active (self->category_checks[c],
                                 g_strv_contains ((const char * const *)categories, lifeline_category_to_string (c)));
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *step = json_array_get_object_element (array, i);
      StepText *text = g_new0 (StepText, 1);

      text->do_text = dup_member (step, "do");
      text->say = dup_member (step, "say");
      text->ask = dup_member (step, "ask");
      g_ptr_array_add (texts, text);
    }
  if (texts->len == 0)
    g_ptr_array_add (texts, g_new0 (StepText, 1));
  show_steps (self, texts);
  self->filling = FALSE;
}

static void
fill (LifelineScriptEditor *self,
      LifelineScript       *script)
{
  g_autoptr(JsonNode) node = lifeline_script_to_json_node (script);

  fill_from_object (self, json_node_get_object (node));
  self->revision = script->revision;
}

static void
on_draft_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LifelineScriptEditor) self = user_data;
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

      if (object != NULL)
        {
          fill_from_object (self, object);
          if (self->script_id != NULL)
            {
              /* It publishes over what it started from. */
              g_free (self->etag);
              self->etag = g_steal_pointer (&etag);
            }
          set_status (self, _("Your unpublished draft was restored"));
        }
    }
  else if (error != NULL)
    set_status (self, error->message);
  self->loaded = TRUE;
  update_actions (self);
}

static void
load_draft (LifelineScriptEditor *self)
{
  self->busy++;
  lifeline_lead_service_get_draft_async (self->service, "script", draft_id (self), self->cancellable,
                                         on_draft_loaded, g_object_ref (self));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(LifelineScriptEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineLeadScript) item = NULL;

  item = lifeline_lead_service_get_script_finish (LIFELINE_LEAD_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (item == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the script: %s"), error->message);

      set_status (self, text);
      update_actions (self);
      return;
    }
  fill (self, item->script);
  g_free (self->etag);
  self->etag = g_strdup (item->etag);
  {
    g_autofree char *text = g_strdup_printf (_("Revision %" PRId64), item->script->revision);

    set_status (self, text);
  }
  load_draft (self);
}

void
lifeline_script_editor_edit (LifelineScriptEditor *self,
                             const char           *id)
{
  g_return_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self));

  flush_draft (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->script_id);
  self->script_id = g_strdup (id);
  g_clear_pointer (&self->etag, g_free);
  self->revision = 0;
  self->busy = 0;
  self->loaded = FALSE;
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_object (&self->viewing);
  self->viewing_revision = 0;
  gtk_toggle_button_set_active (self->history_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->id_row), id == NULL);

  if (id == NULL)
    {
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify)step_text_free);

      g_ptr_array_add (texts, g_new0 (StepText, 1));
      self->filling = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->tags_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->id_row), "");
      for (guint c = LIFELINE_CATEGORY_NONE + 1; c < LIFELINE_N_CATEGORIES; c++)
        gtk_check_button_set_active (self->category_checks[c], FALSE);
      show_steps (self, texts);
      self->filling = FALSE;
      set_status (self, _("Not published yet"));
      if (self->service != NULL)
        load_draft (self);
      return;
    }

  set_status (self, _("Opening…"));
  update_actions (self);
  if (self->service == NULL)
    return;
  self->busy++;
  lifeline_lead_service_get_script_async (self->service, id, self->cancellable, on_loaded, g_object_ref (self));
}

static void
on_conflict_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  LifelineScriptEditor *self = user_data;
  LifelineLeadScript *current = g_object_get_data (G_OBJECT (dialog), "current");

  if (g_str_equal (response, "mine"))
    {
      g_free (self->etag);
      self->etag = g_strdup (current->etag);
      publish (self);
    }
  else if (g_str_equal (response, "theirs"))
    {
      fill (self, current->script);
      g_free (self->etag);
      self->etag = g_strdup (current->etag);
      delete_draft (self, draft_id (self));
      set_status (self, _("You took the other version; your changes were discarded"));
    }
  else
    set_status (self, _("Not published: the script changed since you opened it"));
}

static void
on_published (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LifelineScriptEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineLeadScript) item = NULL;
  LifelineLeadScript *current = NULL;

  item = lifeline_lead_service_publish_script_finish (LIFELINE_LEAD_SERVICE (source), result, &current, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  update_actions (self);
  if (item == NULL)
    {
      if (current != NULL)
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *dialog = adw_message_dialog_new (root ? GTK_WINDOW (root) : NULL,
                                                      _("Someone Else Published This Script"), NULL);

          adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s %s", error->message,
                                          _("Publish yours over it, or take theirs and lose your changes?"));
          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                            "cancel", _("_Cancel"),
                                            "theirs", _("_Take Theirs"),
                                            "mine", _("_Publish Mine"),
                                            NULL);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mine", ADW_RESPONSE_SUGGESTED);
          adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
          g_object_set_data_full (G_OBJECT (dialog), "current", current, (GDestroyNotify)lifeline_lead_script_free);
          g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response), self, 0);
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Not published: %s"), error->message);

          set_status (self, text);
        }
      return;
    }

  delete_draft (self, draft_id (self));
  g_free (self->script_id);
  self->script_id = g_strdup (item->script->id);
  g_free (self->etag);
  self->etag = g_strdup (item->etag);
  self->revision = item->script->revision;
  gtk_widget_set_visible (GTK_WIDGET (self->id_row), FALSE);
  self->n_published++;
  {
    g_autofree char *text = g_strdup_printf (_("Published revision %" PRId64), item->script->revision);

    set_status (self, text);
  }
  refresh_history (self);
  g_signal_emit (self, signals[PUBLISHED], 0, item->script->id);
}

static void
publish (LifelineScriptEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineScript) script = NULL;

  if (self->service == NULL || self->busy > 0 || !self->loaded)
    return;
  script = lifeline_script_editor_build (self, &error);
  if (script == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not published: %s"), error->message);

      set_status (self, text);
      return;
    }
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->busy++;
  update_actions (self);
  set_status (self, _("Publishing…"));
  lifeline_lead_service_publish_script_async (self->service, script, self->script_id ? self->etag : NULL,
                                              self->cancellable, on_published, g_object_ref (self));
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  publish (LIFELINE_SCRIPT_EDITOR (widget));
}

/* --- history -------------------------------------------------------------- */

static void
stop_viewing (LifelineScriptEditor *self)
{
  g_clear_object (&self->viewing);
  self->viewing_revision = 0;
  g_clear_handle_id (&self->preview_source, g_source_remove);
  on_preview_timeout (self);
}

static void
on_revisions (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LifelineScriptEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lifeline_revision_list_finish (self->revisions_list, &self->revisions, LIFELINE_LEAD_SERVICE (source),
                                      result, "script-editor.view-revision", "script-editor.restore-revision",
                                      &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, error->message);
}

static void
refresh_history (LifelineScriptEditor *self)
{
  if (!gtk_toggle_button_get_active (self->history_button) || self->service == NULL ||
      self->script_id == NULL)
    return;
  lifeline_lead_service_list_script_revisions_async (self->service, self->script_id, self->cancellable,
                                                     on_revisions, g_object_ref (self));
}

static void
view_revision_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LifelineScriptEditor *self = LIFELINE_SCRIPT_EDITOR (widget);
  LifelineArticleRevision *revision = lifeline_revision_find (self->revisions, g_variant_get_int64 (parameter));
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (revision == NULL || revision->script == NULL)
    return;
  g_set_object (&self->viewing, revision->script);
  self->viewing_revision = revision->revision;
  when = revision->at ? g_date_time_new_from_unix_local (revision->at) : NULL;
  date = when ? g_date_time_format (when, _("%e %b %Y, %H:%M")) : g_strdup ("");
  if (revision->by != NULL && *g_strstrip (date) != '\0')
    /* Translators: revision number, what changed ("Edited"), who, when */
    text = g_strdup_printf (_("Revision %" PRId64 " · %s by %s, %s — read only"), revision->revision,
                            lifeline_revision_action_label (revision->action), revision->by, date);
  else if (*date != '\0')
    /* Translators: revision number, what changed ("Imported"), when */
    text = g_strdup_printf (_("Revision %" PRId64 " · %s, %s — read only"), revision->revision,
                            lifeline_revision_action_label (revision->action), date);
  else
    /* Translators: revision number, what changed ("Imported") */
    text = g_strdup_printf (_("Revision %" PRId64 " · %s — read only"), revision->revision,
                            lifeline_revision_action_label (revision->action));
  gtk_label_set_label (self->viewing_label, text);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  on_preview_timeout (self);
}

static void
stop_viewing_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  stop_viewing (LIFELINE_SCRIPT_EDITOR (widget));
}

static void
restore_revision_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LifelineScriptEditor *self = LIFELINE_SCRIPT_EDITOR (widget);
  LifelineArticleRevision *revision = lifeline_revision_find (self->revisions, g_variant_get_int64 (parameter));
  g_autofree char *text = NULL;
  gint64 current = self->revision;

  if (revision == NULL || revision->script == NULL || self->busy > 0 || !self->loaded)
    return;
  /* Restoring publishes the old content as a new revision, over the
   * current ETag: a conflict is shown like any other. */
  stop_viewing (self);
  fill (self, revision->script);
  self->revision = current;
  text = g_strdup_printf (_("Restoring revision %" PRId64 "…"), revision->revision);
  set_status (self, text);
  publish (self);
}

/* --- the widget ----------------------------------------------------------- */

static void
lifeline_script_editor_dispose (GObject *object)
{
  LifelineScriptEditor *self = (LifelineScriptEditor *)object;

  flush_draft (self);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_object (&self->viewing);
  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->content, gtk_widget_unparent);

  G_OBJECT_CLASS (lifeline_script_editor_parent_class)->dispose (object);
}

static void
lifeline_script_editor_finalize (GObject *object)
{
  LifelineScriptEditor *self = (LifelineScriptEditor *)object;

  g_ptr_array_unref (self->steps);
  g_free (self->script_id);
  g_free (self->etag);
  g_free (self->delete_after_save);

  G_OBJECT_CLASS (lifeline_script_editor_parent_class)->finalize (object);
}

static void
lifeline_script_editor_class_init (LifelineScriptEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_script_editor_dispose;
  object_class->finalize = lifeline_script_editor_finalize;

  signals[PUBLISHED] = g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-script-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, content);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, heading_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, id_row);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, categories_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, placeholders_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, steps_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, preview_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, history_button);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, revisions_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, viewing_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineScriptEditor, viewing_label);

  gtk_widget_class_install_action (widget_class, "script-editor.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "script-editor.add-step", NULL, add_step_action);
  gtk_widget_class_install_action (widget_class, "script-editor.move-up", "u", move_up_action);
  gtk_widget_class_install_action (widget_class, "script-editor.move-down", "u", move_down_action);
  gtk_widget_class_install_action (widget_class, "script-editor.remove-step", "u", remove_step_action);
  gtk_widget_class_install_action (widget_class, "script-editor.view-revision", "x", view_revision_action);
  gtk_widget_class_install_action (widget_class, "script-editor.restore-revision", "x", restore_revision_action);
  gtk_widget_class_install_action (widget_class, "script-editor.stop-viewing", NULL, stop_viewing_action);
}

static void
lifeline_script_editor_init (LifelineScriptEditor *self)
{
  const char * const *known = lifeline_script_known_placeholders ();
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *text = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->steps = g_ptr_array_new_with_free_func (g_free);

  for (guint c = LIFELINE_CATEGORY_NONE + 1; c < LIFELINE_N_CATEGORIES; c++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (lifeline_category_get_label (c));

      self->category_checks[c] = GTK_CHECK_BUTTON (check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (schedule_preview), self);
      gtk_grid_attach (self->categories_box, check, (c - 1) % 3, (c - 1) / 3, 1, 1);
    }
  for (guint i = 0; known[i] != NULL; i++)
    g_string_append_printf (names, "%s{%s}", i > 0 ? " " : "", known[i]);
  text = g_strdup_printf (_("Placeholders the agent fills in: %s"), names->str);
  gtk_label_set_label (self->placeholders_label, text);

  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (schedule_preview), self);
  g_signal_connect_swapped (self->tags_row, "changed", G_CALLBACK (schedule_preview), self);
  g_signal_connect_swapped (self->id_row, "changed", G_CALLBACK (schedule_preview), self);
  g_signal_connect_swapped (self->history_button, "notify::active", G_CALLBACK (refresh_history), self);
  update_actions (self);
}

void
lifeline_script_editor_set_service (LifelineScriptEditor *self,
                                    LifelineLeadService  *service)
{
  g_return_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self));
  flush_draft (self);
  g_set_object (&self->service, service);
}

gboolean
lifeline_script_editor_is_idle (LifelineScriptEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self), FALSE);
  return self->loaded && self->busy == 0;
}

guint
lifeline_script_editor_get_n_published (LifelineScriptEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self), 0);
  return self->n_published;
}

guint
lifeline_script_editor_get_n_steps (LifelineScriptEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self), 0);
  return self->steps->len;
}

gboolean
lifeline_script_editor_set_step_text (LifelineScriptEditor *self,
                                      guint                 index,
                                      const char           *field,
                                      const char           *text)
{
  StepWidgets *w;

  g_return_val_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self), FALSE);

  if (index >= self->steps->len)
    return FALSE;
  w = g_ptr_array_index (self->steps, index);
  if (g_str_equal (field, "do"))
    gtk_editable_set_text (GTK_EDITABLE (w->do_entry), text);
  else if (g_str_equal (field, "say"))
    gtk_editable_set_text (GTK_EDITABLE (w->say_entry), text);
  else if (g_str_equal (field, "ask"))
    gtk_editable_set_text (GTK_EDITABLE (w->ask_entry), text);
  else
    return FALSE;
  return TRUE;
}

/* The revisions the History panel lists (LifelineArticleRevision, oldest
 * first), or NULL before they arrive. */
GPtrArray *
lifeline_script_editor_get_revisions (LifelineScriptEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self), NULL);
  return self->revisions;
}

gint64
lifeline_script_editor_get_viewing_revision (LifelineScriptEditor *self)
{
  g_return_val_if_fail (LIFELINE_IS_SCRIPT_EDITOR (self), 0);
  return self->viewing != NULL ? self->viewing_revision : 0;
}
