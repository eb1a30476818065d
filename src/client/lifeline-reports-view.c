/* lifeline-reports-view.c — the team lead's "Reports" page: read, and coach
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports newest first, with category, root cause, the agent's note and
 * recovery notes, and the feedback already given. Picking one opens the
 * composer, with supportive templates to start from. With a server the
 * server decides what a lead may see (docs/api.md: confidential reports come
 * without identity, cut to their day, and only in groups of 5); standalone,
 * the same rule is applied to the local reports. What the lead wrote stays
 * in the composer until the server has taken it.
 */

#define G_LOG_DOMAIN "lifeline-reports-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lifeline-core.h"
#include "lifeline-lead-page.h"
#include "lifeline-reports-view.h"
#include "lifeline-widget-util.h"
#include "lifeline-stats.h"

#define PAGE_SIZE 100
#define DAY (24 * 60 * 60)

typedef struct
{
  LifelineReport *report;
  char           *reporter;    /* NULL: confidential, or not known */
  GPtrArray      *feedback;    /* of char *, oldest first */
} Item;

struct _LifelineReportsView
{
  GtkWidget            parent_instance;

  char                *db_path;
  LifelineApiClient   *client;
  GCancellable        *cancellable;
  GPtrArray           *items;        /* of Item, newest first */
  char                *next;         /* the server's cursor for older ones */
  Item                *selected;
  gboolean             sending;

  /* template */
  GtkLabel            *summary_label;
  GtkListBox          *list;
  GtkWidget           *more_button;
  GtkStack            *detail_stack;
  GtkLabel            *detail_title;
  GtkLabel            *detail_meta;
  GtkLabel            *detail_body;
  GtkFlowBox          *templates_box;
  GtkTextView         *composer;
  GtkLabel            *send_status;
};

G_DEFINE_FINAL_TYPE (LifelineReportsView, lifeline_reports_view, GTK_TYPE_WIDGET)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Supportive starts: the lead finishes the sentence. */
static const struct {
  const char *button;
  const char *text;
} templates[] = {
  { N_("Thank you for owning it"),
    N_("Thank you for reporting this — owning it helps the whole team learn. ") },
  { N_("The article was wrong, not you"),
    N_("This article was wrong, not you: I’ve fixed it so no one else gets caught by it. ") },
  { N_("A phrase for next time"),
    N_("Here’s a phrase that works well next time: “") },
  { N_("You handled the recovery well"),
    N_("You handled the recovery well — the apology and the follow-up were exactly right. ") },
};

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->report);
  g_free (item->reporter);
  g_ptr_array_unref (item->feedback);
  g_free (item);
}

static Item *
item_new (LifelineReport *report)
{
  Item *item = g_new0 (Item, 1);

  item->report = report;
  item->feedback = g_ptr_array_new_with_free_func (g_free);
  return item;
}

/* Reading the server's reports */

static Item *
item_from_json (JsonObject *object)
{
  g_autoptr(LifelineReport) report = lifeline_report_new ();
  const char *category = json_object_get_string_member_with_default (object, "category", NULL);
  const char *cause = json_object_get_string_member_with_default (object, "root_cause", NULL);
  const char *created = json_object_get_string_member_with_default (object, "created_at", NULL);
  JsonNode *recovery = json_object_get_member (object, "recovery");
  JsonNode *feedback = json_object_get_member (object, "feedback");
  Item *item;

  g_free (report->id);
  report->id = g_strdup (json_object_get_string_member_with_default (object, "id", ""));
  if (created == NULL || !lifeline_time_parse (created, &report->created_at))
    report->created_at = 0;
  if (category == NULL || !lifeline_category_from_string (category, &report->category))
    report->category = LIFELINE_CATEGORY_NONE;
  if (cause == NULL || !lifeline_root_cause_from_string (cause, &report->root_cause))
    report->root_cause = LIFELINE_ROOT_CAUSE_NONE;
  report->near_miss = json_object_get_boolean_member_with_default (object, "near_miss", FALSE);
  report->confidential = json_object_get_boolean_member_with_default (object, "confidential", FALSE);
  g_free (report->note);
  report->note = g_strdup (json_object_get_string_member_with_default (object, "note", ""));
  report->article_id = g_strdup (json_object_get_string_member_with_default (object, "article_id", NULL));

  if (recovery != NULL && JSON_NODE_HOLDS_OBJECT (recovery))
    {
      JsonObject *rec = json_node_get_object (recovery);
      JsonNode *answers = json_object_get_member (rec, "answers");

      report->recovery_script_id = g_strdup (json_object_get_string_member_with_default (rec, "script_id", NULL));
      if (answers != NULL && JSON_NODE_HOLDS_OBJECT (answers))
        {
          JsonObjectIter iter;
          const char *step;
          JsonNode *value;

          if (report->recovery_answers == NULL)
            report->recovery_answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          json_object_iter_init (&iter, json_node_get_object (answers));
          while (json_object_iter_next (&iter, &step, &value))
            if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
              g_hash_table_insert (report->recovery_answers, g_strdup (step), g_strdup (json_node_get_string (value)));
        }
    }

  item = item_new (g_steal_pointer (&report));
  item->reporter = g_strdup (json_object_get_string_member_with_default (object, "reporter", NULL));
  if (feedback != NULL && JSON_NODE_HOLDS_ARRAY (feedback))
    {
      JsonArray *array = json_node_get_array (feedback);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *entry = json_array_get_object_element (array, i);
          const char *message = entry ? json_object_get_string_member_with_default (entry, "message", NULL) : NULL;

          if (message != NULL)
            g_ptr_array_add (item->feedback, g_strdup (message));
        }
    }
  return item;
}

/* Reading the local reports (standalone) */

static GPtrArray *
list_local (LifelineDb  *db,
            GError     **error)
{
  g_autoptr(GPtrArray) reports = lifeline_reports_list (db, 1000, error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n_confidential = 0, withheld;

  if (reports == NULL)
    return NULL;

  stmt = lifeline_db_prepare (db, "SELECT body FROM feedback WHERE report_id = ? ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < reports->len; i++)
    n_confidential += ((LifelineReport *)reports->pdata[i])->confidential ? 1 : 0;
  /* The newest n mod 5 confidential reports wait until enough others come. */
  withheld = n_confidential % LIFELINE_ANONYMITY_THRESHOLD;

  for (guint i = 0; i < reports->len; i++)
    {
      LifelineReport *report = reports->pdata[i];
      Item *item;

      if (report->confidential)
        {
          if (withheld > 0)
            {
              withheld--;
              continue;
            }
          report->created_at -= report->created_at % DAY;
          g_clear_pointer (&report->call_id, g_free);
        }

      item = item_new (g_object_ref (report));
      sqlite3_reset (stmt);
      lifeline_db_bind_text (stmt, 1, report->id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (item->feedback, lifeline_db_column_dup (stmt, 0));
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

static void
local_list_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = lifeline_db_open (db_path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  GPtrArray *items = db ? list_local (db, &error) : NULL;

  if (items == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, items, (GDestroyNotify)g_ptr_array_unref);
}

/* Showing them */

static char *
format_day (gint64   t,
            gboolean day_only)
{
  g_autoptr(GDateTime) dt = day_only ? g_date_time_new_from_unix_utc (t) : g_date_time_new_from_unix_local (t);

  /* Translators: a report's day (and time), see g_date_time_format() */
  return g_date_time_format (dt, day_only ? _("%a %-d %b %Y") : _("%a %-d %b %Y, %H:%M"));
}

static const char *
category_text (LifelineReport *report)
{
  return report->category == LIFELINE_CATEGORY_NONE ? _("No category given")
                                                    : lifeline_category_get_label (report->category);
}

static char *
meta_text (Item *item)
{
  LifelineReport *report = item->report;
  g_autofree char *when = format_day (report->created_at, report->confidential);
  g_autoptr(GString) text = g_string_new (when);

  if (report->confidential)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("Confidential: no name is kept"));
    }
  else if (item->reporter != NULL)
    {
      g_string_append (text, " · ");
      g_string_append (text, item->reporter);
    }
  if (report->root_cause != LIFELINE_ROOT_CAUSE_NONE)
    {
      g_string_append (text, " · ");
      g_string_append (text, lifeline_root_cause_get_label (report->root_cause));
    }
  if (report->near_miss)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("Near miss"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  return (int)g_ascii_strtoll (*(char **)a, NULL, 10) - (int)g_ascii_strtoll (*(char **)b, NULL, 10);
}

static char *
body_text (Item *item)
{
  LifelineReport *report = item->report;
  g_autoptr(GString) text = g_string_new (NULL);

  if (report->note != NULL && report->note[0] != '\0')
    g_string_append (text, report->note);
  else
    g_string_append (text, _("No note."));

  if (report->article_id != NULL)
    {
      g_string_append (text, "\n\n");
      /* Translators: %s is an article id */
      g_string_append_printf (text, _("Article: %s"), report->article_id);
    }

  if (report->recovery_answers != NULL && g_hash_table_size (report->recovery_answers) > 0)
    {
      g_autofree gpointer *steps = g_hash_table_get_keys_as_array (report->recovery_answers, NULL);
      guint n = g_hash_table_size (report->recovery_answers);

      qsort (steps, n, sizeof (gpointer), compare_steps);
      g_string_append (text, "\n\n");
      g_string_append (text, _("Recovery notes:"));
      for (guint i = 0; i < n; i++)
        /* Translators: a recovery step's number and what the agent noted */
        g_string_append_printf (text, _("\n• Step %s: %s"), (char *)steps[i],
                                (char *)g_hash_table_lookup (report->recovery_answers, steps[i]));
    }

  for (guint i = 0; i < item->feedback->len; i++)
    {
      g_string_append (text, "\n\n");
      /* Translators: feedback already given, %s is its text */
      g_string_append_printf (text, _("Feedback given: %s"), (char *)item->feedback->pdata[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
row_new (Item *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (category_text (item->report));
  g_autofree char *meta = meta_text (item);
  GtkWidget *subtitle = gtk_label_new (meta);
  GtkWidget *note = gtk_label_new (item->report->note && item->report->note[0] ? item->report->note : _("No note."));
  g_autofree char *accessible = NULL;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_lines (GTK_LABEL (note), 2);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (note), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_box_append (GTK_BOX (box), note);
  if (item->feedback->len > 0)
    {
      GtkWidget *answered = gtk_label_new (_("Answered"));

      gtk_label_set_xalign (GTK_LABEL (answered), 0);
      gtk_widget_add_css_class (answered, "success");
      gtk_widget_add_css_class (answered, "caption");
      gtk_box_append (GTK_BOX (box), answered);
    }
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  accessible = g_strdup_printf ("%s, %s", category_text (item->report), meta);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (row), "item", item);
  return row;
}

static void
show_detail (LifelineReportsView *self,
             Item                *item)
{
  g_autofree char *meta = NULL;
  g_autofree char *body = NULL;

  self->selected = item;
  if (item == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }

  meta = meta_text (item);
  body = body_text (item);
  gtk_label_set_text (self->detail_title, category_text (item->report));
  gtk_label_set_text (self->detail_meta, meta);
  gtk_label_set_text (self->detail_body, body);
  gtk_label_set_text (self->send_status,
                      item->report->confidential
                      ? _("It reaches the agent through their receipt; no one learns who they are.")
                      : "");
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
rebuild (LifelineReportsView *self)
{
  GtkWidget *child;
  g_autofree char *summary = NULL;
  guint confidential = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];

      confidential += item->report->confidential ? 1 : 0;
      gtk_list_box_append (self->list, row_new (item));
    }

  if (self->items->len == 0)
    summary = g_strdup (_("No reports yet."));
  else
    /* Translators: how many reports are listed, and how many of them are confidential */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u report, %u confidential",
                                            "%u reports, %u confidential", self->items->len),
                               self->items->len, confidential);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (self->more_button, self->next != NULL);
}

static void
local_list_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LifelineReportsView *self = LIFELINE_REPORTS_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (items == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the reports: %s"), error->message);

      gtk_label_set_text (self->summary_label, text);
    }
  else
    {
      g_ptr_array_unref (self->items);
      self->items = g_steal_pointer (&items);
      g_clear_pointer (&self->next, g_free);
      show_detail (self, NULL);
      rebuild (self);
    }
  g_signal_emit (self, signals[UPDATED], 0);
}

static void
server_list_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LifelineReportsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineApiResponse) response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (object), result, &error);
  gboolean append = g_object_get_data (G_OBJECT (self), "appending") != NULL;
  JsonObject *root;
  JsonNode *reports;

  g_object_set_data (G_OBJECT (self), "appending", NULL);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (response == NULL || !lifeline_api_response_check (response, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not load the reports: %s"), error->message);

      gtk_label_set_text (self->summary_label, text);
      g_signal_emit (self, signals[UPDATED], 0);
      return;
    }

  root = lifeline_api_response_get_object (response);
  reports = root ? json_object_get_member (root, "reports") : NULL;
  if (!append)
    {
      g_ptr_array_set_size (self->items, 0);
      show_detail (self, NULL);
    }
  if (reports != NULL && JSON_NODE_HOLDS_ARRAY (reports))
    {
      JsonArray *array = json_node_get_array (reports);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object_ = json_array_get_object_element (array, i);

          if (object_ != NULL)
            g_ptr_array_add (self->items, item_from_json (object_));
        }
    }
  g_clear_pointer (&self->next, g_free);
  if (root != NULL && json_object_get_boolean_member_with_default (root, "more", FALSE))
    self->next = g_strdup (json_object_get_string_member_with_default (root, "next", NULL));
  rebuild (self);
  g_signal_emit (self, signals[UPDATED], 0);
}

static void
load (LifelineReportsView *self,
      gboolean             more)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->db_path == NULL && self->client == NULL)
    return;
  self->cancellable = g_cancellable_new ();

  if (self->client != NULL)
    {
      g_autofree char *path = more && self->next
                              ? g_strdup_printf ("/api/v1/reports?limit=%d&before=%s", PAGE_SIZE, self->next)
                              : g_strdup_printf ("/api/v1/reports?limit=%d", PAGE_SIZE);

      g_object_set_data (G_OBJECT (self), "appending", more ? GINT_TO_POINTER (1) : NULL);
      lifeline_api_client_request_async (self->client, "GET", path, NULL, NULL, self->cancellable,
                                         server_list_done, g_object_ref (self));
    }
  else
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, local_list_done, NULL);

      g_task_set_source_tag (task, load);
      g_task_set_task_data (task, g_strdup (self->db_path), g_free);
      g_task_run_in_thread (task, local_list_thread);
    }
}

/* Sending feedback */

typedef struct
{
  LifelineReportsView *view;   /* server only: kept alive until the answer */
  char *db_path;
  char *report_id;
  char *id;
  char *message;
} SendJob;

static void
send_job_free (SendJob *job)
{
  g_clear_object (&job->view);
  g_free (job->db_path);
  g_free (job->report_id);
  g_free (job->id);
  g_free (job->message);
  g_free (job);
}

static void
local_send_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SendJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = lifeline_db_open (job->db_path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = lifeline_time_now ();

  if (db != NULL)
    stmt = lifeline_db_prepare (db,
                                "INSERT OR IGNORE INTO feedback (id, report_id, body, author, created_at, received_at) "
                                "VALUES (?, ?, ?, NULL, ?, ?)", &error);
  if (stmt != NULL)
    {
      lifeline_db_bind_text (stmt, 1, job->id);
      lifeline_db_bind_text (stmt, 2, job->report_id);
      lifeline_db_bind_text (stmt, 3, job->message);
      sqlite3_bind_int64 (stmt, 4, now);
      sqlite3_bind_int64 (stmt, 5, now);
      lifeline_db_step_done (db, stmt, &error);
    }
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
sent (LifelineReportsView *self,
      SendJob             *job,
      GError              *error)
{
  self->sending = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.send", TRUE);

  if (error != NULL)
    {
      /* The text stays in the composer: nothing the lead wrote is lost. */
      g_autofree char *text = g_strdup_printf (_("Not sent: %s. Your text is kept; try again."), error->message);

      gtk_label_set_text (self->send_status, text);
      return;
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = self->items->pdata[i];

      if (g_strcmp0 (item->report->id, job->report_id) == 0)
        {
          g_ptr_array_add (item->feedback, g_strdup (job->message));
          if (self->selected == item)
            {
              g_autofree char *body = body_text (item);

              gtk_label_set_text (self->detail_body, body);
              gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), "", -1);
            }
        }
    }
  gtk_label_set_text (self->send_status,
                      self->client ? _("Sent. The agent gets it with a notification at their next sync.")
                                   : _("Saved with the report."));
}

static void
local_send_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  sent (LIFELINE_REPORTS_VIEW (object), g_task_get_task_data (G_TASK (result)), error);
}

static void
server_send_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SendJob *job = user_data;
  g_autoptr(LifelineReportsView) self = g_steal_pointer (&job->view);
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineApiResponse) response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (object), result, &error);

  if (response != NULL)
    lifeline_api_response_check (response, &error);
  sent (self, job, error);
  send_job_free (job);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LifelineReportsView *self = LIFELINE_REPORTS_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GTask) task = NULL;
  SendJob *job;

  if (self->selected == NULL || self->sending)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (text[0] == '\0')
    {
      gtk_label_set_text (self->send_status, _("Write a few words first, or start from a template."));
      gtk_widget_grab_focus (GTK_WIDGET (self->composer));
      return;
    }

  job = g_new0 (SendJob, 1);
  job->db_path = g_strdup (self->db_path);
  job->report_id = g_strdup (self->selected->report->id);
  /* One id per message: a retry after a lost answer is a harmless repeat. */
  job->id = g_uuid_string_random ();
  job->message = g_steal_pointer (&text);

  self->sending = TRUE;
  gtk_widget_action_set_enabled (widget, "reports.send", FALSE);
  gtk_label_set_text (self->send_status, _("Sending…"));

  if (self->client != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/feedback", job->report_id);

      json_builder_begin_object (builder);
      lifeline_wire_add_string (builder, "id", job->id);
      lifeline_wire_add_string (builder, "message", job->message);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      job->view = g_object_ref (self);
      lifeline_api_client_request_async (self->client, "POST", path, body, NULL, NULL,
                                         server_send_done, job);
      return;
    }

  task = g_task_new (self, NULL, local_send_done, NULL);
  g_task_set_source_tag (task, send_action);
  g_task_set_task_data (task, job, (GDestroyNotify)send_job_free);
  g_task_run_in_thread (task, local_send_thread);
}

static void
on_template_clicked (GtkButton           *button,
                     LifelineReportsView *self)
{
  const char *text = g_object_get_data (G_OBJECT (button), "template");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
on_row_selected (LifelineReportsView *self,
                 GtkListBoxRow       *row)
{
  show_detail (self, row ? g_object_get_data (G_OBJECT (row), "item") : NULL);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load (LIFELINE_REPORTS_VIEW (widget), FALSE);
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  load (LIFELINE_REPORTS_VIEW (widget), TRUE);
}

/* Inside the lead's workspace, follow what it works on (its server as a
 * lead, or the local database), checked each time the page is shown. */
static void
lifeline_reports_view_map (GtkWidget *widget)
{
  LifelineReportsView *self = LIFELINE_REPORTS_VIEW (widget);
  GtkWidget *page = gtk_widget_get_ancestor (widget, LIFELINE_TYPE_LEAD_PAGE);

  GTK_WIDGET_CLASS (lifeline_reports_view_parent_class)->map (widget);

  if (page != NULL)
    {
      LifelineLeadService *service = lifeline_lead_page_get_service (LIFELINE_LEAD_PAGE (page));
      LifelineApiClient *client = lifeline_lead_page_get_api_client (LIFELINE_LEAD_PAGE (page));
      const char *db_path = service ? lifeline_lead_service_get_db_path (service) : NULL;

      if (g_strcmp0 (db_path, self->db_path) != 0 || client != self->client)
        lifeline_reports_view_set_source (self, db_path, client);
    }
}

static void
lifeline_reports_view_dispose (GObject *object)
{
  LifelineReportsView *self = LIFELINE_REPORTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->selected = NULL;
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_reports_view_parent_class)->dispose (object);
}

static void
lifeline_reports_view_finalize (GObject *object)
{
  LifelineReportsView *self = LIFELINE_REPORTS_VIEW (object);

  g_free (self->db_path);
  g_free (self->next);
  g_clear_object (&self->client);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (lifeline_reports_view_parent_class)->finalize (object);
}

static void
lifeline_reports_view_class_init (LifelineReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_reports_view_dispose;
  object_class->finalize = lifeline_reports_view_finalize;
  widget_class->map = lifeline_reports_view_map;

  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, list);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, more_button);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, detail_meta);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, detail_body);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, templates_box);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, composer);
  gtk_widget_class_bind_template_child (widget_class, LifelineReportsView, send_status);

  gtk_widget_class_install_action (widget_class, "reports.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "reports.more", NULL, more_action);
  gtk_widget_class_install_action (widget_class, "reports.send", NULL, send_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lifeline_reports_view_init (LifelineReportsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_ptr_array_new_with_free_func (item_free);
  g_signal_connect_swapped (self->list, "row-selected", G_CALLBACK (on_row_selected), self);

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (g_dgettext (GETTEXT_PACKAGE, templates[i].button));
      GtkWidget *child = gtk_flow_box_child_new ();

      gtk_widget_set_tooltip_text (button, g_dgettext (GETTEXT_PACKAGE, templates[i].text));
      g_object_set_data (G_OBJECT (button), "template", (gpointer)g_dgettext (GETTEXT_PACKAGE, templates[i].text));
      g_signal_connect (button, "clicked", G_CALLBACK (on_template_clicked), self);
      /* The button is what gets focus and is read out; its cell is only layout. */
      gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), button);
      gtk_widget_set_focusable (child, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_dgettext (GETTEXT_PACKAGE, templates[i].button), -1);
      gtk_flow_box_append (self->templates_box, child);
    }
}

GtkWidget *
lifeline_reports_view_new (void)
{
  return g_object_new (LIFELINE_TYPE_REPORTS_VIEW, NULL);
}

void
lifeline_reports_view_set_source (LifelineReportsView *self,
                                  const char          *db_path,
                                  LifelineApiClient   *client)
{
  g_return_if_fail (LIFELINE_IS_REPORTS_VIEW (self));
  g_return_if_fail (client == NULL || LIFELINE_IS_API_CLIENT (client));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_set_object (&self->client, client);
  load (self, FALSE);
}

void
lifeline_reports_view_reload (LifelineReportsView *self)
{
  g_return_if_fail (LIFELINE_IS_REPORTS_VIEW (self));

  load (self, FALSE);
}

guint
lifeline_reports_view_get_n_reports (LifelineReportsView *self)
{
  g_return_val_if_fail (LIFELINE_IS_REPORTS_VIEW (self), 0);

  return self->items->len;
}
