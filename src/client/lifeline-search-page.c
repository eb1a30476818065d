/* lifeline-search-page.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every keystroke cancels the query before it and queues a new one on the
 * search worker; results replace the rows in place (rows are reused), so a
 * keystroke costs the main loop a few label updates. With LIFELINE_TRACE=1,
 * each search prints the time from the entry's "changed" to the results in
 * the list (model-ms) and to the next painted frame (frame-ms).
 */

#define G_LOG_DOMAIN "lifeline-search"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-article-page.h"
#include "lifeline-freshness.h"
#include "lifeline-result-row.h"
#include "lifeline-search-page.h"
#include "lifeline-widget-util.h"
#include "lifeline-trace.h"

/* Enough to fill a tall window; nobody reads further while on a call. */
#define RESULT_LIMIT 20

struct _LifelineSearchPage
{
  GtkWidget             parent_instance;

  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  GtkScrolledWindow    *home_scroller;
  GtkBox               *home_box;
  GtkScrolledWindow    *results_scroller;
  GtkListBox           *results_list;
  AdwStatusPage        *no_results_page;
  GtkButton            *suggestion_button;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  LifelineArticlePage  *article_page;

  LifelineSearchWorker *worker;
  GCancellable         *query_cancellable;
  GCancellable         *open_cancellable;

  GPtrArray            *result_rows;     /* LifelineResultRow in results_list, reused */
  GPtrArray            *nav_rows;        /* the rows Up/Down walk through, in order */
  int                   selected;        /* index into nav_rows, or -1 */
  GtkScrolledWindow    *nav_scroller;    /* the scroller holding nav_rows */
  char                 *list_view;       /* the view to go back to from an article */
  char                 *suggestion;
  char                 *article_id;
  char                 *shown_query;

  guint                 prepare_rows_id;

  GPtrArray            *frame_traces;    /* SearchTrace waiting for the next painted frame */
  gulong                after_paint_id;
  GdkFrameClock        *trace_clock;
};

G_DEFINE_FINAL_TYPE (LifelineSearchPage, lifeline_search_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ARTICLE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  LifelineSearchPage *self;
  char               *query;
  gint64              changed_at;   /* monotonic µs of the entry's "changed" */
  double              model_ms;
  guint               n_results;
} SearchTrace;

static void
search_trace_free (SearchTrace *trace)
{
  g_clear_object (&trace->self);
  g_free (trace->query);
  g_free (trace);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchTrace, search_trace_free)

/* Views */

static void
set_view (LifelineSearchPage *self,
          const char         *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
}

static gboolean
showing_article (LifelineSearchPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "article") == 0;
}

static void
set_article_id (LifelineSearchPage *self,
                const char         *id)
{
  if (g_strcmp0 (self->article_id, id) == 0)
    return;

  g_free (self->article_id);
  self->article_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
}

/* Shows the results (or the start view) for the current text again. */
static void
show_list (LifelineSearchPage *self)
{
  set_view (self, self->list_view);
  set_article_id (self, NULL);
}

static void
on_view_changed (LifelineSearchPage *self)
{
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (lifeline_search_page_get_view (self), "loading") == 0);
}

static void
focus_entry_keeping_text (LifelineSearchPage *self)
{
  GtkWidget *focus;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  focus = root ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry)))
    return;

  /* The entry's text child: grab it without selecting, so typing goes on. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->search_entry));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TEXT (child))
      {
        gtk_text_grab_focus_without_selecting (GTK_TEXT (child));
        return;
      }

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Selection with Up and Down, across every list of the view */

static void
scroll_to_widget (GtkScrolledWindow *scroller,
                  GtkWidget         *widget)
{
  GtkWidget *content = gtk_scrolled_window_get_child (scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  graphene_point_t point;
  double top, bottom, value, page;

  if (content == NULL ||
      !gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &point))
    return;

  top = point.y;
  bottom = top + gtk_widget_get_height (widget);
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);

  if (top < value)
    gtk_adjustment_set_value (adjustment, top);
  else if (bottom > value + page)
    gtk_adjustment_set_value (adjustment, bottom - page);
}

static void
select_nav_row (LifelineSearchPage *self,
                int                 index)
{
  GtkWidget *row;
  GtkWidget *list;

  if (self->nav_rows->len == 0)
    {
      self->selected = -1;
      return;
    }

  index = CLAMP (index, 0, (int)self->nav_rows->len - 1);

  /* Only one row is selected in the whole view, even across sections. */
  for (guint i = 0; i < self->nav_rows->len; i++)
    {
      GtkWidget *other = g_ptr_array_index (self->nav_rows, i);

      if ((int)i != index && gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (other)))
        gtk_list_box_unselect_row (GTK_LIST_BOX (gtk_widget_get_parent (other)),
                                   GTK_LIST_BOX_ROW (other));
    }

  row = g_ptr_array_index (self->nav_rows, index);
  list = gtk_widget_get_parent (row);
  gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row));
  self->selected = index;

  if (self->nav_scroller != NULL)
    scroll_to_widget (self->nav_scroller, row);
}

static void
move_selection (LifelineSearchPage *self,
                int                 delta)
{
  if (showing_article (self))
    {
      lifeline_article_page_scroll (self->article_page,
                                    delta > 0 ? GTK_SCROLL_STEP_DOWN : GTK_SCROLL_STEP_UP);
      return;
    }

  if (self->selected < 0)
    select_nav_row (self, delta > 0 ? 0 : (int)self->nav_rows->len - 1);
  else
    select_nav_row (self, self->selected + delta);
}

/* Opening */

static void
on_article_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LifelineSearchPage) self = user_data;
  g_autoptr(LifelineArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  article = lifeline_search_worker_open_article_finish (LIFELINE_SEARCH_WORKER (object), result, &error);
  if (article == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not open the article: %s"), error->message);

          g_warning ("%s", message);
          adw_status_page_set_description (self->error_page, message);
          set_view (self, "error");
        }
      return;
    }

  lifeline_article_page_set_article (self->article_page, article, lifeline_freshness_now ());
  set_view (self, "article");
  set_article_id (self, article->id);
  focus_entry_keeping_text (self);
}

void
lifeline_search_page_open_article (LifelineSearchPage *self,
                                   const char         *id)
{
  g_return_if_fail (LIFELINE_IS_SEARCH_PAGE (self));
  g_return_if_fail (id != NULL);

  if (self->worker == NULL)
    return;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  lifeline_search_worker_open_article_async (self->worker, id,
                                             gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                             lifeline_freshness_now (),
                                             self->open_cancellable,
                                             on_article_opened, g_object_ref (self));
}

static void
open_row (LifelineSearchPage *self,
          LifelineResultRow  *row)
{
  const char *id = lifeline_result_row_get_id (row);

  switch (lifeline_result_row_get_kind (row))
    {
    case LIFELINE_HIT_SCRIPT:
      /* The recovery page walks the script; without it, nothing to do. */
      if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.open-script", "s", id))
        {
          g_debug ("No win.open-script action to open script %s", id);
          break;
        }
      if (self->worker != NULL)
        lifeline_search_worker_record_open (self->worker, LIFELINE_HIT_SCRIPT, id,
                                            gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                            lifeline_freshness_now ());
      break;

    case LIFELINE_HIT_ARTICLE:
      lifeline_search_page_open_article (self, id);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_row_activated (LifelineSearchPage *self,
                  GtkListBoxRow      *row)
{
  if (LIFELINE_IS_RESULT_ROW (row))
    open_row (self, LIFELINE_RESULT_ROW (row));
}

static void
on_search_activate (LifelineSearchPage *self)
{
  GtkWidget *row;

  if (showing_article (self) || self->nav_rows->len == 0)
    return;

  row = g_ptr_array_index (self->nav_rows, MAX (self->selected, 0));
  open_row (self, LIFELINE_RESULT_ROW (row));
}

/* Escape: from an article back to the list, then clear the entry. */
static void
go_back (LifelineSearchPage *self)
{
  if (showing_article (self))
    {
      g_cancellable_cancel (self->open_cancellable);
      show_list (self);
      focus_entry_keeping_text (self);
      if (self->selected >= 0)
        select_nav_row (self, self->selected);
      return;
    }

  g_cancellable_cancel (self->open_cancellable);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  focus_entry_keeping_text (self);
}

static void
on_stop_search (LifelineSearchPage *self)
{
  go_back (self);
}

static void
on_next_match (LifelineSearchPage *self)
{
  move_selection (self, 1);
}

static void
on_previous_match (LifelineSearchPage *self)
{
  move_selection (self, -1);
}

static gboolean
on_entry_key_pressed (LifelineSearchPage *self,
                      guint               keyval,
                      guint               keycode,
                      GdkModifierType     state)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      if (!showing_article (self))
        return GDK_EVENT_PROPAGATE;
      lifeline_article_page_scroll (self->article_page, GTK_SCROLL_PAGE_DOWN);
      return GDK_EVENT_STOP;

    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      if (!showing_article (self))
        return GDK_EVENT_PROPAGATE;
      lifeline_article_page_scroll (self->article_page, GTK_SCROLL_PAGE_UP);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/* Results */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
show_home (LifelineSearchPage    *self,
           LifelineSearchResults *results,
           gint64                 now)
{
  clear_box (self->home_box);
  g_ptr_array_set_size (self->nav_rows, 0);

  if (results->sections->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-search-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Search While You Talk"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("Type what the caller says: answers appear with every key."));
      gtk_widget_add_css_class (status, "compact");
      gtk_widget_set_vexpand (status, TRUE);
      gtk_box_append (self->home_box, status);
    }

  for (guint i = 0; i < results->sections->len; i++)
    {
      LifelineResultSection *section = g_ptr_array_index (results->sections, i);
      GtkWidget *heading = gtk_label_new (section->title);
      GtkWidget *list = gtk_list_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_top (heading, i == 0 ? 6 : 18);
      gtk_widget_set_margin_bottom (heading, 6);
      gtk_box_append (self->home_box, heading);

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_widget_add_css_class (list, "lifeline-results");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, section->title,
                                      -1);
      g_signal_connect_object (list, "row-activated", G_CALLBACK (on_row_activated), self,
                               G_CONNECT_SWAPPED);

      for (guint j = 0; j < section->items->len; j++)
        {
          GtkWidget *row = lifeline_result_row_new ();

          lifeline_result_row_set_item (LIFELINE_RESULT_ROW (row),
                                        g_ptr_array_index (section->items, j), now);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
          g_ptr_array_add (self->nav_rows, g_object_ref (row));
        }
      gtk_box_append (self->home_box, list);
    }

  /* On the start view nothing is picked until the agent presses Down. */
  self->selected = -1;
  self->nav_scroller = self->home_scroller;
  g_free (self->list_view);
  self->list_view = g_strdup ("home");
}

static void
show_hits (LifelineSearchPage    *self,
           LifelineResultSection *section,
           gint64                 now)
{
  GtkAdjustment *adjustment;
  guint n = section->items->len;

  g_ptr_array_set_size (self->nav_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row;

      if (i < self->result_rows->len)
        row = g_ptr_array_index (self->result_rows, i);
      else
        {
          row = lifeline_result_row_new ();
          gtk_list_box_append (self->results_list, row);
          g_ptr_array_add (self->result_rows, g_object_ref (row));
        }

      lifeline_result_row_set_item (LIFELINE_RESULT_ROW (row),
                                    g_ptr_array_index (section->items, i), now);
      gtk_widget_set_visible (row, TRUE);
      g_ptr_array_add (self->nav_rows, g_object_ref (row));
    }

  /* Spare rows wait, hidden, for a longer list. */
  for (guint i = n; i < self->result_rows->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->result_rows, i), FALSE);

  adjustment = gtk_scrolled_window_get_vadjustment (self->results_scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));

  /* The best hit is picked, so Enter opens it. */
  self->nav_scroller = self->results_scroller;
  select_nav_row (self, 0);
  g_free (self->list_view);
  self->list_view = g_strdup ("results");
}

static void
show_no_results (LifelineSearchPage    *self,
                 LifelineSearchResults *results)
{
  g_autofree char *description = NULL;
  g_autofree char *query = g_strstrip (g_strdup (results->query));

  g_ptr_array_set_size (self->nav_rows, 0);
  self->selected = -1;

  /* Translators: %s is what the agent typed */
  description = g_strdup_printf (_("Nothing in the knowledge base matches “%s”. "
                                   "Try the caller's other words, or ask a lead."),
                                 query);
  adw_status_page_set_description (self->no_results_page, description);

  g_free (self->suggestion);
  self->suggestion = g_strdup (results->suggestion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.use-suggestion", self->suggestion != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_button), self->suggestion != NULL);
  if (self->suggestion != NULL)
    {
      /* Translators: %s is the nearest spelling the knowledge base knows */
      g_autofree char *label = g_strdup_printf (_("Did you mean “%s”?"), self->suggestion);

      gtk_button_set_label (self->suggestion_button, label);
    }

  g_free (self->list_view);
  self->list_view = g_strdup ("no-results");
}

static void
on_after_paint (GdkFrameClock      *clock,
                LifelineSearchPage *self)
{
  gint64 painted_at = g_get_monotonic_time ();

  for (guint i = 0; i < self->frame_traces->len; i++)
    {
      SearchTrace *trace = g_ptr_array_index (self->frame_traces, i);
      g_autoptr(GString) quoted = g_string_new (NULL);

      for (const char *p = trace->query; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (quoted, '\\');
          g_string_append_c (quoted, *p == '\n' ? ' ' : *p);
        }

      lifeline_trace_line ("search q=\"%s\" results=%u model-ms=%.1f frame-ms=%.1f",
                           quoted->str, trace->n_results, trace->model_ms,
                           (painted_at - trace->changed_at) / 1000.0);
    }
  g_ptr_array_set_size (self->frame_traces, 0);

  g_clear_signal_handler (&self->after_paint_id, clock);
  g_clear_object (&self->trace_clock);
}

static void
trace_until_painted (LifelineSearchPage *self,
                     SearchTrace        *trace)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL)
    {
      search_trace_free (trace);
      return;
    }

  /* The page owns the list: no reference back to it. */
  g_clear_object (&trace->self);
  g_ptr_array_add (self->frame_traces, trace);
  if (self->after_paint_id == 0)
    {
      self->trace_clock = g_object_ref (clock);
      self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_search_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SearchTrace) trace = user_data;
  g_autoptr(LifelineSearchResults) results = NULL;
  g_autoptr(GError) error = NULL;
  LifelineSearchPage *self = trace->self;
  gint64 now = lifeline_freshness_now ();
  g_autofree char *stripped = NULL;

  results = lifeline_search_worker_search_finish (LIFELINE_SEARCH_WORKER (object), result, &error);
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Search for “%s” failed: %s", trace->query, error->message);
      adw_status_page_set_description (self->error_page, error->message);
      g_free (self->list_view);
      self->list_view = g_strdup ("error");
      if (!showing_article (self))
        set_view (self, "error");
      return;
    }

  g_free (self->shown_query);
  self->shown_query = g_strdup (results->query);

  stripped = g_strstrip (g_strdup (results->query));
  if (*stripped == '\0')
    show_home (self, results, now);
  else if (results->n_items == 0)
    show_no_results (self, results);
  else
    show_hits (self, g_ptr_array_index (results->sections, 0), now);

  if (!showing_article (self))
    set_view (self, self->list_view);

  if (lifeline_trace_enabled ())
    {
      trace->model_ms = (g_get_monotonic_time () - trace->changed_at) / 1000.0;
      trace->n_results = results->n_items;
      trace_until_painted (self, g_steal_pointer (&trace));
    }
}

static void
run_query (LifelineSearchPage *self,
           gint64              changed_at)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  SearchTrace *trace;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();

  if (self->worker == NULL)
    return;

  /* Until the knowledge base is loaded the query waits in the worker; say
   * so when the agent typed something (the start view just fills in). */
  if (!lifeline_search_worker_get_ready (self->worker) && *text != '\0' && !showing_article (self))
    set_view (self, "loading");

  trace = g_new0 (SearchTrace, 1);
  trace->self = g_object_ref (self);
  trace->query = g_strdup (text);
  trace->changed_at = changed_at;

  lifeline_search_worker_search_async (self->worker, text, RESULT_LIMIT,
                                       lifeline_freshness_now (),
                                       self->query_cancellable,
                                       on_search_done, trace);
}

static void
on_search_changed (LifelineSearchPage *self)
{
  gint64 changed_at = g_get_monotonic_time ();

  /* Typing while reading an article is a new search. */
  if (showing_article (self))
    {
      g_cancellable_cancel (self->open_cancellable);
      show_list (self);
    }

  run_query (self, changed_at);
}

static void
use_suggestion_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LifelineSearchPage *self = LIFELINE_SEARCH_PAGE (widget);
  g_autofree char *suggestion = g_strdup (self->suggestion);

  if (suggestion == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), suggestion);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  focus_entry_keeping_text (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go_back (LIFELINE_SEARCH_PAGE (widget));
}

static void
lifeline_search_page_dispose (GObject *object)
{
  LifelineSearchPage *self = (LifelineSearchPage *)object;

  g_cancellable_cancel (self->query_cancellable);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_handle_id (&self->prepare_rows_id, g_source_remove);
  if (self->trace_clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->trace_clock);
  g_clear_object (&self->trace_clock);
  g_clear_pointer (&self->frame_traces, g_ptr_array_unref);
  g_clear_pointer (&self->nav_rows, g_ptr_array_unref);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);

  lifeline_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (lifeline_search_page_parent_class)->dispose (object);
}

static void
lifeline_search_page_finalize (GObject *object)
{
  LifelineSearchPage *self = (LifelineSearchPage *)object;

  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->open_cancellable);
  g_free (self->list_view);
  g_free (self->suggestion);
  g_free (self->article_id);
  g_free (self->shown_query);

  G_OBJECT_CLASS (lifeline_search_page_parent_class)->finalize (object);
}

static void
lifeline_search_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LifelineSearchPage *self = LIFELINE_SEARCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_ARTICLE_ID:
      g_value_set_string (value, self->article_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lifeline_search_page_class_init (LifelineSearchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_search_page_dispose;
  object_class->finalize = lifeline_search_page_finalize;
  object_class->get_property = lifeline_search_page_get_property;

  /**
   * LifelineSearchPage:article-id:
   *
   * The id of the article on screen, or %NULL: a mistake report names it.
   */
  properties[PROP_ARTICLE_ID] =
    g_param_spec_string ("article-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LIFELINE_TYPE_ARTICLE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-search-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, home_scroller);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, home_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, suggestion_button);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, LifelineSearchPage, article_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_next_match);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_match);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);

  gtk_widget_class_install_action (widget_class, "search.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "search.use-suggestion", NULL, use_suggestion_action);
  /* Escape anywhere in the page (the entry handles its own). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "search.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchpage");
}

static void
lifeline_search_page_init (LifelineSearchPage *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->result_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->nav_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->frame_traces = g_ptr_array_new_with_free_func ((GDestroyNotify)search_trace_free);
  self->selected = -1;
  self->list_view = g_strdup ("home");
  self->query_cancellable = g_cancellable_new ();
  self->open_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.use-suggestion", FALSE);
}

GtkWidget *
lifeline_search_page_new (void)
{
  return g_object_new (LIFELINE_TYPE_SEARCH_PAGE, NULL);
}

/* Rows for a full list of results, made while the agent has not typed yet,
 * so that the first keystroke only fills them in. */
static gboolean
prepare_rows_cb (gpointer user_data)
{
  LifelineSearchPage *self = LIFELINE_SEARCH_PAGE (user_data);

  self->prepare_rows_id = 0;
  while (self->result_rows->len < RESULT_LIMIT)
    {
      GtkWidget *row = lifeline_result_row_new ();

      gtk_widget_set_visible (row, FALSE);
      gtk_list_box_append (self->results_list, row);
      g_ptr_array_add (self->result_rows, g_object_ref (row));
    }

  return G_SOURCE_REMOVE;
}

void
lifeline_search_page_set_worker (LifelineSearchPage   *self,
                                 LifelineSearchWorker *worker)
{
  g_return_if_fail (LIFELINE_IS_SEARCH_PAGE (self));
  g_return_if_fail (worker == NULL || LIFELINE_IS_SEARCH_WORKER (worker));

  if (!g_set_object (&self->worker, worker))
    return;

  lifeline_article_page_set_worker (self->article_page, worker);
  /* Fill the start view (or search what was typed before the worker came). */
  run_query (self, g_get_monotonic_time ());

  if (self->prepare_rows_id == 0 && self->result_rows->len == 0)
    self->prepare_rows_id = g_timeout_add_full (G_PRIORITY_LOW, 300, prepare_rows_cb, self, NULL);
}

GtkSearchEntry *
lifeline_search_page_get_search_entry (LifelineSearchPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_SEARCH_PAGE (self), NULL);
  return self->search_entry;
}

void
lifeline_search_page_focus_search (LifelineSearchPage *self)
{
  g_return_if_fail (LIFELINE_IS_SEARCH_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
lifeline_search_page_search (LifelineSearchPage *self,
                             const char         *text)
{
  g_return_if_fail (LIFELINE_IS_SEARCH_PAGE (self));
  g_return_if_fail (text != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  if (showing_article (self))
    show_list (self);
  focus_entry_keeping_text (self);
}

const char *
lifeline_search_page_get_article_id (LifelineSearchPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_SEARCH_PAGE (self), NULL);
  return self->article_id;
}

const char *
lifeline_search_page_get_shown_query (LifelineSearchPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_SEARCH_PAGE (self), NULL);
  return self->shown_query;
}

const char *
lifeline_search_page_get_view (LifelineSearchPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_SEARCH_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
