/* lifeline-search-provider.c — GNOME Shell's search provider (org.gnome.Shell.SearchProvider2)
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-search-provider"

#include "config.h"

#include "lifeline-core.h"
#include "lifeline-kb-store.h"
#include "lifeline-search-provider.h"
#include "lifeline-search-worker.h"

/* The Shell shows a handful of results per provider; a few more let it
 * choose, and scripts are left out of the hits (the Shell opens articles). */
#define MAX_RESULTS 10
#define MAX_HITS    25

struct _LifelineSearchProvider
{
  GObject              parent_instance;

  LifelineApplication *application;     /* unowned: it owns us */
  char                *db_path;
  GDBusConnection     *connection;
  guint                registration_id;

  /* The Shell asks again on every key press: the query before is cancelled. */
  GCancellable        *query_cancellable;

  /* Guarded by @mutex: read by the metas thread, written by the main loop. */
  GMutex               mutex;
  LifelineDb          *db;               /* read-only, for the metas */
  GHashTable          *seen;             /* id → Seen, from the latest hits */
};

typedef struct
{
  char *title;
  char *snippet;                         /* without the match marks */
} Seen;

G_DEFINE_FINAL_TYPE (LifelineSearchProvider, lifeline_search_provider, G_TYPE_OBJECT)

static void
seen_free (gpointer data)
{
  Seen *seen = data;

  g_free (seen->title);
  g_free (seen->snippet);
  g_free (seen);
}

static char *
strip_marks (const char *snippet)
{
  GString *out = g_string_new (NULL);

  for (const char *p = snippet ? snippet : ""; *p != '\0'; p++)
    if (*p != LIFELINE_MARK_START[0] && *p != LIFELINE_MARK_END[0])
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static GDBusInterfaceInfo *
get_interface_info (void)
{
  static GDBusInterfaceInfo *info;

  if (g_once_init_enter (&info))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GDBusNodeInfo) node = NULL;
      g_autoptr(GError) error = NULL;
      GDBusInterfaceInfo *found;

      bytes = g_resources_lookup_data (RESOURCE_BASE "/dbus/org.gnome.Shell.SearchProvider2.xml",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      node = g_dbus_node_info_new_for_xml (g_bytes_get_data (bytes, NULL), &error);
      g_assert_no_error (error);
      found = g_dbus_node_info_lookup_interface (node, "org.gnome.Shell.SearchProvider2");
      g_assert (found != NULL);
      g_once_init_leave (&info, g_dbus_interface_info_ref (found));
    }

  return info;
}

/* Opens the article reader on first use, and again after a failure. A
 * missing database is not an error: there are no articles yet. Called with
 * the mutex held. */
static gboolean
ensure_open (LifelineSearchProvider  *self,
             gboolean                *has_database,
             GError                 **error)
{
  *has_database = g_file_test (self->db_path, G_FILE_TEST_EXISTS);
  if (!*has_database || self->db != NULL)
    return TRUE;

  self->db = lifeline_db_open (self->db_path, NULL, LIFELINE_DB_READ_ONLY, error);
  return self->db != NULL;
}

/* Worker: the metas of the ids (task data, a strv), as an aa{sv} variant. */
static void
metas_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LifelineSearchProvider *self = source_object;
  const char * const *ids = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  g_autofree char *icon_string = g_icon_to_string (icon);
  g_autoptr(GError) error = NULL;
  GVariantBuilder metas;
  gboolean has_database;

  if (!ensure_open (self, &has_database, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(LifelineArticle) article = NULL;
      g_autoptr(GError) local_error = NULL;
      Seen *seen = g_hash_table_lookup (self->seen, ids[i]);
      const char *title = NULL;
      const char *description = NULL;
      GVariantBuilder meta;

      if (has_database)
        article = lifeline_kb_get_article (self->db, ids[i], &local_error);
      if (article != NULL)
        {
          title = article->title;
          description = article->summary;
        }
      else if (local_error != NULL &&
               !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_warning ("Could not read article %s for the Activities overview: %s",
                     ids[i], local_error->message);
        }

      if (title == NULL && seen != NULL)
        title = seen->title;
      if ((description == NULL || *description == '\0') && seen != NULL)
        description = seen->snippet;
      if (title == NULL)
        continue;  /* deleted since the search: the Shell skips it */

      g_variant_builder_init (&meta, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (ids[i]));
      g_variant_builder_add (&meta, "{sv}", "name", g_variant_new_string (title));
      g_variant_builder_add (&meta, "{sv}", "description",
                             g_variant_new_string (description ? description : ""));
      g_variant_builder_add (&meta, "{sv}", "gicon", g_variant_new_string (icon_string));
      g_variant_builder_add_value (&metas, g_variant_builder_end (&meta));
    }

  g_task_return_pointer (task,
                         g_variant_ref_sink (g_variant_new ("(aa{sv})", &metas)),
                         (GDestroyNotify) g_variant_unref);
}

static void
return_error (GDBusMethodInvocation *invocation,
              const GError          *error)
{
  g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_FAILED,
                                                 error->message);
}

typedef struct
{
  LifelineSearchProvider *self;
  GDBusMethodInvocation  *invocation;
} QueryData;

static void
on_query_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  QueryData *data = user_data;
  LifelineSearchProvider *self = data->self;
  g_autoptr(GDBusMethodInvocation) invocation = data->invocation;
  g_autoptr(LifelineSearchResults) results = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder ids;
  guint n_ids = 0;

  g_free (data);

  results = lifeline_search_worker_search_finish (LIFELINE_SEARCH_WORKER (object), result, &error);
  g_variant_builder_init (&ids, G_VARIANT_TYPE ("as"));

  if (results == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning ("Searching for the Activities overview failed: %s", error->message);
      return_error (invocation, error);
      goto out;
    }

  /* A cancelled query was overtaken by the next key press: the Shell no
   * longer waits for it. */
  if (results != NULL && results->sections->len > 0)
    {
      LifelineResultSection *hits = g_ptr_array_index (results->sections, 0);
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

      for (guint i = 0; i < hits->items->len && n_ids < MAX_RESULTS; i++)
        {
          LifelineResultItem *item = g_ptr_array_index (hits->items, i);
          Seen *seen;

          if (item->kind != LIFELINE_HIT_ARTICLE)
            continue;

          seen = g_new0 (Seen, 1);
          seen->title = g_strdup (item->title);
          seen->snippet = strip_marks (item->snippet);
          g_hash_table_replace (self->seen, g_strdup (item->id), seen);

          g_variant_builder_add (&ids, "s", item->id);
          n_ids++;
        }
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(as)", &ids));

out:
  g_variant_builder_clear (&ids);
  g_application_release (G_APPLICATION (self->application));
  g_object_unref (self);
}

static void
on_metas_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LifelineSearchProvider *self = LIFELINE_SEARCH_PROVIDER (object);
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GError) error = NULL;

  metas = g_task_propagate_pointer (G_TASK (result), &error);
  if (metas == NULL)
    {
      g_warning ("Reading articles for the Activities overview failed: %s", error->message);
      return_error (invocation, error);
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation, metas);
    }

  g_application_release (G_APPLICATION (self->application));
}

static void
start_query (LifelineSearchProvider *self,
             const char * const     *terms,
             GDBusMethodInvocation  *invocation)
{
  g_autofree char *query = g_strjoinv (" ", (char **) terms);
  LifelineSearchWorker *worker = lifeline_application_get_search_worker (self->application);
  QueryData *data;

  g_strstrip (query);
  if (*query == '\0' || worker == NULL)
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(as)", NULL));
      return;
    }

  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();

  data = g_new0 (QueryData, 1);
  data->self = g_object_ref (self);
  data->invocation = g_object_ref (invocation);

  /* The worker waits, in its thread, until the knowledge base is loaded:
   * the first search of a Lifeline just started by the Shell finds it. */
  g_application_hold (G_APPLICATION (self->application));
  lifeline_search_worker_search_async (worker, query, MAX_HITS,
                                       g_get_real_time () / G_USEC_PER_SEC,
                                       self->query_cancellable, on_query_done, data);
}

static void
start_metas (LifelineSearchProvider *self,
             const char * const     *ids,
             GDBusMethodInvocation  *invocation)
{
  g_autoptr(GTask) task = NULL;

  g_application_hold (G_APPLICATION (self->application));
  task = g_task_new (self, NULL, on_metas_done, g_object_ref (invocation));
  g_task_set_source_tag (task, start_metas);
  g_task_set_task_data (task, g_strdupv ((char **) ids), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, metas_thread);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  LifelineSearchProvider *self = LIFELINE_SEARCH_PROVIDER (user_data);

  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_autofree const char **terms = NULL;

      g_variant_get (parameters, "(^a&s)", &terms);
      start_query (self, terms, invocation);
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      g_autofree const char **previous = NULL;
      g_autofree const char **terms = NULL;

      /* A fresh search: ranking may change as the words grow, and the
       * index answers a longer query faster than a shorter one. */
      g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
      start_query (self, terms, invocation);
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_autofree const char **ids = NULL;

      g_variant_get (parameters, "(^a&s)", &ids);
      start_metas (self, ids, invocation);
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *id;
      g_autofree const char **terms = NULL;
      guint32 timestamp;

      g_variant_get (parameters, "(&s^a&su)", &id, &terms, &timestamp);
      lifeline_application_open_article (self->application, id, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_autofree const char **terms = NULL;
      g_autofree char *text = NULL;
      guint32 timestamp;

      g_variant_get (parameters, "(^a&su)", &terms, &timestamp);
      text = g_strjoinv (" ", (char **) terms);
      lifeline_application_search (self->application, text, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s in %s", method_name, interface_name);
    }
}

static const GDBusInterfaceVTable vtable = {
  .method_call = method_call,
};

LifelineSearchProvider *
lifeline_search_provider_new (LifelineApplication *application,
                              const char          *db_path)
{
  LifelineSearchProvider *self;

  g_return_val_if_fail (LIFELINE_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (LIFELINE_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  self->db_path = g_strdup (db_path);
  return self;
}

gboolean
lifeline_search_provider_register (LifelineSearchProvider  *self,
                                   GDBusConnection         *connection,
                                   const char              *object_path,
                                   GError                 **error)
{
  guint id;

  g_return_val_if_fail (LIFELINE_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  id = g_dbus_connection_register_object (connection, object_path, get_interface_info (),
                                          &vtable, g_object_ref (self), g_object_unref, error);
  if (id == 0)
    return FALSE;

  self->connection = g_object_ref (connection);
  self->registration_id = id;
  return TRUE;
}

void
lifeline_search_provider_unregister (LifelineSearchProvider *self)
{
  g_return_if_fail (LIFELINE_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    {
      g_dbus_connection_unregister_object (self->connection, self->registration_id);
      self->registration_id = 0;
    }
  g_clear_object (&self->connection);
}

static void
lifeline_search_provider_dispose (GObject *object)
{
  LifelineSearchProvider *self = (LifelineSearchProvider *)object;

  lifeline_search_provider_unregister (self);

  G_OBJECT_CLASS (lifeline_search_provider_parent_class)->dispose (object);
}

static void
lifeline_search_provider_finalize (GObject *object)
{
  LifelineSearchProvider *self = (LifelineSearchProvider *)object;

  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->db);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_free (self->db_path);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (lifeline_search_provider_parent_class)->finalize (object);
}

static void
lifeline_search_provider_class_init (LifelineSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lifeline_search_provider_dispose;
  object_class->finalize = lifeline_search_provider_finalize;
}

static void
lifeline_search_provider_init (LifelineSearchProvider *self)
{
  g_mutex_init (&self->mutex);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, seen_free);
}
