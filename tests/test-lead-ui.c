/* test-lead-ui.c — a team lead curates articles in the real window, standalone, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With LIFELINE_SCREENSHOT_DIR set, also saves the lead workspace at
 * 1280×800, light and dark, as PNGs there.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "lifeline-application.h"
#include "lifeline-article-editor.h"
#include "lifeline-core.h"
#include "lifeline-freshness.h"
#include "lifeline-kb-store.h"
#include "lifeline-lead-page.h"
#include "lifeline-lead-queues.h"
#include "lifeline-lead-store.h"
#include "lifeline-search.h"
#include "lifeline-window.h"

#define NEW_WORD "quokkazanzibar"
#define FLAG_REASON "The unlock fee went up in October"
#define REPORT_NOTE "Told a customer the old price"

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Spins the main loop until @condition holds, or 10 s have passed. */
static gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, on_timeout, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static void
save_png (GtkWidget  *window,
          const char *name)
{
  const char *dir = g_getenv ("LIFELINE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width, height;

  /* Let the last change paint; a frame in the middle of a restyle may have
   * nothing to give yet. */
  paintable = gtk_widget_paintable_new (window);
  for (guint tries = 0; ; tries++)
    {
      gtk_test_widget_wait_for_draw (window);
      for (guint i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
      width = gtk_widget_get_width (window);
      height = gtk_widget_get_height (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        break;
      g_assert_cmpuint (tries, <, 50);
      g_usleep (20000);
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_printerr ("# screenshot %s (%dx%d)\n", path, width, height);
}

/* Light, then dark. */
static void
screenshot (GtkWidget  *window,
            const char *name)
{
  const char *dir = g_getenv ("LIFELINE_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  light = g_strdup_printf ("%s-light.png", name);
  dark = g_strdup_printf ("%s-dark.png", name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  save_png (window, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_png (window, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static LifelineDb *
open_db (void)
{
  g_autofree char *path = lifeline_get_client_db_path ();
  g_autoptr(GError) error = NULL;
  LifelineDb *db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);

  g_assert_no_error (error);
  return db;
}

static void
load_starter_kb (void)
{
  g_autofree char *dir = lifeline_get_starter_kb_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db ();

  g_assert_true (lifeline_kb_load_starter (db, dir, &error));
  g_assert_no_error (error);
}

/* What is expired, read from the database rather than assumed. */
static GPtrArray *
expired_ids_in_db (gint64 now)
{
  g_autoptr(LifelineDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) articles = lifeline_kb_list_articles (db, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < articles->len; i++)
    {
      LifelineArticle *article = g_ptr_array_index (articles, i);

      if (lifeline_article_is_expired (article, now))
        g_ptr_array_add (ids, g_strdup (article->id));
    }
  return ids;
}

static gboolean
has_article (GPtrArray  *articles,
             const char *id)
{
  for (guint i = 0; i < articles->len; i++)
    if (g_strcmp0 (((LifelineArticle *)g_ptr_array_index (articles, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

static LifelineArticle *
get_article (const char *id)
{
  g_autoptr(LifelineDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  LifelineArticle *article = lifeline_kb_get_article (db, id, &error);

  g_assert_no_error (error);
  return article;
}

static GPtrArray *
search_ids (const char *query)
{
  g_autofree char *path = lifeline_get_client_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineSearch) search = lifeline_search_new (path, &error);
  g_autoptr(GPtrArray) hits = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  hits = lifeline_search_query (search, query, 10, lifeline_time_now (), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (ids, g_strdup (((LifelineSearchHit *)g_ptr_array_index (hits, i))->id));
  return ids;
}

static gboolean
page_available (gpointer data)
{
  return lifeline_lead_page_get_available (data);
}

typedef struct
{
  LifelineLeadQueues *queues;
  guint               loads;
  const char         *id;
} QueueWait;

static gboolean
queues_loaded_since (gpointer data)
{
  QueueWait *wait = data;

  return lifeline_lead_queues_get_n_loads (wait->queues) > wait->loads;
}

static gboolean
editor_idle (gpointer data)
{
  return lifeline_article_editor_is_idle (data);
}

static gboolean
draft_saved (gpointer data)
{
  return lifeline_article_editor_get_draft_saved (data);
}

static gboolean
preview_has_word (gpointer data)
{
  const char *markdown = lifeline_markdown_view_get_markdown (data);

  return markdown != NULL && strstr (markdown, NEW_WORD) != NULL;
}

typedef struct
{
  LifelineArticleEditor *editor;
  guint                  count;
} PublishWait;

static gboolean
published (gpointer data)
{
  PublishWait *wait = data;

  return lifeline_article_editor_get_n_published (wait->editor) >= wait->count &&
         lifeline_article_editor_is_idle (wait->editor);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return ADW_MESSAGE_DIALOG (item);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
revisions_listed (gpointer data)
{
  return lifeline_article_editor_get_revisions (data) != NULL;
}

static gboolean
script_editor_idle (gpointer data)
{
  return lifeline_script_editor_is_idle (data);
}

static gboolean
script_published (gpointer data)
{
  return lifeline_script_editor_get_n_published (data) == 1 && lifeline_script_editor_is_idle (data);
}

typedef struct
{
  LifelineScriptEditor *editor;
  guint                 count;
} ScriptWait;

static gboolean
script_published_n (gpointer data)
{
  ScriptWait *wait = data;

  return lifeline_script_editor_get_n_published (wait->editor) == wait->count &&
         lifeline_script_editor_is_idle (wait->editor);
}

static gboolean
script_revisions_listed (gpointer data)
{
  ScriptWait *wait = data;
  GPtrArray *revisions = lifeline_script_editor_get_revisions (wait->editor);

  return revisions != NULL && revisions->len == wait->count;
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  *(GtkWidget **)user_data = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static char *
draft_of_kind (const char *kind,
               const char *id)
{
  g_autoptr(LifelineDb) db = open_db ();
  g_autoptr(GError) error = NULL;
  char *json = lifeline_lead_get_draft (db, kind, id, NULL, NULL, &error);

  g_assert_no_error (error);
  return json;
}

static char *
draft_in_db (const char *id)
{
  return draft_of_kind ("article", id);
}

static gboolean
script_draft_has_step (gpointer data)
{
  g_autofree char *json = draft_of_kind ("script", data);

  return json != NULL && strstr (json, "Thank you, {customer_name}.") != NULL;
}

static gboolean
no_script_draft (gpointer data)
{
  g_autofree char *json = draft_of_kind ("script", data);

  return json == NULL;
}

static gboolean
no_draft_in_db (gpointer data)
{
  g_autofree char *json = draft_in_db (data);

  return json == NULL;
}

/* Standalone: the lead page is there; the expired queue is what the
 * database says; Verify takes an article out of it; an edit published
 * through a conflict (someone verified it meanwhile) is what search finds;
 * restoring the first revision brings the old text back. */
static void
test_lead_workspace (void)
{
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expired = NULL;
  g_autoptr(LifelineArticle) before = NULL;
  g_autoptr(LifelineArticle) verified = NULL;
  g_autoptr(LifelineArticle) edited = NULL;
  g_autoptr(LifelineArticle) restored = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autofree char *target = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *body = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *flag_id = NULL;
  GtkWidget *window = NULL;
  LifelineLeadPage *page;
  LifelineLeadQueues *queues;
  LifelineArticleEditor *editor;
  LifelineLeadQueuesData *data;
  AdwViewStack *stack;
  AdwMessageDialog *dialog;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  GtkWidget *history;
  QueueWait qwait = { 0 };
  PublishWait pwait = { 0 };
  gint64 started = lifeline_time_now ();
  gint64 first_revision;

  load_starter_kb ();
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 800);
  server_url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (server_url, ==, "");

  expired = expired_ids_in_db (lifeline_freshness_now ());
  g_assert_cmpuint (expired->len, >, 2);

  /* An agent on this machine flagged another expired article. */
  {
    g_autoptr(LifelineDb) db = open_db ();

    g_autoptr(LifelineReport) report = NULL;

    flag_id = lifeline_flags_add (db, g_ptr_array_index (expired, 1), FLAG_REASON, NULL, lifeline_time_now (), &error);
    g_assert_no_error (error);
    g_assert_nonnull (flag_id);

    /* …and an "incorrect information" report named a third one. */
    report = lifeline_reports_record (db, g_ptr_array_index (expired, 2), NULL, &error);
    g_assert_no_error (error);
    report->category = LIFELINE_CATEGORY_INCORRECT_INFORMATION;
    g_free (report->note);
    report->note = g_strdup (REPORT_NOTE);
    g_assert_true (lifeline_reports_save (db, report, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &window);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (window);

  /* Standalone mode offers the lead page. */
  page = LIFELINE_LEAD_PAGE (find_widget (window, LIFELINE_TYPE_LEAD_PAGE));
  g_assert_nonnull (page);
  g_assert_true (wait_until (page_available, page));
  stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  g_assert_true (adw_view_stack_page_get_visible (adw_view_stack_get_page (stack, GTK_WIDGET (page))));
  adw_view_stack_set_visible_child_name (stack, "lead");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (lifeline_lead_page_get_stack (page)), ==, "queues");

  /* The expired queue lists exactly what the database says is expired. */
  queues = lifeline_lead_page_get_queues (page);
  qwait.queues = queues;
  g_assert_true (wait_until (queues_loaded_since, &qwait));
  data = lifeline_lead_queues_get_data (queues);
  g_assert_nonnull (data);
  g_assert_cmpuint (data->expired->len, ==, expired->len);
  for (guint i = 0; i < expired->len; i++)
    g_assert_true (has_article (data->expired, g_ptr_array_index (expired, i)));

  /* The flag is in its queue, with the agent's reason; "Write a
   * Correction" opens that article with the reason beside it. */
  g_assert_cmpuint (data->flags->len, ==, 2);
  {
    LifelineLeadFlag *by_agent = NULL, *by_report = NULL;

    for (guint i = 0; i < data->flags->len; i++)
      {
        LifelineLeadFlag *flag = g_ptr_array_index (data->flags, i);

        if (g_strcmp0 (flag->id, flag_id) == 0)
          by_agent = flag;
        else
          by_report = flag;
      }
    g_assert_nonnull (by_agent);
    g_assert_nonnull (by_report);
    g_assert_cmpstr (by_agent->reason, ==, FLAG_REASON);
    g_assert_cmpstr (by_agent->article_id, ==, g_ptr_array_index (expired, 1));
    g_assert_null (by_agent->report_id);
    /* The report's note travels with its flag. */
    g_assert_cmpstr (by_report->article_id, ==, g_ptr_array_index (expired, 2));
    g_assert_nonnull (by_report->report_id);
    g_assert_cmpstr (by_report->report_note, ==, REPORT_NOTE);
  }
  screenshot (window, "lead-queues");
  editor = lifeline_lead_page_get_editor (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lead.correct-flag", "s", flag_id));
  g_assert_true (wait_until (editor_idle, editor));
  g_assert_cmpstr (lifeline_article_editor_get_article_id (editor), ==, g_ptr_array_index (expired, 1));
  qwait.loads = lifeline_lead_queues_get_n_loads (queues);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lead.back", NULL));
  g_assert_true (wait_until (queues_loaded_since, &qwait));

  /* One click on Verify: out of the queue, verified on disk. */
  target = g_strdup (g_ptr_array_index (expired, 0));
  before = get_article (target);
  qwait.loads = lifeline_lead_queues_get_n_loads (queues);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (queues), "queues.verify", "s", target));
  g_assert_true (wait_until (queues_loaded_since, &qwait));
  data = lifeline_lead_queues_get_data (queues);
  g_assert_false (has_article (data->expired, target));
  g_assert_cmpuint (data->expired->len, ==, expired->len - 1);
  verified = get_article (target);
  g_assert_cmpint (verified->verified_at, >=, started);
  g_assert_nonnull (verified->verified_by);
  g_assert_cmpint (verified->revision, ==, before->revision + 1);
  g_assert_cmpstr (verified->body, ==, before->body);

  /* Edit it: the body as stored, then a change, saved as a draft and shown
   * in the preview. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lead.edit-article", "s", target));
  g_assert_true (wait_until (editor_idle, editor));
  g_assert_cmpstr (lifeline_article_editor_get_article_id (editor), ==, target);
  buffer = lifeline_article_editor_get_body_buffer (editor);
  {
    GtkTextIter start;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  }
  g_assert_cmpstr (body, ==, verified->body);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\n\nThe **" NEW_WORD "** rebate ends on 31 December.\n", -1);
  g_assert_true (wait_until (draft_saved, editor));
  draft = draft_in_db (target);
  g_assert_nonnull (draft);
  g_assert_nonnull (strstr (draft, NEW_WORD));
  g_assert_true (wait_until (preview_has_word, lifeline_article_editor_get_preview (editor)));
  screenshot (window, "lead-editor");

  /* Someone verifies it meanwhile: publishing shows both versions, and
   * nothing is written until the lead chooses. */
  {
    g_autoptr(LifelineDb) db = open_db ();
    g_autoptr(LifelineArticle) other = lifeline_lead_verify_article (db, target, "Someone else", lifeline_time_now (), &error);

    g_assert_no_error (error);
    g_assert_nonnull (other);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.publish", NULL));
  g_assert_true (wait_until (dialog_shown, NULL));
  dialog = find_dialog ();
  {
    g_autoptr(LifelineArticle) unchanged = get_article (target);

    g_assert_null (strstr (unchanged->body, NEW_WORD));
    g_assert_cmpint (unchanged->revision, ==, verified->revision + 1);
  }
  screenshot (GTK_WIDGET (dialog), "lead-conflict");
  pwait.editor = editor;
  pwait.count = 1;
  adw_message_dialog_response (dialog, "mine");
  g_assert_true (wait_until (published, &pwait));

  edited = get_article (target);
  g_assert_nonnull (strstr (edited->body, NEW_WORD));
  g_assert_cmpint (edited->revision, ==, verified->revision + 2);
  g_assert_true (wait_until (no_draft_in_db, target));

  /* Search finds the new text. */
  hits = search_ids (NEW_WORD);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (hits, 0), ==, target);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Every revision is kept; restoring the first one publishes it again. */
  history = find_widget (GTK_WIDGET (editor), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (history);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (history), TRUE);
  g_assert_true (wait_until (revisions_listed, editor));
  revisions = g_ptr_array_ref (lifeline_article_editor_get_revisions (editor));
  g_assert_cmpuint (revisions->len, ==, 4);   /* as it was, verified, verified by someone else, edited */
  first_revision = ((LifelineArticleRevision *)g_ptr_array_index (revisions, 0))->revision;
  g_assert_cmpint (first_revision, ==, before->revision);
  g_assert_cmpstr (((LifelineArticleRevision *)g_ptr_array_index (revisions, 3))->action, ==, "update");
  screenshot (window, "lead-history");
  pwait.count = 2;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.restore-revision", "x", first_revision));
  g_assert_true (wait_until (published, &pwait));
  restored = get_article (target);
  g_assert_cmpstr (restored->body, ==, before->body);
  g_assert_cmpint (restored->revision, ==, edited->revision + 1);
  hits = search_ids (NEW_WORD);
  g_assert_false (g_ptr_array_find_with_equal_func (hits, target, g_str_equal, NULL));

  /* Back to the queues. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lead.back", NULL));

  /* A recovery script: a step added, a placeholder core does not know is
   * refused with its name, the right one is published. */
  {
    g_autoptr(LifelineDb) db = open_db ();
    g_autoptr(GPtrArray) scripts = lifeline_kb_list_scripts (db, &error);
    g_autoptr(LifelineScript) script_before = NULL;
    g_autoptr(LifelineScript) script_after = NULL;
    g_autoptr(LifelineScript) built = NULL;
    LifelineScriptEditor *script_editor = lifeline_lead_page_get_script_editor (page);
    LifelineScriptStep *last;
    guint n_steps;

    g_assert_no_error (error);
    g_assert_cmpuint (scripts->len, >, 0);
    script_before = g_object_ref (g_ptr_array_index (scripts, 0));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "lead.edit-script", "s", script_before->id));
    g_assert_true (wait_until (script_editor_idle, script_editor));
    n_steps = lifeline_script_editor_get_n_steps (script_editor);
    g_assert_cmpuint (n_steps, ==, script_before->steps->len);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (script_editor), "script-editor.add-step", NULL));
    g_assert_cmpuint (lifeline_script_editor_get_n_steps (script_editor), ==, n_steps + 1);
    g_assert_true (lifeline_script_editor_set_step_text (script_editor, n_steps, "do", "Thank them for their patience"));
    g_assert_true (lifeline_script_editor_set_step_text (script_editor, n_steps, "say", "Thank you, {custmer_name}."));
    built = lifeline_script_editor_build (script_editor, &error);
    g_assert_null (built);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "custmer_name"));
    g_clear_error (&error);
    g_assert_true (lifeline_script_editor_set_step_text (script_editor, n_steps, "say", "Thank you, {customer_name}."));
    g_assert_true (wait_until (script_draft_has_step, script_before->id));
    screenshot (window, "lead-script-editor");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (script_editor), "script-editor.publish", NULL));
    g_assert_true (wait_until (script_published, script_editor));
    script_after = lifeline_kb_get_script (db, script_before->id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (script_after->steps->len, ==, n_steps + 1);
    g_assert_cmpint (script_after->revision, ==, script_before->revision + 1);
    last = g_ptr_array_index (script_after->steps, n_steps);
    g_assert_cmpstr (last->say, ==, "Thank you, {customer_name}.");
    g_assert_true (wait_until (no_script_draft, script_before->id));

    /* A second edit; the History panel lists every revision, an old one
     * shows read-only in the preview, and restoring the first publishes
     * its content again as a new revision. */
    {
      g_autoptr(LifelineScript) script_restored = NULL;
      GPtrArray *script_revisions;
      LifelineArticleRevision *first;
      GtkWidget *script_history = NULL;
      ScriptWait swait = { script_editor, 2 };

      g_assert_true (lifeline_script_editor_set_step_text (script_editor, n_steps, "say",
                                                           "Thank you for waiting, {customer_name}."));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (script_editor), "script-editor.publish", NULL));
      g_assert_true (wait_until (script_published_n, &swait));

      script_history = find_widget (GTK_WIDGET (script_editor), GTK_TYPE_TOGGLE_BUTTON);
      g_assert_nonnull (script_history);
      g_assert_null (lifeline_script_editor_get_revisions (script_editor));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (script_history), TRUE);
      swait.count = 3;   /* as it was, the step added, the phrase changed */
      g_assert_true (wait_until (script_revisions_listed, &swait));
      script_revisions = lifeline_script_editor_get_revisions (script_editor);
      first = g_ptr_array_index (script_revisions, 0);
      g_assert_cmpint (first->revision, ==, script_before->revision);
      g_assert_cmpstr (first->action, ==, "import");
      g_assert_nonnull (first->script);
      g_assert_cmpuint (first->script->steps->len, ==, n_steps);
      g_assert_cmpstr (((LifelineArticleRevision *)g_ptr_array_index (script_revisions, 1))->action, ==, "update");
      g_assert_cmpstr (((LifelineArticleRevision *)g_ptr_array_index (script_revisions, 2))->by, ==, g_get_real_name ());
      g_assert_cmpint (((LifelineArticleRevision *)g_ptr_array_index (script_revisions, 2))->revision, ==,
                       script_before->revision + 2);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (script_editor), "script-editor.view-revision", "x",
                                                 first->revision));
      g_assert_cmpint (lifeline_script_editor_get_viewing_revision (script_editor), ==, first->revision);
      screenshot (window, "lead-script-history");
      /* Viewing changes nothing: what the lead typed is still there. */
      g_assert_cmpuint (lifeline_script_editor_get_n_steps (script_editor), ==, n_steps + 1);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (script_editor), "script-editor.restore-revision", "x",
                                                 first->revision));
      g_assert_cmpint (lifeline_script_editor_get_viewing_revision (script_editor), ==, 0);
      swait.count = 3;
      g_assert_true (wait_until (script_published_n, &swait));
      script_restored = lifeline_kb_get_script (db, script_before->id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (script_restored->revision, ==, script_before->revision + 3);
      g_assert_cmpuint (script_restored->steps->len, ==, n_steps);
      for (guint i = 0; i < n_steps; i++)
        {
          LifelineScriptStep *a = g_ptr_array_index (script_before->steps, i);
          LifelineScriptStep *b = g_ptr_array_index (script_restored->steps, i);

          g_assert_cmpstr (a->say, ==, b->say);
          g_assert_cmpstr (a->do_text, ==, b->do_text);
        }
      g_assert_cmpstr (script_restored->title, ==, script_before->title);

      /* The history shows the restore as a fourth revision with the first's content. */
      swait.count = 4;
      g_assert_true (wait_until (script_revisions_listed, &swait));
      screenshot (window, "lead-script-restored");
      script_revisions = lifeline_script_editor_get_revisions (script_editor);
      g_assert_true (lifeline_article_revision_same_content (g_ptr_array_index (script_revisions, 3),
                                                             g_ptr_array_index (script_revisions, 0)));
      g_assert_false (lifeline_article_revision_same_content (g_ptr_array_index (script_revisions, 3),
                                                              g_ptr_array_index (script_revisions, 2)));
    }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
}

static char *
server_admin_add (const char *db,
                  const char *name,
                  const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           g_getenv ("LIFELINE_SERVER"), "user", "add", name, "--role", role, "--db", db, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return g_strdup (g_strstrip (out));
}

static gboolean
role_known (gpointer data)
{
  return lifeline_lead_page_get_role_known (data);
}

/* With a server, the server decides: an agent's token hides the lead page,
 * a lead's shows it, with the queues read from the server. */
static void
test_lead_role (void)
{
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lifeline-lead-role-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *agent_token = NULL;
  g_autofree char *lead_token = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  GtkWidget *window = NULL;
  LifelineLeadPage *page;
  AdwViewStackPage *stack_page;
  QueueWait qwait = { 0 };
  const char *start;

  if (g_getenv ("LIFELINE_SERVER") == NULL)
    {
      g_test_skip ("No lifeline-server in this build");
      return;
    }
  g_assert_no_error (error);
  agent_token = server_admin_add (db, "ana", "agent");
  lead_token = server_admin_add (db, "lena", "lead");
  /* Its stderr not ours: a failed test must not wait for the server. */
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                             g_getenv ("LIFELINE_SERVER"),
                             "serve", "--address", "127.0.0.1", "--port", "0", "--db", db, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  start = strstr (line, "http://");
  g_assert_nonnull (start);
  url = g_strndup (start, strcspn (start, " \t"));
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  load_starter_kb ();
  /* An id of its own: the first test's application may still be exported
   * on the bus until its last reference goes. */
  g_application_set_application_id (G_APPLICATION (app), BASE_APP_ID ".LeadRoleTest");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &window);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_nonnull (window);
  page = LIFELINE_LEAD_PAGE (find_widget (window, LIFELINE_TYPE_LEAD_PAGE));
  stack_page = adw_view_stack_get_page (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page),
                                                                                  ADW_TYPE_VIEW_STACK)),
                                        GTK_WIDGET (page));

  /* An agent: no lead page. */
  lifeline_lead_page_set_server (page, url, agent_token, NULL);
  g_assert_false (lifeline_lead_page_get_available (page));
  g_assert_true (wait_until (role_known, page));
  g_assert_false (lifeline_lead_page_get_available (page));
  g_assert_false (adw_view_stack_page_get_visible (stack_page));

  /* A lead: the page, and its queues from the server. */
  lifeline_lead_page_set_server (page, url, lead_token, NULL);
  g_assert_true (wait_until (page_available, page));
  g_assert_true (adw_view_stack_page_get_visible (stack_page));
  g_assert_nonnull (lifeline_lead_page_get_api_client (page));
  qwait.queues = lifeline_lead_page_get_queues (page);
  qwait.loads = lifeline_lead_queues_get_n_loads (qwait.queues);
  g_assert_true (wait_until (queues_loaded_since, &qwait));
  g_assert_nonnull (lifeline_lead_queues_get_data (qwait.queues));

  /* A token the server does not know: no lead page either. */
  lifeline_lead_page_set_server (page, url, "not-a-token", NULL);
  g_assert_true (wait_until (role_known, page));
  g_assert_false (lifeline_lead_page_get_available (page));

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/lead/workspace", test_lead_workspace);
  g_test_add_func ("/lead/role", test_lead_role);

  return g_test_run ();
}
