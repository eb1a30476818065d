/* lifeline-lead-service.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a server, every write is an HTTP request (docs/api.md: PUT with
 * If-Match, POST …/verify) and the server's answer is then stored in the
 * local knowledge base, so the lead's own search has it at once (the sync
 * engine brings the same revision again later; an upsert of the same thing).
 * Without one, the same operations run in a worker thread on the client
 * database (lifeline-lead-store.c). Either way the main loop never waits.
 */

#define G_LOG_DOMAIN "lifeline-lead"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "lifeline-core.h"
#include "lifeline-kb-store.h"
#include "lifeline-lead-service.h"
#include "lifeline-lead-store.h"

struct _LifelineLeadService
{
  GObject            parent_instance;

  char              *db_path;
  LifelineApiClient *client;
  char              *by;
};

G_DEFINE_FINAL_TYPE (LifelineLeadService, lifeline_lead_service, G_TYPE_OBJECT)

void
lifeline_lead_queues_data_free (LifelineLeadQueuesData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->flags, g_ptr_array_unref);
  g_clear_pointer (&data->expired, g_ptr_array_unref);
  g_clear_pointer (&data->expiring, g_ptr_array_unref);
  g_clear_pointer (&data->scripts, g_ptr_array_unref);
  g_free (data);
}

void
lifeline_lead_article_free (LifelineLeadArticle *item)
{
  if (item == NULL)
    return;
  g_clear_object (&item->article);
  g_free (item->etag);
  g_free (item);
}

static LifelineLeadArticle *
lead_article_new (LifelineArticle *article,
                  const char      *etag)
{
  LifelineLeadArticle *item = g_new0 (LifelineLeadArticle, 1);

  item->article = g_object_ref (article);
  item->etag = etag != NULL ? g_strdup (etag)
                            : g_strdup_printf ("%" G_GINT64_FORMAT, article->revision);
  return item;
}

/* What a job carries into its thread and through its requests. */
typedef struct
{
  char             *id;
  char             *kind;         /* of a draft */
  char             *json;
  char             *etag;
  gint64            now;
  LifelineArticle  *article;      /* to publish, or the server's answer to store */
  LifelineScript   *script;
  JsonNode         *flags;        /* GET /api/v1/flags */
  GHashTable       *notes;        /* report id → note, from GET /api/v1/reports */
} Job;

static void
job_free (Job *job)
{
  g_free (job->id);
  g_free (job->kind);
  g_free (job->json);
  g_free (job->etag);
  g_clear_object (&job->article);
  g_clear_object (&job->script);
  g_clear_pointer (&job->flags, json_node_unref);
  g_clear_pointer (&job->notes, g_hash_table_unref);
  g_free (job);
}

static GTask *
new_task (LifelineLeadService *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          Job                **job_out)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  *job_out = job;
  return task;
}

static LifelineDb *
open_db (LifelineLeadService  *self,
         GError              **error)
{
  return lifeline_db_open (self->db_path, lifeline_client_schema (), LIFELINE_DB_DURABLE, error);
}

/* @kind: "article" or "script". */
static char *
item_path (const char *kind,
           const char *id,
           const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (g_str_equal (kind, "script") ? "/api/v1/scripts/" : "/api/v1/articles/",
                      escaped, suffix, NULL);
}

static char *
path_for (const char *id,
          const char *suffix)
{
  return item_path ("article", id, suffix);
}

static LifelineArticle *
article_from_object (JsonObject  *object,
                     GError     **error)
{
  if (object == NULL)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                           _("The server sent no article back; try again in a moment."));
      return NULL;
    }
  return lifeline_article_new_from_json (object, error);
}

/* --- queues --------------------------------------------------------------- */

static gint
compare_expiry (gconstpointer a,
                gconstpointer b)
{
  gint64 ea = lifeline_article_get_expires_at (*(LifelineArticle **)a);
  gint64 eb = lifeline_article_get_expires_at (*(LifelineArticle **)b);

  return (ea > eb) - (ea < eb);
}

static gint
compare_script_title (gconstpointer a,
                      gconstpointer b)
{
  return g_utf8_collate ((*(LifelineScript **)a)->title, (*(LifelineScript **)b)->title);
}

static LifelineLeadFlag *
flag_from_json (JsonObject *object,
                GHashTable *notes)
{
  LifelineLeadFlag *flag = g_new0 (LifelineLeadFlag, 1);
  const char *created = json_object_get_string_member_with_default (object, "created_at", NULL);

  flag->id = g_strdup (json_object_get_string_member_with_default (object, "id", ""));
  flag->article_id = g_strdup (json_object_get_string_member_with_default (object, "article_id", ""));
  flag->article_title = g_strdup (json_object_get_string_member_with_default (object, "article_title", NULL));
  flag->reason = g_strdup (json_object_get_string_member_with_default (object, "reason", ""));
  flag->report_id = g_strdup (json_object_get_string_member_with_default (object, "report_id", NULL));
  if (flag->report_id != NULL && notes != NULL)
    flag->report_note = g_strdup (g_hash_table_lookup (notes, flag->report_id));
  if (created != NULL)
    lifeline_time_parse (created, &flag->created_at);
  return flag;
}

static void
list_queues_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(LifelineLeadQueuesData) data = g_new0 (LifelineLeadQueuesData, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  g_autoptr(GPtrArray) articles = NULL;
  gint64 soon = job->now + (gint64)LIFELINE_EXPIRING_DAYS * 24 * 3600;

  if (db == NULL || (articles = lifeline_kb_list_articles (db, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->expired = g_ptr_array_new_with_free_func (g_object_unref);
  data->expiring = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < articles->len; i++)
    {
      LifelineArticle *article = g_ptr_array_index (articles, i);

      if (lifeline_article_is_expired (article, job->now))
        g_ptr_array_add (data->expired, g_object_ref (article));
      else if (lifeline_article_get_expires_at (article) <= soon)
        g_ptr_array_add (data->expiring, g_object_ref (article));
    }
  g_ptr_array_sort (data->expired, compare_expiry);
  g_ptr_array_sort (data->expiring, compare_expiry);

  data->scripts = lifeline_kb_list_scripts (db, &error);
  if (data->scripts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_sort (data->scripts, compare_script_title);

  if (job->flags == NULL)
    {
      data->flags = lifeline_lead_list_flags (db, &error);
      if (data->flags == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else
    {
      JsonObject *root = JSON_NODE_HOLDS_OBJECT (job->flags) ? json_node_get_object (job->flags) : NULL;
      JsonArray *array = root && json_object_has_member (root, "flags")
                         ? json_object_get_array_member (root, "flags") : NULL;

      data->flags = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_lead_flag_free);
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          LifelineLeadFlag *flag;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          flag = flag_from_json (json_node_get_object (node), job->notes);
          if (flag->article_title == NULL)
            {
              g_autoptr(LifelineArticle) local = lifeline_kb_get_article (db, flag->article_id, NULL);

              if (local != NULL)
                flag->article_title = g_strdup (local->title);
            }
          g_ptr_array_add (data->flags, flag);
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify)lifeline_lead_queues_data_free);
}

static void
on_reports_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  Job *job = g_task_get_task_data (task);
  JsonObject *root;

  /* The reports only add their notes: the queue shows without them. */
  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, NULL);
  root = response != NULL && response->status == 200 ? lifeline_api_response_get_object (response) : NULL;
  if (root != NULL && json_object_has_member (root, "reports"))
    {
      JsonArray *reports = json_object_get_array_member (root, "reports");

      job->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; reports != NULL && i < json_array_get_length (reports); i++)
        {
          JsonObject *report = json_array_get_object_element (reports, i);
          const char *id = report ? json_object_get_string_member_with_default (report, "id", NULL) : NULL;
          const char *note = report ? json_object_get_string_member_with_default (report, "note", NULL) : NULL;

          if (id != NULL && note != NULL && *note != '\0')
            g_hash_table_insert (job->notes, g_strdup (id), g_strdup (note));
        }
    }
  g_task_run_in_thread (task, list_queues_thread);
}

static void
on_flags_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  LifelineLeadService *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GCancellable *cancellable;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  if (response == NULL || !lifeline_api_response_check (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->flags = json_node_ref (response->json);
  cancellable = g_task_get_cancellable (task);
  lifeline_api_client_request_async (self->client, "GET", "/api/v1/reports?limit=500", NULL, NULL,
                                     cancellable, on_reports_listed, g_steal_pointer (&task));
}

void
lifeline_lead_service_list_queues_async (LifelineLeadService  *self,
                                         gint64                now,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));

  task = new_task (self, lifeline_lead_service_list_queues_async, cancellable, callback, user_data, &job);
  job->now = now;
  if (self->client == NULL)
    g_task_run_in_thread (task, list_queues_thread);
  else
    lifeline_api_client_request_async (self->client, "GET", "/api/v1/flags?status=open", NULL, NULL,
                                       cancellable, on_flags_listed, g_steal_pointer (&task));
}

LifelineLeadQueuesData *
lifeline_lead_service_list_queues_finish (LifelineLeadService  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- verify, get, publish ------------------------------------------------- */

/* Stores the server's answer locally, then returns it. */
static void
store_answer_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);

  if (db == NULL || !lifeline_kb_put_article (db, job->article, LIFELINE_ORIGIN_SERVER, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lead_article_new (job->article, job->etag),
                         (GDestroyNotify)lifeline_lead_article_free);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  g_autoptr(LifelineArticle) article = NULL;

  if (db == NULL || (article = lifeline_lead_verify_article (db, job->id, self->by, job->now, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lead_article_new (article, NULL), (GDestroyNotify)lifeline_lead_article_free);
}

/* 2xx with an article: store it and return it. */
static void
take_article_answer (GTask               *task,
                     LifelineApiResponse *response,
                     GError              *error)
{
  Job *job = g_task_get_task_data (task);

  if (response == NULL || !lifeline_api_response_check (response, &error) ||
      (job->article = article_from_object (lifeline_api_response_get_object (response), &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (job->etag);
  job->etag = g_strdup (response->etag);
  g_task_run_in_thread (task, store_answer_thread);
}

static void
on_article_answer (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  take_article_answer (task, response, g_steal_pointer (&error));
}

static JsonNode *publish_body (LifelineArticle *article);

/* Verifying an article the server does not have (a bundled starter one)
 * publishes this machine's version there: publishing counts as verifying. */
static void
verify_local_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  LifelineArticle *article = NULL;

  if (db == NULL || (article = lifeline_kb_get_article (db, job->id, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, article, g_object_unref);
}

static void
on_local_for_verify (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;   /* the verify task */
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineArticle) article = g_task_propagate_pointer (G_TASK (result), &error);
  LifelineLeadService *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;
  GCancellable *cancellable;

  if (article == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = path_for (job->id, "");
  body = publish_body (article);
  cancellable = g_task_get_cancellable (task);
  lifeline_api_client_request_async (self->client, "PUT", path, body, NULL, cancellable,
                                     on_article_answer, g_steal_pointer (&task));
}

static void
on_verify_answer (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  LifelineLeadService *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GTask) local = NULL;
  GCancellable *cancellable;
  Job *local_job;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  if (response == NULL || response->status != 404)
    {
      take_article_answer (task, response, g_steal_pointer (&error));
      return;
    }
  local_job = g_new0 (Job, 1);
  local_job->id = g_strdup (job->id);
  cancellable = g_task_get_cancellable (task);
  local = g_task_new (self, cancellable, on_local_for_verify, g_steal_pointer (&task));
  g_task_set_task_data (local, local_job, (GDestroyNotify)job_free);
  g_task_run_in_thread (local, verify_local_thread);
}

void
lifeline_lead_service_verify_async (LifelineLeadService  *self,
                                    const char           *id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));
  g_return_if_fail (id != NULL);

  task = new_task (self, lifeline_lead_service_verify_async, cancellable, callback, user_data, &job);
  job->id = g_strdup (id);
  job->now = lifeline_time_now ();
  if (self->client == NULL)
    g_task_run_in_thread (task, verify_thread);
  else
    {
      g_autofree char *path = path_for (id, "/verify");
      g_autoptr(JsonNode) empty = json_node_init_object (json_node_alloc (), json_object_new ());

      lifeline_api_client_request_async (self->client, "POST", path, empty, NULL, cancellable,
                                         on_verify_answer, g_steal_pointer (&task));
    }
}

LifelineLeadArticle *
lifeline_lead_service_verify_finish (LifelineLeadService  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_local_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  g_autoptr(LifelineArticle) article = NULL;
  LifelineLeadArticle *item;

  if (db == NULL || (article = lifeline_kb_get_article (db, job->id, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  item = lead_article_new (article, NULL);
  /* With a server, an article it does not have (a bundled one) is new there. */
  if (self->client != NULL)
    g_clear_pointer (&item->etag, g_free);
  g_task_return_pointer (task, item, (GDestroyNotify)lifeline_lead_article_free);
}

static void
on_article_got (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineArticle) article = NULL;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  if (response != NULL && response->status == 404)
    {
      g_task_run_in_thread (task, get_local_thread);
      return;
    }
  if (response == NULL || !lifeline_api_response_check (response, &error) ||
      (article = article_from_object (lifeline_api_response_get_object (response), &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lead_article_new (article, response->etag),
                         (GDestroyNotify)lifeline_lead_article_free);
}

void
lifeline_lead_service_get_article_async (LifelineLeadService  *self,
                                         const char           *id,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));
  g_return_if_fail (id != NULL);

  task = new_task (self, lifeline_lead_service_get_article_async, cancellable, callback, user_data, &job);
  job->id = g_strdup (id);
  if (self->client == NULL)
    g_task_run_in_thread (task, get_local_thread);
  else
    {
      g_autofree char *path = path_for (id, "");

      lifeline_api_client_request_async (self->client, "GET", path, NULL, NULL, cancellable,
                                         on_article_got, g_steal_pointer (&task));
    }
}

LifelineLeadArticle *
lifeline_lead_service_get_article_finish (LifelineLeadService  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A publish that lost the race carries the other version with it. */
typedef struct
{
  LifelineLeadArticle *published;
  LifelineLeadArticle *current;
} PublishResult;

static void
publish_result_free (PublishResult *res)
{
  lifeline_lead_article_free (res->published);
  lifeline_lead_article_free (res->current);
  g_free (res);
}

static void
publish_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  g_autoptr(LifelineArticle) published = NULL;
  g_autoptr(LifelineArticle) current = NULL;
  PublishResult *res = g_new0 (PublishResult, 1);
  gint64 base = job->etag != NULL ? g_ascii_strtoll (job->etag, NULL, 10) : 0;

  if (db != NULL)
    published = lifeline_lead_publish_article (db, job->article, base, self->by, job->now, &current, &error);
  if (published != NULL)
    res->published = lead_article_new (published, NULL);
  else if (current != NULL)
    res->current = lead_article_new (current, NULL);
  else
    {
      publish_result_free (res);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, NULL, NULL);
  if (error != NULL)
    g_task_set_task_data (task, g_steal_pointer (&error), (GDestroyNotify)g_error_free);
  g_task_return_pointer (task, res, (GDestroyNotify)publish_result_free);
}

static void
store_published_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  PublishResult *res;

  if (db == NULL || !lifeline_kb_put_article (db, job->article, LIFELINE_ORIGIN_SERVER, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  res = g_new0 (PublishResult, 1);
  res->published = lead_article_new (job->article, job->etag);
  g_task_set_task_data (task, NULL, NULL);
  g_task_return_pointer (task, res, (GDestroyNotify)publish_result_free);
}

static void
on_published (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (task);
  JsonObject *root;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = lifeline_api_response_get_object (response);
  if (response->status == 412 && root != NULL && json_object_has_member (root, "current") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "current")))
    {
      g_autoptr(LifelineArticle) current = NULL;
      PublishResult *res;

      current = article_from_object (json_object_get_object_member (root, "current"), &error);
      if (current == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      res = g_new0 (PublishResult, 1);
      res->current = lead_article_new (current, NULL);
      g_task_set_task_data (task,
                            g_error_new (LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                                         _("“%s” was published by someone else after you started "
                                           "editing it (now revision %" PRId64 ")."),
                                         current->title, current->revision),
                            (GDestroyNotify)g_error_free);
      g_task_return_pointer (task, res, (GDestroyNotify)publish_result_free);
      return;
    }

  if (!lifeline_api_response_check (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&job->article);
  job->article = article_from_object (root, &error);
  if (job->article == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (job->etag);
  job->etag = g_strdup (response->etag);
  g_task_run_in_thread (task, store_published_thread);
}

static JsonNode *
publish_body (LifelineArticle *article)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", article->id);
  lifeline_wire_add_string (builder, "title", article->title);
  lifeline_wire_add_string (builder, "summary", article->summary ? article->summary : "");
  lifeline_wire_add_string (builder, "body", article->body ? article->body : "");
  lifeline_wire_add_strv (builder, "tags", (const char * const *)article->tags);
  lifeline_wire_add_string (builder, "owner", article->owner ? article->owner : "");
  json_builder_set_member_name (builder, "verify_interval_days");
  json_builder_add_int_value (builder, article->verify_interval_days > 0
                                       ? article->verify_interval_days
                                       : LIFELINE_DEFAULT_VERIFY_INTERVAL_DAYS);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
lifeline_lead_service_publish_async (LifelineLeadService  *self,
                                     LifelineArticle      *article,
                                     const char           *etag,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));
  g_return_if_fail (LIFELINE_IS_ARTICLE (article));

  task = new_task (self, lifeline_lead_service_publish_async, cancellable, callback, user_data, &job);
  job->article = lifeline_article_copy (article);
  job->etag = g_strdup (etag);
  job->now = lifeline_time_now ();
  if (self->client == NULL)
    g_task_run_in_thread (task, publish_thread);
  else
    {
      g_autofree char *path = path_for (article->id, "");
      g_autoptr(JsonNode) body = publish_body (article);

      lifeline_api_client_request_async (self->client, "PUT", path, body, etag, cancellable,
                                         on_published, g_steal_pointer (&task));
    }
}

LifelineLeadArticle *
lifeline_lead_service_publish_finish (LifelineLeadService  *self,
                                      GAsyncResult         *result,
                                      LifelineLeadArticle **current,
                                      GError              **error)
{
  PublishResult *res;
  GError *conflict;
  LifelineLeadArticle *published;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  res = g_task_propagate_pointer (G_TASK (result), error);
  if (res == NULL)
    return NULL;
  published = g_steal_pointer (&res->published);
  if (published == NULL)
    {
      conflict = g_task_get_task_data (G_TASK (result));
      if (conflict != NULL)
        g_propagate_error (error, g_error_copy (conflict));
      else
        g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                             _("Someone else published this article after you started editing it."));
      if (current != NULL)
        *current = g_steal_pointer (&res->current);
    }
  publish_result_free (res);
  return published;
}

/* --- revisions ------------------------------------------------------------ */

static void
revisions_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  GPtrArray *revisions = NULL;

  if (db != NULL)
    revisions = g_str_equal (job->kind, "script") ? lifeline_lead_list_script_revisions (db, job->id, &error)
                                                  : lifeline_lead_list_revisions (db, job->id, &error);
  if (revisions == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, revisions, (GDestroyNotify)g_ptr_array_unref);
}

static void
on_revisions (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  Job *job = g_task_get_task_data (task);
  gboolean scripts = g_str_equal (job->kind, "script");
  JsonObject *root;
  JsonArray *array;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  if (response != NULL && response->status == 404)
    {
      /* Not on the server yet: what this machine has. */
      g_task_run_in_thread (task, revisions_thread);
      return;
    }
  if (response == NULL || !lifeline_api_response_check (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  root = lifeline_api_response_get_object (response);
  array = root && json_object_has_member (root, "revisions")
          ? json_object_get_array_member (root, "revisions") : NULL;
  revisions = g_ptr_array_new_with_free_func ((GDestroyNotify)lifeline_article_revision_free);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      LifelineArticleRevision *revision;
      const char *at;

      if (object == NULL)
        continue;
      revision = g_new0 (LifelineArticleRevision, 1);
      revision->revision = json_object_get_int_member_with_default (object, "revision", 0);
      revision->action = g_strdup (json_object_get_string_member_with_default (object, "action", "update"));
      revision->by = g_strdup (json_object_get_string_member_with_default (object, "by", NULL));
      at = json_object_get_string_member_with_default (object, "at", NULL);
      if (at != NULL)
        lifeline_time_parse (at, &revision->at);
      if (json_object_has_member (object, job->kind) &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, job->kind)))
        {
          JsonObject *item = json_object_get_object_member (object, job->kind);

          if (scripts)
            revision->script = lifeline_script_new_from_json (item, NULL);
          else
            revision->article = lifeline_article_new_from_json (item, NULL);
        }
      g_ptr_array_add (revisions, revision);
    }
  g_task_return_pointer (task, g_steal_pointer (&revisions), (GDestroyNotify)g_ptr_array_unref);
}

static void
list_revisions (LifelineLeadService  *self,
                const char           *kind,
                const char           *id,
                GCancellable         *cancellable,
                GAsyncReadyCallback   callback,
                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  task = new_task (self, lifeline_lead_service_list_revisions_async, cancellable, callback, user_data, &job);
  job->id = g_strdup (id);
  job->kind = g_strdup (kind);
  if (self->client == NULL)
    g_task_run_in_thread (task, revisions_thread);
  else
    {
      g_autofree char *path = item_path (kind, id, "/revisions");

      lifeline_api_client_request_async (self->client, "GET", path, NULL, NULL, cancellable,
                                         on_revisions, g_steal_pointer (&task));
    }
}

void
lifeline_lead_service_list_revisions_async (LifelineLeadService  *self,
                                            const char           *id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));
  g_return_if_fail (id != NULL);

  list_revisions (self, "article", id, cancellable, callback, user_data);
}

void
lifeline_lead_service_list_script_revisions_async (LifelineLeadService  *self,
                                                   const char           *id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data)
{
  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));
  g_return_if_fail (id != NULL);

  list_revisions (self, "script", id, cancellable, callback, user_data);
}

GPtrArray *
lifeline_lead_service_list_revisions_finish (LifelineLeadService  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- drafts --------------------------------------------------------------- */

static void
save_draft_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  gint64 base = job->etag != NULL ? g_ascii_strtoll (job->etag, NULL, 10) : 0;

  if (db == NULL || !lifeline_lead_save_draft (db, job->kind, job->id, job->json, base, job->now, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
lifeline_lead_service_save_draft_async (LifelineLeadService  *self,
                                        const char           *kind,
                                        const char           *id,
                                        const char           *json,
                                        const char           *etag,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));

  task = new_task (self, lifeline_lead_service_save_draft_async, cancellable, callback, user_data, &job);
  job->kind = g_strdup (kind);
  job->id = g_strdup (id);
  job->json = g_strdup (json);
  job->etag = g_strdup (etag);
  job->now = lifeline_time_now ();
  g_task_run_in_thread (task, save_draft_thread);
}

gboolean
lifeline_lead_service_save_draft_finish (LifelineLeadService  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
get_draft_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  gint64 base = 0;
  char *json = NULL;

  if (db != NULL)
    json = lifeline_lead_get_draft (db, job->kind, job->id, &base, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (job->etag);
  job->etag = base != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, base) : NULL;
  g_task_return_pointer (task, json, g_free);
}

void
lifeline_lead_service_get_draft_async (LifelineLeadService  *self,
                                       const char           *kind,
                                       const char           *id,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));

  task = new_task (self, lifeline_lead_service_get_draft_async, cancellable, callback, user_data, &job);
  job->kind = g_strdup (kind);
  job->id = g_strdup (id);
  g_task_run_in_thread (task, get_draft_thread);
}

char *
lifeline_lead_service_get_draft_finish (LifelineLeadService  *self,
                                        GAsyncResult         *result,
                                        char                **etag,
                                        GError              **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (etag != NULL)
    *etag = g_strdup (job->etag);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
delete_draft_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);

  if (db == NULL || !lifeline_lead_delete_draft (db, job->kind, job->id, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
lifeline_lead_service_delete_draft_async (LifelineLeadService  *self,
                                          const char           *kind,
                                          const char           *id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));

  task = new_task (self, lifeline_lead_service_delete_draft_async, cancellable, callback, user_data, &job);
  job->kind = g_strdup (kind);
  job->id = g_strdup (id);
  g_task_run_in_thread (task, delete_draft_thread);
}

gboolean
lifeline_lead_service_delete_draft_finish (LifelineLeadService  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- scripts -------------------------------------------------------------- */

void
lifeline_lead_script_free (LifelineLeadScript *item)
{
  if (item == NULL)
    return;
  g_clear_object (&item->script);
  g_free (item->etag);
  g_free (item);
}

static LifelineLeadScript *
lead_script_new (LifelineScript *script,
                 const char     *etag)
{
  LifelineLeadScript *item = g_new0 (LifelineLeadScript, 1);

  item->script = g_object_ref (script);
  item->etag = etag != NULL ? g_strdup (etag)
                            : g_strdup_printf ("%" G_GINT64_FORMAT, script->revision);
  return item;
}

static char *
script_path (const char *id)
{
  return item_path ("script", id, NULL);
}

static LifelineScript *
script_from_object (JsonObject  *object,
                    GError     **error)
{
  if (object == NULL)
    {
      g_set_error_literal (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE,
                           _("The server sent no script back; try again in a moment."));
      return NULL;
    }
  return lifeline_script_new_from_json (object, error);
}

static void
get_script_local_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  g_autoptr(LifelineScript) script = NULL;
  LifelineLeadScript *item;

  if (db == NULL || (script = lifeline_kb_get_script (db, job->id, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  item = lead_script_new (script, NULL);
  if (self->client != NULL)
    g_clear_pointer (&item->etag, g_free);
  g_task_return_pointer (task, item, (GDestroyNotify)lifeline_lead_script_free);
}

static void
on_script_got (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineScript) script = NULL;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  if (response != NULL && response->status == 404)
    {
      g_task_run_in_thread (task, get_script_local_thread);
      return;
    }
  if (response == NULL || !lifeline_api_response_check (response, &error) ||
      (script = script_from_object (lifeline_api_response_get_object (response), &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lead_script_new (script, response->etag),
                         (GDestroyNotify)lifeline_lead_script_free);
}

void
lifeline_lead_service_get_script_async (LifelineLeadService  *self,
                                        const char           *id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));
  g_return_if_fail (id != NULL);

  task = new_task (self, lifeline_lead_service_get_script_async, cancellable, callback, user_data, &job);
  job->id = g_strdup (id);
  if (self->client == NULL)
    g_task_run_in_thread (task, get_script_local_thread);
  else
    {
      g_autofree char *path = script_path (id);

      lifeline_api_client_request_async (self->client, "GET", path, NULL, NULL, cancellable,
                                         on_script_got, g_steal_pointer (&task));
    }
}

LifelineLeadScript *
lifeline_lead_service_get_script_finish (LifelineLeadService  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  LifelineLeadScript *published;
  LifelineLeadScript *current;
  GError             *conflict;
} ScriptResult;

static void
script_result_free (ScriptResult *res)
{
  lifeline_lead_script_free (res->published);
  lifeline_lead_script_free (res->current);
  g_clear_error (&res->conflict);
  g_free (res);
}

/* Standalone: the same rules as the server's PUT with If-Match. */
static void
publish_script_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  g_autoptr(LifelineScript) published = NULL;
  g_autoptr(LifelineScript) current = NULL;
  ScriptResult *res;
  gint64 base = job->etag != NULL ? g_ascii_strtoll (job->etag, NULL, 10) : 0;

  if (db != NULL)
    published = lifeline_lead_publish_script (db, job->script, base, self->by, job->now, &current, &error);
  if (published == NULL && current == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  res = g_new0 (ScriptResult, 1);
  if (published != NULL)
    res->published = lead_script_new (published, NULL);
  else
    {
      res->current = lead_script_new (current, NULL);
      res->conflict = g_steal_pointer (&error);
    }
  g_task_return_pointer (task, res, (GDestroyNotify)script_result_free);
}

static void
store_script_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LifelineLeadService *self = source_object;
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = open_db (self, &error);
  ScriptResult *res;

  if (db == NULL || !lifeline_kb_put_script (db, job->script, LIFELINE_ORIGIN_SERVER, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  res = g_new0 (ScriptResult, 1);
  res->published = lead_script_new (job->script, job->etag);
  g_task_return_pointer (task, res, (GDestroyNotify)script_result_free);
}

static void
on_script_published (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (task);
  JsonObject *root;

  response = lifeline_api_client_request_finish (LIFELINE_API_CLIENT (source), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  root = lifeline_api_response_get_object (response);
  if (response->status == 412 && root != NULL && json_object_has_member (root, "current") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "current")))
    {
      g_autoptr(LifelineScript) current = script_from_object (json_object_get_object_member (root, "current"), &error);
      ScriptResult *res;

      if (current == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      res = g_new0 (ScriptResult, 1);
      res->current = lead_script_new (current, NULL);
      res->conflict = g_error_new (LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                                   _("“%s” was published by someone else after you started editing it."),
                                   current->title);
      g_task_return_pointer (task, res, (GDestroyNotify)script_result_free);
      return;
    }
  if (!lifeline_api_response_check (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&job->script);
  job->script = script_from_object (root, &error);
  if (job->script == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_free (job->etag);
  job->etag = g_strdup (response->etag);
  g_task_run_in_thread (task, store_script_thread);
}

void
lifeline_lead_service_publish_script_async (LifelineLeadService  *self,
                                            LifelineScript       *script,
                                            const char           *etag,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (LIFELINE_IS_LEAD_SERVICE (self));
  g_return_if_fail (LIFELINE_IS_SCRIPT (script));

  task = new_task (self, lifeline_lead_service_publish_script_async, cancellable, callback, user_data, &job);
  job->script = g_object_ref (script);
  job->etag = g_strdup (etag);
  job->now = lifeline_time_now ();
  if (self->client == NULL)
    g_task_run_in_thread (task, publish_script_thread);
  else
    {
      g_autofree char *path = script_path (script->id);
      g_autoptr(JsonNode) body = lifeline_script_to_json_node (script);

      /* The server manages the revision. */
      json_object_remove_member (json_node_get_object (body), "revision");
      json_object_remove_member (json_node_get_object (body), "updated_at");
      lifeline_api_client_request_async (self->client, "PUT", path, body, etag, cancellable,
                                         on_script_published, g_steal_pointer (&task));
    }
}

LifelineLeadScript *
lifeline_lead_service_publish_script_finish (LifelineLeadService  *self,
                                             GAsyncResult         *result,
                                             LifelineLeadScript  **current,
                                             GError              **error)
{
  ScriptResult *res;
  LifelineLeadScript *published;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  res = g_task_propagate_pointer (G_TASK (result), error);
  if (res == NULL)
    return NULL;
  published = g_steal_pointer (&res->published);
  if (published == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&res->conflict));
      if (current != NULL)
        *current = g_steal_pointer (&res->current);
    }
  script_result_free (res);
  return published;
}

/* --- the object ----------------------------------------------------------- */

static void
lifeline_lead_service_finalize (GObject *object)
{
  LifelineLeadService *self = (LifelineLeadService *)object;

  g_free (self->db_path);
  g_clear_object (&self->client);
  g_free (self->by);

  G_OBJECT_CLASS (lifeline_lead_service_parent_class)->finalize (object);
}

static void
lifeline_lead_service_class_init (LifelineLeadServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lifeline_lead_service_finalize;
}

static void
lifeline_lead_service_init (LifelineLeadService *self)
{
}

LifelineLeadService *
lifeline_lead_service_new (const char        *db_path,
                           LifelineApiClient *client,
                           const char        *by)
{
  LifelineLeadService *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (LIFELINE_TYPE_LEAD_SERVICE, NULL);
  self->db_path = g_strdup (db_path);
  self->client = client ? g_object_ref (client) : NULL;
  self->by = g_strdup (by != NULL && *by != '\0' ? by : g_get_user_name ());
  return self;
}

gboolean
lifeline_lead_service_is_standalone (LifelineLeadService *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_SERVICE (self), TRUE);
  return self->client == NULL;
}

const char *
lifeline_lead_service_get_db_path (LifelineLeadService *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_SERVICE (self), NULL);
  return self->db_path;
}
