/* lifeline-markdown-view.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cmark parses the body; each block becomes a widget: headings and
 * paragraphs are selectable GtkLabels with Pango markup for the inlines,
 * lists are rows of a marker and their content, quotes and code get a frame.
 * Every paragraph, list item, quote and code block has a copy button, so an
 * agent can paste a phrase into a chat or an email with one click.
 */

#define G_LOG_DOMAIN "lifeline-markdown"

#include "config.h"

#include <cmark.h>
#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-markdown-view.h"

struct _LifelineMarkdownView
{
  GtkWidget  parent_instance;

  char      *markdown;
};

G_DEFINE_FINAL_TYPE (LifelineMarkdownView, lifeline_markdown_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MARKDOWN,
  N_PROPS
};

enum {
  COPIED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_node, cmark_node_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cmark_iter, cmark_iter_free)

/* Inlines */

/* The inlines under @root (and @root itself when @with_root) as Pango
 * markup and as plain text. */
static void
append_inline_tree (GString    *markup,
                    GString    *plain,
                    cmark_node *root,
                    gboolean    with_root)
{
  g_autoptr(cmark_iter) iter = cmark_iter_new (root);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      gboolean entering = event == CMARK_EVENT_ENTER;
      const char *literal;

      if (node == root && !with_root)
        continue;

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_HTML_INLINE:
          literal = cmark_node_get_literal (node);
          if (literal != NULL)
            {
              g_autofree char *escaped = g_markup_escape_text (literal, -1);

              g_string_append (markup, escaped);
              g_string_append (plain, literal);
            }
          break;

        case CMARK_NODE_CODE:
          literal = cmark_node_get_literal (node);
          if (literal != NULL)
            {
              g_autofree char *escaped = g_markup_escape_text (literal, -1);

              g_string_append_printf (markup, "<tt>%s</tt>", escaped);
              g_string_append (plain, literal);
            }
          break;

        case CMARK_NODE_SOFTBREAK:
          g_string_append_c (markup, ' ');
          g_string_append_c (plain, ' ');
          break;

        case CMARK_NODE_LINEBREAK:
          g_string_append_c (markup, '\n');
          g_string_append_c (plain, '\n');
          break;

        case CMARK_NODE_EMPH:
          g_string_append (markup, entering ? "<i>" : "</i>");
          break;

        case CMARK_NODE_STRONG:
          g_string_append (markup, entering ? "<b>" : "</b>");
          break;

        case CMARK_NODE_LINK:
          if (entering)
            {
              const char *url = cmark_node_get_url (node);
              g_autofree char *escaped = g_markup_escape_text (url ? url : "", -1);
              const char *title = cmark_node_get_title (node);

              if (title != NULL && *title != '\0')
                {
                  g_autofree char *escaped_title = g_markup_escape_text (title, -1);

                  g_string_append_printf (markup, "<a href=\"%s\" title=\"%s\">",
                                          escaped, escaped_title);
                }
              else
                g_string_append_printf (markup, "<a href=\"%s\">", escaped);
            }
          else
            g_string_append (markup, "</a>");
          break;

        /* An image shows its description: its child text nodes. */
        case CMARK_NODE_IMAGE:
        case CMARK_NODE_CUSTOM_INLINE:
          break;

        case CMARK_NODE_NONE:
        case CMARK_NODE_DOCUMENT:
        case CMARK_NODE_BLOCK_QUOTE:
        case CMARK_NODE_LIST:
        case CMARK_NODE_ITEM:
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_CUSTOM_BLOCK:
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
        case CMARK_NODE_THEMATIC_BREAK:
        default:
          break;
        }
    }
}

static void
append_inlines (GString    *markup,
                GString    *plain,
                cmark_node *block)
{
  append_inline_tree (markup, plain, block, FALSE);
}

char *
lifeline_markdown_to_pango (const char *markdown)
{
  g_autoptr(cmark_node) document = NULL;
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);

  g_return_val_if_fail (markdown != NULL, NULL);

  document = cmark_parse_document (markdown, strlen (markdown), CMARK_OPT_DEFAULT);
  for (cmark_node *block = cmark_node_first_child (document);
       block != NULL;
       block = cmark_node_next (block))
    {
      if (markup->len > 0)
        g_string_append (markup, "\n\n");
      append_inlines (markup, plain, block);
    }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

/* Plain text of a whole block, for the clipboard: paragraphs apart by a
 * blank line, list items on their own lines. */
static void
append_plain_text (GString    *plain,
                   cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      {
        g_autoptr(GString) ignored = g_string_new (NULL);

        if (plain->len > 0 && plain->str[plain->len - 1] != '\n')
          g_string_append (plain, "\n");
        append_inlines (ignored, plain, node);
      }
      break;

    case CMARK_NODE_CODE_BLOCK:
      if (plain->len > 0 && plain->str[plain->len - 1] != '\n')
        g_string_append (plain, "\n");
      g_string_append (plain, cmark_node_get_literal (node));
      while (plain->len > 0 && plain->str[plain->len - 1] == '\n')
        g_string_truncate (plain, plain->len - 1);
      break;

    case CMARK_NODE_NONE:
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_CUSTOM_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_CUSTOM_INLINE:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
    default:
      for (cmark_node *child = cmark_node_first_child (node);
           child != NULL;
           child = cmark_node_next (child))
        append_plain_text (plain, child);
      break;
    }
}

/* Blocks */

static GtkWidget *
new_text_label (const char *markup,
                const char *style_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

static GtkWidget *
new_copy_button_for_text (const char *text,
                          const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "lifeline-copy");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "markdown.copy");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (text));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

static GtkWidget *
new_copy_button (cmark_node *node,
                 const char *tooltip)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  append_plain_text (plain, node);
  return new_copy_button_for_text (plain->str, tooltip);
}

/* @content beside @button. */
static GtkWidget *
with_button (GtkWidget *content,
             GtkWidget *button)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_hexpand (content, TRUE);
  gtk_box_append (GTK_BOX (row), content);
  gtk_box_append (GTK_BOX (row), button);
  return row;
}

/* @content beside a copy button for the text of @node. */
static GtkWidget *
with_copy_button (GtkWidget  *content,
                  cmark_node *node,
                  const char *tooltip)
{
  return with_button (content, new_copy_button (node, tooltip));
}

static GtkWidget *render_block (cmark_node *node,
                                gboolean    copyable);

static void
render_children (GtkBox     *box,
                 cmark_node *parent,
                 gboolean    copyable)
{
  for (cmark_node *child = cmark_node_first_child (parent);
       child != NULL;
       child = cmark_node_next (child))
    {
      GtkWidget *widget = render_block (child, copyable);

      if (widget != NULL)
        gtk_box_append (box, widget);
    }
}

static GtkWidget *
render_paragraph (cmark_node *node,
                  const char *style_class)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GString) plain = g_string_new (NULL);

  append_inlines (markup, plain, node);
  return new_text_label (markup->str, style_class);
}

/* Pipe tables (GitHub's extension, which plain cmark reads as a paragraph):
 * a header line, a delimiter line of dashes, then rows. */

typedef struct
{
  GPtrArray *cells;     /* of GString: markup */
  GString   *plain;     /* the line as typed */
} TableLine;

static void
gstring_free (GString *string)
{
  g_string_free (string, TRUE);
}

static void
table_line_free (TableLine *line)
{
  g_ptr_array_unref (line->cells);
  g_string_free (line->plain, TRUE);
  g_free (line);
}

static void
table_line_end_cell (TableLine *line,
                     GString  **cell)
{
  g_strstrip ((*cell)->str);
  g_string_set_size (*cell, strlen ((*cell)->str));
  g_ptr_array_add (line->cells, *cell);
  *cell = g_string_new (NULL);
}

static GPtrArray *
split_table_lines (cmark_node *paragraph)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify)table_line_free);
  TableLine *line = NULL;
  GString *cell = NULL;

  for (cmark_node *node = cmark_node_first_child (paragraph); ; node = cmark_node_next (node))
    {
      cmark_node_type type = node ? cmark_node_get_type (node) : CMARK_NODE_NONE;

      if (node == NULL || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
        {
          if (line != NULL)
            {
              table_line_end_cell (line, &cell);
              g_string_free (cell, TRUE);
              cell = NULL;
              g_ptr_array_add (lines, line);
              line = NULL;
            }
          if (node == NULL)
            break;
          continue;
        }

      if (line == NULL)
        {
          line = g_new0 (TableLine, 1);
          line->cells = g_ptr_array_new_with_free_func ((GDestroyNotify)gstring_free);
          line->plain = g_string_new (NULL);
          cell = g_string_new (NULL);
        }

      if (type == CMARK_NODE_TEXT)
        {
          g_auto(GStrv) pieces = g_strsplit (cmark_node_get_literal (node), "|", -1);

          g_string_append (line->plain, cmark_node_get_literal (node));
          for (guint i = 0; pieces[i] != NULL; i++)
            {
              g_autofree char *escaped = g_markup_escape_text (pieces[i], -1);

              if (i > 0)
                table_line_end_cell (line, &cell);
              g_string_append (cell, escaped);
            }
        }
      else
        append_inline_tree (cell, line->plain, node, TRUE);
    }

  return lines;
}

static gboolean
is_delimiter_line (const char *text)
{
  gboolean dash = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '-')
        dash = TRUE;
      else if (*p != '|' && *p != ':' && *p != ' ' && *p != '\t')
        return FALSE;
    }

  return dash && strchr (text, '|') != NULL;
}

/* The cells of a line without the empty ones outside its first and last pipe. */
static void
trim_outer_cells (TableLine *line)
{
  g_autofree char *plain = g_strstrip (g_strdup (line->plain->str));
  gsize len = strlen (plain);

  if (len > 0 && plain[len - 1] == '|' && line->cells->len > 1)
    g_ptr_array_remove_index (line->cells, line->cells->len - 1);
  if (plain[0] == '|' && line->cells->len > 1)
    g_ptr_array_remove_index (line->cells, 0);
}

static GtkWidget *
render_table (cmark_node *paragraph)
{
  g_autoptr(GPtrArray) lines = split_table_lines (paragraph);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *grid;
  guint columns;
  int row = 0;

  if (lines->len < 2 ||
      !is_delimiter_line (((TableLine *)g_ptr_array_index (lines, 1))->plain->str))
    return NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      TableLine *line = g_ptr_array_index (lines, i);

      if (strchr (line->plain->str, '|') == NULL)
        return NULL;
      trim_outer_cells (line);
    }

  columns = ((TableLine *)g_ptr_array_index (lines, 0))->cells->len;
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "lifeline-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Table"),
                                  -1);

  for (guint i = 0; i < lines->len; i++)
    {
      TableLine *line = g_ptr_array_index (lines, i);

      if (i == 1)
        continue;  /* the delimiter */

      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line->plain->str);

      for (guint column = 0; column < columns; column++)
        {
          GString *cell = column < line->cells->len ? g_ptr_array_index (line->cells, column) : NULL;
          GtkWidget *label = new_text_label (cell ? cell->str : "", i == 0 ? "heading" : NULL);

          gtk_widget_set_valign (label, GTK_ALIGN_START);
          gtk_grid_attach (GTK_GRID (grid), label, column, row, 1, 1);
        }
      row++;

      if (i == 0)
        {
          GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

          gtk_grid_attach (GTK_GRID (grid), separator, 0, row++, columns, 1);
        }
    }

  return with_button (grid, new_copy_button_for_text (text->str, _("Copy table")));
}

static GtkWidget *
render_list (cmark_node *node)
{
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gboolean ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start (node);

  gtk_widget_add_css_class (list, "lifeline-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ordered ? _("Steps") : _("List"),
                                  -1);

  for (cmark_node *item = cmark_node_first_child (node);
       item != NULL;
       item = cmark_node_next (item), number++)
    {
      g_autofree char *marker_text = ordered ? g_strdup_printf ("%d.", number) : g_strdup ("•");
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *marker = gtk_label_new (marker_text);
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      gtk_label_set_xalign (GTK_LABEL (marker), 1.0);
      gtk_label_set_width_chars (GTK_LABEL (marker), ordered ? 3 : 2);
      gtk_widget_set_valign (marker, GTK_ALIGN_START);
      gtk_widget_add_css_class (marker, ordered ? "lifeline-step-number" : "dim-label");
      gtk_box_append (GTK_BOX (row), marker);

      gtk_widget_set_hexpand (content, TRUE);
      render_children (GTK_BOX (content), item, FALSE);
      gtk_box_append (GTK_BOX (row), content);
      gtk_box_append (GTK_BOX (row),
                      new_copy_button (item, ordered ? _("Copy step") : _("Copy item")));

      gtk_box_append (GTK_BOX (list), row);
    }

  return list;
}

static GtkWidget *
render_block (cmark_node *node,
              gboolean    copyable)
{
  GtkWidget *widget;

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_HEADING:
      {
        int level = cmark_node_get_heading_level (node);

        widget = render_paragraph (node, level <= 1 ? "title-2" : level == 2 ? "title-4" : "heading");
        gtk_widget_add_css_class (widget, "lifeline-heading");
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_PROPERTY_LEVEL, level,
                                        -1);
        return widget;
      }

    case CMARK_NODE_PARAGRAPH:
      widget = render_table (node);
      if (widget != NULL)
        return widget;
      widget = render_paragraph (node, NULL);
      if (copyable)
        return with_copy_button (widget, node, _("Copy paragraph"));
      return widget;

    case CMARK_NODE_LIST:
      return render_list (node);

    case CMARK_NODE_BLOCK_QUOTE:
      {
        GtkWidget *quote = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

        gtk_widget_add_css_class (quote, "lifeline-quote");
        render_children (GTK_BOX (quote), node, FALSE);
        return with_copy_button (quote, node, _("Copy quote"));
      }

    case CMARK_NODE_CODE_BLOCK:
      {
        g_autofree char *text = g_strdup (cmark_node_get_literal (node));
        GtkWidget *label;

        g_strchomp (text);
        label = gtk_label_new (text);
        gtk_label_set_selectable (GTK_LABEL (label), TRUE);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_widget_add_css_class (label, "monospace");
        gtk_widget_add_css_class (label, "lifeline-code");
        return with_copy_button (label, node, _("Copy code"));
      }

    case CMARK_NODE_HTML_BLOCK:
      {
        g_autofree char *escaped = g_markup_escape_text (cmark_node_get_literal (node), -1);

        g_strchomp (escaped);
        return new_text_label (escaped, "dim-label");
      }

    case CMARK_NODE_THEMATIC_BREAK:
      return gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

    case CMARK_NODE_ITEM:
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_CUSTOM_BLOCK:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

        render_children (GTK_BOX (box), node, copyable);
        return box;
      }

    case CMARK_NODE_NONE:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_CUSTOM_INLINE:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
    default:
      return NULL;
    }
}

static void
clear_children (LifelineMarkdownView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

static void
rebuild (LifelineMarkdownView *self)
{
  g_autoptr(cmark_node) document = NULL;

  clear_children (self);

  if (self->markdown == NULL || *self->markdown == '\0')
    return;

  document = cmark_parse_document (self->markdown, strlen (self->markdown), CMARK_OPT_DEFAULT);
  for (cmark_node *block = cmark_node_first_child (document);
       block != NULL;
       block = cmark_node_next (block))
    {
      GtkWidget *widget = render_block (block, TRUE);

      if (widget != NULL)
        gtk_widget_set_parent (widget, GTK_WIDGET (self));
    }
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  const char *text = g_variant_get_string (parameter, NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  g_signal_emit (widget, signals[COPIED], 0, text);
}

static void
lifeline_markdown_view_dispose (GObject *object)
{
  clear_children (LIFELINE_MARKDOWN_VIEW (object));

  G_OBJECT_CLASS (lifeline_markdown_view_parent_class)->dispose (object);
}

static void
lifeline_markdown_view_finalize (GObject *object)
{
  LifelineMarkdownView *self = (LifelineMarkdownView *)object;

  g_clear_pointer (&self->markdown, g_free);

  G_OBJECT_CLASS (lifeline_markdown_view_parent_class)->finalize (object);
}

static void
lifeline_markdown_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LifelineMarkdownView *self = LIFELINE_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MARKDOWN:
      g_value_set_string (value, self->markdown);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lifeline_markdown_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LifelineMarkdownView *self = LIFELINE_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MARKDOWN:
      lifeline_markdown_view_set_markdown (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lifeline_markdown_view_class_init (LifelineMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_markdown_view_dispose;
  object_class->finalize = lifeline_markdown_view_finalize;
  object_class->get_property = lifeline_markdown_view_get_property;
  object_class->set_property = lifeline_markdown_view_set_property;

  properties[PROP_MARKDOWN] =
    g_param_spec_string ("markdown", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LifelineMarkdownView::copied:
   * @text: what was put on the clipboard
   *
   * A copy button put @text on the clipboard.
   */
  signals[COPIED] =
    g_signal_new ("copied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "markdown.copy", "s", copy_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdownview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lifeline_markdown_view_init (LifelineMarkdownView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
}

GtkWidget *
lifeline_markdown_view_new (void)
{
  return g_object_new (LIFELINE_TYPE_MARKDOWN_VIEW, NULL);
}

const char *
lifeline_markdown_view_get_markdown (LifelineMarkdownView *self)
{
  g_return_val_if_fail (LIFELINE_IS_MARKDOWN_VIEW (self), NULL);
  return self->markdown;
}

void
lifeline_markdown_view_set_markdown (LifelineMarkdownView *self,
                                     const char           *markdown)
{
  g_return_if_fail (LIFELINE_IS_MARKDOWN_VIEW (self));

  if (g_strcmp0 (self->markdown, markdown) == 0)
    return;

  g_free (self->markdown);
  self->markdown = g_strdup (markdown);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKDOWN]);
}
