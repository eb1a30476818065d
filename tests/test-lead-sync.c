/* test-lead-sync.c — a lead publishes to the real server; an agent's sync engine brings it to search
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two clients against one real lifeline-server on 127.0.0.1: the lead's
 * tools (LifelineLeadService over LifelineApiClient, as the Lead page uses
 * them) and an agent's LifelineSyncEngine with its own database. No window.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "lifeline-api-client.h"
#include "lifeline-core.h"
#include "lifeline-kb-store.h"
#include "lifeline-lead-service.h"
#include "lifeline-lead-store.h"
#include "lifeline-search.h"
#include "lifeline-sync-engine.h"

#define ARTICLE_ID "router-reboot-steps"
#define NEW_WORD "wombatcrossing"

typedef struct
{
  char        *dir;
  char        *server_db;
  GSubprocess *server;
  char        *url;
  char        *lead_token;
  char        *agent_token;
} Fixture;

static char *
add_user (Fixture    *fixture,
          const char *name,
          const char *role)
{
  const char *server = g_getenv ("LIFELINE_SERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           server, "user", "add", name, "--role", role, "--db", fixture->server_db, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return g_strdup (g_strstrip (out));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *server = g_getenv ("LIFELINE_SERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  const char *start;

  g_assert_nonnull (server);
  fixture->dir = g_dir_make_tmp ("lifeline-lead-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server_db = g_build_filename (fixture->dir, "server.db", NULL);
  fixture->lead_token = add_user (fixture, "lena", "lead");
  fixture->agent_token = add_user (fixture, "ana", "agent");

  /* Its stderr not ours: a failed test must not wait for the server. */
  fixture->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                      server, "serve", "--address", "127.0.0.1", "--port", "0",
                                      "--rate-limit", "0", "--db", fixture->server_db, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  start = strstr (line, "http://");
  g_assert_nonnull (start);
  fixture->url = g_strndup (start, strcspn (start, " \t"));
  while (g_str_has_suffix (fixture->url, "/"))
    fixture->url[strlen (fixture->url) - 1] = '\0';
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_subprocess_send_signal (fixture->server, SIGTERM);
  g_subprocess_wait (fixture->server, NULL, NULL);
  g_clear_object (&fixture->server);
  g_free (fixture->url);
  g_free (fixture->lead_token);
  g_free (fixture->agent_token);
  g_free (fixture->server_db);
  g_free (fixture->dir);
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_result (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, on_timeout, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static LifelineLeadArticle *
publish (LifelineLeadService  *service,
         LifelineArticle      *article,
         const char           *etag,
         LifelineLeadArticle **current,
         GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lifeline_lead_service_publish_async (service, article, etag, NULL, on_done, &result);
  wait_for_result (&result);
  return lifeline_lead_service_publish_finish (service, result, current, error);
}

static GPtrArray *
search_ids (const char *db_path,
            const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineSearch) search = lifeline_search_new (db_path, &error);
  g_autoptr(GPtrArray) hits = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  hits = lifeline_search_query (search, query, 10, lifeline_time_now (), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (ids, g_strdup (((LifelineSearchHit *)g_ptr_array_index (hits, i))->id));
  return ids;
}

static void
on_changes_applied (LifelineSyncEngine *engine,
                    guint               n,
                    gpointer            user_data)
{
  (*(guint *)user_data)++;
}

/* Syncs the agent on demand until search finds @word, for at most 35 s. */
static gint64
agent_finds (LifelineSyncEngine *engine,
             const char         *db_path,
             const char         *word,
             guint              *applied)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 35 * G_USEC_PER_SEC;

  lifeline_sync_engine_sync_now (engine);
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GPtrArray) ids = search_ids (db_path, word);
      guint seen = *applied;
      gboolean timed_out = FALSE;
      guint id;

      if (g_ptr_array_find_with_equal_func (ids, ARTICLE_ID, g_str_equal, NULL))
        return (g_get_monotonic_time () - start) / 1000;

      /* Wait for the next applied page (or a second), then ask again. */
      id = g_timeout_add (1000, on_timeout, &timed_out);
      while (*applied == seen && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (id);
      else
        lifeline_sync_engine_sync_now (engine);
    }
  return -1;
}

static gboolean
wait_for_agent_revision (LifelineSyncEngine *engine,
                         LifelineDb         *db,
                         gint64              revision,
                         guint              *applied)
{
  gint64 deadline = g_get_monotonic_time () + 35 * G_USEC_PER_SEC;

  lifeline_sync_engine_sync_now (engine);
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(LifelineArticle) article = lifeline_kb_get_article (db, ARTICLE_ID, NULL);
      gboolean timed_out = FALSE;
      guint seen = *applied;
      guint id;

      if (article != NULL && article->revision >= revision)
        return TRUE;
      id = g_timeout_add (1000, on_timeout, &timed_out);
      while (*applied == seen && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (id);
      else
        lifeline_sync_engine_sync_now (engine);
    }
  return FALSE;
}

static void
test_publish_reaches_agent (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *lead_db = g_build_filename (fixture->dir, "lead.db", NULL);
  g_autofree char *agent_db = g_build_filename (fixture->dir, "agent.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineApiClient) lead_client = lifeline_api_client_new (fixture->url, fixture->lead_token);
  g_autoptr(LifelineApiClient) agent_client = lifeline_api_client_new (fixture->url, fixture->agent_token);
  g_autoptr(LifelineLeadService) lead = lifeline_lead_service_new (lead_db, lead_client, "lena");
  g_autoptr(LifelineLeadService) agent_tools = lifeline_lead_service_new (agent_db, agent_client, "ana");
  g_autoptr(LifelineSyncEngine) engine = NULL;
  g_autoptr(LifelineArticle) draft = NULL;
  g_autoptr(LifelineArticle) edit = NULL;
  g_autoptr(LifelineLeadArticle) first = NULL;
  g_autoptr(LifelineLeadArticle) second = NULL;
  g_autoptr(LifelineLeadArticle) stale = NULL;
  g_autoptr(LifelineLeadArticle) current = NULL;
  g_autoptr(LifelineLeadArticle) denied = NULL;
  g_autoptr(LifelineArticle) on_agent = NULL;
  g_autoptr(LifelineLeadArticle) verified = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LifelineDb) db = NULL;
  gint64 took_ms;
  guint applied = 0;

  /* The agent's client is in step with the server. */
  engine = lifeline_sync_engine_new (agent_db, &error);
  g_assert_no_error (error);
  lifeline_sync_engine_set_pull_interval (engine, 0);
  g_signal_connect (engine, "changes-applied", G_CALLBACK (on_changes_applied), &applied);
  lifeline_sync_engine_set_server (engine, fixture->url, fixture->agent_token);

  /* The lead publishes a new article, then an edit over its ETag. */
  draft = lifeline_article_new (ARTICLE_ID, "Restarting the router");
  g_free (draft->body);
  draft->body = g_strdup ("Hold the power button for **ten seconds**.");
  first = publish (lead, draft, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->article->revision, ==, 1);
  g_assert_cmpstr (first->etag, ==, "1");

  edit = lifeline_article_copy (first->article);
  g_free (edit->body);
  edit->body = g_strdup ("Hold the power button for **ten seconds**, then wait for the " NEW_WORD " light.");
  second = publish (lead, edit, first->etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->article->revision, ==, 2);
  g_assert_cmpstr (second->etag, ==, "2");

  /* The lead's own search has it at once. */
  {
    g_autoptr(GPtrArray) ids = search_ids (lead_db, NEW_WORD);

    g_assert_true (g_ptr_array_find_with_equal_func (ids, ARTICLE_ID, g_str_equal, NULL));
  }

  /* Publishing again over the old ETag is refused with the current
   * version: nothing overwritten unknowingly. */
  g_free (edit->body);
  edit->body = g_strdup ("A stale edit.");
  stale = publish (lead, edit, first->etag, &current, &error);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (stale);
  g_assert_nonnull (current);
  g_assert_cmpint (current->article->revision, ==, 2);
  g_assert_nonnull (strstr (current->article->body, NEW_WORD));

  /* An agent may not publish. */
  denied = publish (agent_tools, edit, second->etag, NULL, &error);
  g_assert_null (denied);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The history has both revisions, by the lead. */
  lifeline_lead_service_list_revisions_async (lead, ARTICLE_ID, NULL, on_done, &result);
  wait_for_result (&result);
  revisions = lifeline_lead_service_list_revisions_finish (lead, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpstr (((LifelineArticleRevision *)g_ptr_array_index (revisions, 1))->by, ==, "lena");

  /* The agent finds the new text in search within 35 seconds. */
  took_ms = agent_finds (engine, agent_db, NEW_WORD, &applied);
  g_assert_cmpint (took_ms, >=, 0);
  g_test_message ("the agent found the published text after %" G_GINT64_FORMAT " ms", took_ms);

  db = lifeline_db_open (agent_db, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  g_assert_no_error (error);
  on_agent = lifeline_kb_get_article (db, ARTICLE_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (on_agent->revision, ==, 2);
  g_assert_cmpstr (on_agent->verified_by, ==, "lena");

  /* An agent flags it: the lead's queue shows the flag with its reason. */
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) flag = NULL;
    g_autoptr(LifelineApiResponse) response = NULL;
    g_autoptr(LifelineLeadQueuesData) queues = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "reason");
    json_builder_add_string_value (builder, "The light is called the status light now");
    json_builder_end_object (builder);
    flag = json_builder_get_root (builder);
    g_clear_object (&result);
    lifeline_api_client_request_async (agent_client, "POST", "/api/v1/articles/" ARTICLE_ID "/flags", flag,
                                       NULL, NULL, on_done, &result);
    wait_for_result (&result);
    response = lifeline_api_client_request_finish (agent_client, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (response->status, ==, 201);

    g_clear_object (&result);
    lifeline_lead_service_list_queues_async (lead, lifeline_time_now (), NULL, on_done, &result);
    wait_for_result (&result);
    queues = lifeline_lead_service_list_queues_finish (lead, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (queues->flags->len, ==, 1);
    g_assert_cmpstr (((LifelineLeadFlag *)g_ptr_array_index (queues->flags, 0))->article_id, ==, ARTICLE_ID);
    g_assert_cmpstr (((LifelineLeadFlag *)g_ptr_array_index (queues->flags, 0))->reason, ==,
                     "The light is called the status light now");
    g_assert_cmpstr (((LifelineLeadFlag *)g_ptr_array_index (queues->flags, 0))->article_title, ==,
                     "Restarting the router");
  }

  /* One click on Verify: a new revision the agent gets with its next sync. */
  g_clear_object (&result);
  lifeline_lead_service_verify_async (lead, ARTICLE_ID, NULL, on_done, &result);
  wait_for_result (&result);
  verified = lifeline_lead_service_verify_finish (lead, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verified->article->revision, ==, 3);
  g_assert_cmpstr (verified->etag, ==, "3");
  g_assert_true (wait_for_agent_revision (engine, db, 3, &applied));

  /* …and it resolved the flag. */
  {
    g_autoptr(LifelineLeadQueuesData) queues = NULL;

    g_clear_object (&result);
    lifeline_lead_service_list_queues_async (lead, lifeline_time_now (), NULL, on_done, &result);
    wait_for_result (&result);
    queues = lifeline_lead_service_list_queues_finish (lead, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (queues->flags->len, ==, 0);
  }

  /* Restoring revision 1: its content published again as a new revision
   * over the current ETag; the agent gets the old text back. */
  {
    g_autoptr(GPtrArray) history = NULL;
    g_autoptr(LifelineLeadArticle) restored = NULL;
    LifelineArticleRevision *first_revision;

    g_clear_object (&result);
    lifeline_lead_service_list_revisions_async (lead, ARTICLE_ID, NULL, on_done, &result);
    wait_for_result (&result);
    history = lifeline_lead_service_list_revisions_finish (lead, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 3);   /* create, update, verify */
    g_assert_cmpstr (((LifelineArticleRevision *)g_ptr_array_index (history, 0))->action, ==, "create");
    g_assert_cmpstr (((LifelineArticleRevision *)g_ptr_array_index (history, 2))->action, ==, "verify");
    first_revision = g_ptr_array_index (history, 0);
    restored = publish (lead, first_revision->article, verified->etag, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (restored->article->revision, ==, 4);
    g_assert_cmpstr (restored->article->body, ==, "Hold the power button for **ten seconds**.");
    g_assert_true (wait_for_agent_revision (engine, db, 4, &applied));
    g_clear_object (&on_agent);
    on_agent = lifeline_kb_get_article (db, ARTICLE_ID, &error);
    g_assert_no_error (error);
    g_assert_null (strstr (on_agent->body, NEW_WORD));
  }

  /* Verifying a bundled article the server does not have yet publishes
   * the lead's copy there. */
  {
    g_autoptr(LifelineDb) lead_kb = lifeline_db_open (lead_db, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
    g_autoptr(LifelineArticle) bundled = lifeline_article_new ("bundled-article", "A bundled article");
    g_autoptr(LifelineLeadArticle) bundled_verified = NULL;

    g_assert_no_error (error);
    g_free (bundled->body);
    bundled->body = g_strdup ("Shipped with the app.");
    g_assert_true (lifeline_kb_put_article (lead_kb, bundled, LIFELINE_ORIGIN_STARTER, &error));
    g_assert_no_error (error);
    g_clear_object (&result);
    lifeline_lead_service_verify_async (lead, "bundled-article", NULL, on_done, &result);
    wait_for_result (&result);
    bundled_verified = lifeline_lead_service_verify_finish (lead, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (bundled_verified->article->body, ==, "Shipped with the app.");
    g_assert_cmpstr (bundled_verified->article->verified_by, ==, "lena");
    g_assert_cmpint (bundled_verified->article->verified_at, >, 0);
  }
}

#define SCRIPT_ID "wrong-price-quoted"

static LifelineScript *
script_saying (const char *say)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": \"" SCRIPT_ID "\", \"title\": \"I quoted the wrong price\","
                                           " \"categories\": [\"incorrect_information\"], \"tags\": [],"
                                           " \"revision\": 1, \"steps\": [{\"do\": \"Own it.\", \"say\": \"%s\","
                                           " \"ask\": null}]}", say);
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  LifelineScript *script;

  g_assert_nonnull (object);
  script = lifeline_script_new_from_json (object, &error);
  g_assert_no_error (error);
  return script;
}

static LifelineLeadScript *
publish_script (LifelineLeadService  *service,
                LifelineScript       *script,
                const char           *etag,
                LifelineLeadScript  **current,
                GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  lifeline_lead_service_publish_script_async (service, script, etag, NULL, on_done, &result);
  wait_for_result (&result);
  return lifeline_lead_service_publish_script_finish (service, result, current, error);
}

static GPtrArray *
script_revisions (LifelineLeadService *service)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *revisions;

  lifeline_lead_service_list_script_revisions_async (service, SCRIPT_ID, NULL, on_done, &result);
  wait_for_result (&result);
  revisions = lifeline_lead_service_list_revisions_finish (service, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (revisions);
  return revisions;
}

static const char *
first_say (LifelineScript *script)
{
  g_assert_cmpuint (script->steps->len, >, 0);
  return ((LifelineScriptStep *)g_ptr_array_index (script->steps, 0))->say;
}

/* A recovery script's history comes from the server through the lead
 * service (GET /api/v1/scripts/{id}/revisions), and restoring a revision
 * publishes its content again over the current ETag. */
static void
test_script_history (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *lead_db = g_build_filename (fixture->dir, "lead.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineApiClient) lead_client = lifeline_api_client_new (fixture->url, fixture->lead_token);
  g_autoptr(LifelineLeadService) lead = lifeline_lead_service_new (lead_db, lead_client, "lena");
  g_autoptr(LifelineScript) original = script_saying ("I am sorry, {customer_name}: I gave you the wrong price.");
  g_autoptr(LifelineScript) edit = script_saying ("I am sorry, {customer_name}: that price was wrong.");
  g_autoptr(LifelineLeadScript) first = NULL;
  g_autoptr(LifelineLeadScript) second = NULL;
  g_autoptr(LifelineLeadScript) stale = NULL;
  g_autoptr(LifelineLeadScript) current = NULL;
  g_autoptr(LifelineLeadScript) restored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineScript) stored = NULL;
  LifelineArticleRevision *oldest;

  first = publish_script (lead, original, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->etag, ==, "1");
  second = publish_script (lead, edit, first->etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->etag, ==, "2");

  /* Both revisions, who made them and what they said. */
  history = script_revisions (lead);
  g_assert_cmpuint (history->len, ==, 2);
  oldest = g_ptr_array_index (history, 0);
  g_assert_cmpint (oldest->revision, ==, 1);
  g_assert_cmpstr (oldest->action, ==, "create");
  g_assert_cmpstr (oldest->by, ==, "lena");
  g_assert_cmpint (oldest->at, >, 0);
  g_assert_null (oldest->article);
  g_assert_nonnull (oldest->script);
  g_assert_cmpstr (first_say (oldest->script), ==, first_say (original));
  g_assert_cmpstr (((LifelineArticleRevision *)g_ptr_array_index (history, 1))->action, ==, "update");
  g_assert_cmpstr (first_say (((LifelineArticleRevision *)g_ptr_array_index (history, 1))->script), ==,
                   first_say (edit));

  /* Restoring over a stale ETag is refused with the current version. */
  stale = publish_script (lead, oldest->script, first->etag, &current, &error);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (stale);
  g_assert_nonnull (current);
  g_assert_cmpint (current->script->revision, ==, 2);

  /* Over the current one, revision 1's content comes back as revision 3. */
  restored = publish_script (lead, oldest->script, second->etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (restored->script->revision, ==, 3);
  g_assert_cmpstr (first_say (restored->script), ==, first_say (original));
  g_clear_pointer (&history, g_ptr_array_unref);
  history = script_revisions (lead);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_true (lifeline_article_revision_same_content (g_ptr_array_index (history, 2),
                                                         g_ptr_array_index (history, 0)));

  /* The lead's own database has the restored script at once. */
  db = lifeline_db_open (lead_db, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  g_assert_no_error (error);
  stored = lifeline_kb_get_script (db, SCRIPT_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->revision, ==, 3);
  g_assert_cmpstr (first_say (stored), ==, first_say (original));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/lead/publish-reaches-agent", Fixture, NULL,
              fixture_set_up, test_publish_reaches_agent, fixture_tear_down);
  g_test_add ("/lead/script-history", Fixture, NULL,
              fixture_set_up, test_script_history, fixture_tear_down);

  return g_test_run ();
}
