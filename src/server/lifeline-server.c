/* lifeline-server.c — the HTTP service: routing, authentication, errors
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "lifeline-core.h"
#include "lifeline-server-private.h"
#include "lifeline-server-sqlite.h"

G_DEFINE_FINAL_TYPE (LifelineServer, lifeline_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (lifeline-http-error-quark, lifeline_http_error)

#define DEFAULT_RATE  20.0
#define DEFAULT_BURST 100.0

/* Requests */

static void
request_free (LifelineRequest *request)
{
  g_clear_object (&request->server);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request->params[0]);
  g_free (request->params[1]);
  lifeline_server_user_free (request->user);
  g_clear_pointer (&request->body, json_object_unref);
}

LifelineRequest *
lifeline_request_ref (LifelineRequest *request)
{
  return g_rc_box_acquire (request);
}

void
lifeline_request_unref (LifelineRequest *request)
{
  g_rc_box_release_full (request, (GDestroyNotify)request_free);
}

void
lifeline_request_set_header (LifelineRequest *request,
                             const char      *name,
                             const char      *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), name, value);
}

const char *
lifeline_request_get_header (LifelineRequest *request,
                             const char      *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), name);
}

const char *
lifeline_request_get_query (LifelineRequest *request,
                            const char      *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

static void
send_text (SoupServerMessage *msg,
           guint              status,
           char              *body)
{
  gsize len = strlen (body);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, len);
}

void
lifeline_request_send_json (LifelineRequest *request,
                            guint            status,
                            JsonNode        *node)
{
  send_text (request->msg, status, lifeline_wire_to_string (node, FALSE));
}

void
lifeline_request_send_builder (LifelineRequest *request,
                               guint            status,
                               JsonBuilder     *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);

  lifeline_request_send_json (request, status, node);
}

static char *
error_body (const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "code", code);
  lifeline_wire_add_string (builder, "message", message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return lifeline_wire_to_string (node, FALSE);
}

void
lifeline_request_send_error (LifelineRequest *request,
                             guint            status,
                             const char      *code,
                             const char      *message)
{
  send_text (request->msg, status, error_body (code, message));
}

void
lifeline_request_send_gerror (LifelineRequest *request,
                              const GError    *error)
{
  guint status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  const char *code = "unavailable";
  const char *message = error->message;

  if (error->domain == LIFELINE_HTTP_ERROR)
    {
      switch ((LifelineHttpError)error->code)
        {
        case LIFELINE_HTTP_ERROR_FORBIDDEN:
          status = SOUP_STATUS_FORBIDDEN, code = "forbidden";
          break;
        case LIFELINE_HTTP_ERROR_STALE_REVISION:
          status = SOUP_STATUS_CONFLICT, code = "stale_revision";
          break;
        case LIFELINE_HTTP_ERROR_PRECONDITION_FAILED:
          status = SOUP_STATUS_PRECONDITION_FAILED, code = "precondition_failed";
          break;
        case LIFELINE_HTTP_ERROR_PRECONDITION_REQUIRED:
          status = 428, code = "precondition_required";
          break;
        case LIFELINE_HTTP_ERROR_INVALID_QUERY:
          status = SOUP_STATUS_BAD_REQUEST, code = "invalid_query";
          break;
        default:
          break;
        }
    }
  else if (error->domain == LIFELINE_ERROR)
    {
      switch ((LifelineError)error->code)
        {
        case LIFELINE_ERROR_PARSE:
          status = SOUP_STATUS_BAD_REQUEST, code = "malformed_json";
          break;
        case LIFELINE_ERROR_INVALID:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY, code = "invalid_field";
          break;
        case LIFELINE_ERROR_NOT_FOUND:
          status = SOUP_STATUS_NOT_FOUND, code = "not_found";
          break;
        case LIFELINE_ERROR_CONFLICT:
          status = SOUP_STATUS_CONFLICT, code = "conflict";
          break;
        case LIFELINE_ERROR_DATABASE:
        case LIFELINE_ERROR_IO:
        case LIFELINE_ERROR_UNSUPPORTED:
        default:
          break;
        }
    }

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      /* The storage's own words go to the log, never anything about the request. */
      g_warning ("Storage failure: %s", error->message);
      message = _("The server could not reach its database. Try again in a moment.");
      lifeline_request_set_header (request, "Retry-After", "5");
    }

  lifeline_request_send_error (request, status, code, message);
}

gboolean
lifeline_request_query_int (LifelineRequest  *request,
                            const char       *name,
                            gint64            min,
                            gint64            max,
                            gint64            def,
                            gint64           *out,
                            GError          **error)
{
  const char *text = lifeline_request_get_query (request, name);
  gint64 value;

  if (text == NULL || *text == '\0')
    {
      *out = def;
      return TRUE;
    }

  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      g_set_error (error, LIFELINE_HTTP_ERROR, LIFELINE_HTTP_ERROR_INVALID_QUERY,
                   _("Query parameter “%s” must be a whole number from %" PRId64
                     " to %" PRId64), name, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

void
lifeline_builder_add_json (JsonBuilder *builder,
                           const char  *member,
                           const char  *json)
{
  JsonNode *node = json != NULL ? json_from_string (json, NULL) : NULL;

  json_builder_set_member_name (builder, member);
  if (node == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_value (builder, node);
}

void
lifeline_feedback_to_json (LifelineServerFeedback *feedback,
                           JsonBuilder            *builder)
{
  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", feedback->id);
  lifeline_wire_add_string (builder, "report_id", feedback->report_id);
  lifeline_wire_add_string (builder, "message", feedback->message);
  lifeline_wire_add_time (builder, "created_at", feedback->created_at);
  json_builder_end_object (builder);
}

/* Writes on the writer thread */

typedef struct
{
  LifelineRequest   *request;
  LifelineWriteDone  done;
  gpointer           job;
  GDestroyNotify     job_free;
} WriteClosure;

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  WriteClosure *closure = user_data;
  LifelineRequest *request = closure->request;
  g_autoptr(GError) error = NULL;

  if (!lifeline_server_writer_run_finish (LIFELINE_SERVER_WRITER (source), result, &error) &&
      (error->domain != LIFELINE_ERROR && error->domain != LIFELINE_HTTP_ERROR))
    lifeline_request_send_gerror (request, error);
  else if (error != NULL &&
           (g_error_matches (error, LIFELINE_ERROR, LIFELINE_ERROR_DATABASE) ||
            g_error_matches (error, LIFELINE_ERROR, LIFELINE_ERROR_IO)))
    lifeline_request_send_gerror (request, error);
  else
    closure->done (request, closure->job, error);

  if (request->paused)
    {
      request->paused = FALSE;
      soup_server_message_unpause (request->msg);
    }

  if (closure->job_free != NULL)
    closure->job_free (closure->job);
  lifeline_request_unref (request);
  g_free (closure);
}

void
lifeline_request_write (LifelineRequest   *request,
                        LifelineWriteFunc  run,
                        LifelineWriteDone  done,
                        gpointer           job,
                        GDestroyNotify     job_free)
{
  WriteClosure *closure = g_new0 (WriteClosure, 1);

  closure->request = lifeline_request_ref (request);
  closure->done = done;
  closure->job = job;
  closure->job_free = job_free;

  if (!request->paused)
    {
      request->paused = TRUE;
      soup_server_message_pause (request->msg);
    }

  lifeline_server_writer_run_async (request->server->writer, run, job, write_done, closure);
}

/* Heavy reads in a worker thread */

typedef struct
{
  LifelineRequest   *request;
  LifelineReadFunc   run;
  LifelineWriteDone  done;
  gpointer           job;
  GDestroyNotify     job_free;
  char              *db_path;
} ReadClosure;

static void
read_closure_free (ReadClosure *closure)
{
  /* Normally already done by read_done, on the main loop. */
  if (closure->job_free != NULL && closure->job != NULL)
    closure->job_free (closure->job);
  g_clear_pointer (&closure->request, lifeline_request_unref);
  g_free (closure->db_path);
  g_free (closure);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadClosure *closure = task_data;
  g_autoptr(LifelineServerStore) store = NULL;
  GError *error = NULL;

  /* A connection of its own: SQLite connections are not shared between threads. */
  store = lifeline_server_sqlite_open (closure->db_path, TRUE, &error);
  if (store == NULL || !lifeline_server_store_begin (store, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (!closure->run (store, closure->job, &error))
    {
      lifeline_server_store_rollback (store);
      g_task_return_error (task, error);
      return;
    }

  lifeline_server_store_commit (store, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ReadClosure *closure = g_task_get_task_data (G_TASK (result));
  LifelineRequest *request = closure->request;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      (error->domain != LIFELINE_HTTP_ERROR &&
       !g_error_matches (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND) &&
       !g_error_matches (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID)))
    lifeline_request_send_gerror (request, error);
  else
    closure->done (request, closure->job, error);

  request->paused = FALSE;
  soup_server_message_unpause (request->msg);

  /* Dropped here, so that the last reference to the message never goes
   * away in the worker thread. */
  if (closure->job_free != NULL)
    closure->job_free (closure->job);
  closure->job = NULL;
  g_clear_pointer (&closure->request, lifeline_request_unref);
}

void
lifeline_request_read (LifelineRequest   *request,
                       LifelineReadFunc   run,
                       LifelineWriteDone  done,
                       gpointer           job,
                       GDestroyNotify     job_free)
{
  g_autoptr(GTask) task = NULL;
  ReadClosure *closure = g_new0 (ReadClosure, 1);

  closure->request = lifeline_request_ref (request);
  closure->run = run;
  closure->done = done;
  closure->job = job;
  closure->job_free = job_free;
  closure->db_path = g_strdup (request->server->db_path);

  request->paused = TRUE;
  soup_server_message_pause (request->msg);

  task = g_task_new (request->server, NULL, read_done, NULL);
  g_task_set_source_tag (task, lifeline_request_read);
  g_task_set_task_data (task, closure, (GDestroyNotify)read_closure_free);
  g_task_run_in_thread (task, read_thread);
}

/* Routing */

typedef enum
{
  ROUTE_PUBLIC        = 1 << 0,
  ROUTE_LEAD          = 1 << 1,
  ROUTE_BODY          = 1 << 2,
  ROUTE_BODY_OPTIONAL = 1 << 3,
} RouteFlags;

typedef struct
{
  const char      *method;
  const char      *pattern;   /* "*" matches one path segment */
  RouteFlags       flags;
  LifelineHandler  handler;
  int              arg;
} Route;

static void handle_healthz (LifelineRequest *request);
static void handle_me      (LifelineRequest *request);

static const Route routes[] = {
  { "GET",    "/healthz",                        ROUTE_PUBLIC,                handle_healthz, 0 },
  { "GET",    "/api/v1/me",                      0,                           handle_me, 0 },
  { "PUT",    "/api/v1/reports/*",               ROUTE_BODY,                  lifeline_handle_report_put, 0 },
  { "GET",    "/api/v1/reports",                 ROUTE_LEAD,                  lifeline_handle_reports_list, 0 },
  { "POST",   "/api/v1/reports/*/feedback",      ROUTE_LEAD | ROUTE_BODY,     lifeline_handle_feedback_post, 0 },
  { "POST",   "/api/v1/receipts/feedback",       ROUTE_BODY,                  lifeline_handle_receipts, 0 },
  { "PUT",    "/api/v1/followups/*",             ROUTE_BODY,                  lifeline_handle_followup_put, 0 },
  { "GET",    "/api/v1/flags",                   ROUTE_LEAD,                  lifeline_handle_flags_list, 0 },
  { "POST",   "/api/v1/articles/*/flags",        ROUTE_BODY,                  lifeline_handle_flag_post, 0 },
  { "GET",    "/api/v1/changes",                 0,                           lifeline_handle_changes, 0 },
  { "GET",    "/api/v1/articles/*",              0,                           lifeline_handle_item_get, LIFELINE_ITEM_ARTICLE },
  { "PUT",    "/api/v1/articles/*",              ROUTE_LEAD | ROUTE_BODY,     lifeline_handle_item_put, LIFELINE_ITEM_ARTICLE },
  { "DELETE", "/api/v1/articles/*",              ROUTE_LEAD,                  lifeline_handle_item_delete, LIFELINE_ITEM_ARTICLE },
  { "POST",   "/api/v1/articles/*/verify",       ROUTE_LEAD | ROUTE_BODY_OPTIONAL, lifeline_handle_item_verify, LIFELINE_ITEM_ARTICLE },
  { "GET",    "/api/v1/articles/*/revisions",    0,                           lifeline_handle_item_revisions, LIFELINE_ITEM_ARTICLE },
  { "GET",    "/api/v1/scripts/*",               0,                           lifeline_handle_item_get, LIFELINE_ITEM_SCRIPT },
  { "PUT",    "/api/v1/scripts/*",               ROUTE_LEAD | ROUTE_BODY,     lifeline_handle_item_put, LIFELINE_ITEM_SCRIPT },
  { "DELETE", "/api/v1/scripts/*",               ROUTE_LEAD,                  lifeline_handle_item_delete, LIFELINE_ITEM_SCRIPT },
  { "GET",    "/api/v1/scripts/*/revisions",     0,                           lifeline_handle_item_revisions, LIFELINE_ITEM_SCRIPT },
  { "GET",    "/api/v1/stats/reports",           ROUTE_LEAD,                  lifeline_handle_stats, 0 },
};

static gboolean
route_match (const Route  *route,
             char * const *segments,
             char        **params)
{
  g_auto(GStrv) pattern = g_strsplit (route->pattern, "/", -1);
  guint n = 0;

  if (g_strv_length (pattern) != g_strv_length ((GStrv)segments))
    return FALSE;

  for (guint i = 0; pattern[i] != NULL; i++)
    {
      if (g_str_equal (pattern[i], "*"))
        {
          if (segments[i][0] == '\0')
            return FALSE;
          if (params != NULL && n < 2)
            params[n] = g_strdup (segments[i]);
          n++;
        }
      else if (!g_str_equal (pattern[i], segments[i]))
        return FALSE;
    }

  return TRUE;
}

static void
send_unauthorized (SoupServerMessage *msg,
                   gboolean           had_token)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                had_token ? "Bearer realm=\"lifeline\", error=\"invalid_token\""
                                          : "Bearer realm=\"lifeline\"");
  send_text (msg, SOUP_STATUS_UNAUTHORIZED,
             error_body ("unauthorized",
                         had_token
                         ? _("This token is unknown or has been revoked. Ask your administrator for a new one "
                             "(lifeline-server user add NAME).")
                         : _("Sign in: send “Authorization: Bearer TOKEN” with the token your administrator gave you.")));
}

static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  header += 7;
  while (*header == ' ')
    header++;
  return *header != '\0' ? header : NULL;
}

static gboolean
check_media_type (SoupServerMessage *msg)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type;
  const char *charset;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), &params);
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;
  charset = params ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  LifelineServer *self = user_data;
  g_autoptr(LifelineRequest) request = NULL;
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GString) allow = g_string_new (NULL);
  const char *method = soup_server_message_get_method (msg);
  const Route *route = NULL;
  gboolean path_known = FALSE;

  if (soup_server_message_get_status (msg) != 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!route_match (&routes[i], segments, NULL))
        continue;
      path_known = TRUE;
      if (!strstr (allow->str, routes[i].method))
        {
          if (allow->len > 0)
            g_string_append (allow, ", ");
          g_string_append (allow, routes[i].method);
          if (g_str_equal (routes[i].method, "GET"))
            g_string_append (allow, ", HEAD");
        }
      if (route == NULL &&
          (g_str_equal (routes[i].method, method) ||
           (g_str_equal (method, "HEAD") && g_str_equal (routes[i].method, "GET"))))
        route = &routes[i];
    }

  if (!path_known)
    {
      send_text (msg, SOUP_STATUS_NOT_FOUND,
                 error_body ("not_found", _("There is nothing at this address. The API lives under /api/v1/.")));
      return;
    }

  if (route == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This address takes %s, not %s."), allow->str, method);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
      send_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, error_body ("method_not_allowed", message));
      return;
    }

  request = g_rc_box_new0 (LifelineRequest);
  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->query = query ? g_hash_table_ref (query) : NULL;
  request->arg = route->arg;
  route_match (route, segments, request->params);

  if (!(route->flags & ROUTE_PUBLIC))
    {
      const char *token = bearer_token (msg);
      g_autofree char *hash = NULL;
      g_autoptr(GError) error = NULL;
      guint retry_after = 0;

      if (token == NULL)
        {
          send_unauthorized (msg, FALSE);
          return;
        }

      hash = lifeline_token_hash (token);
      request->user = lifeline_server_store_user_lookup_token (self->reader, hash, &error);
      if (request->user == NULL)
        {
          if (g_error_matches (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
            send_unauthorized (msg, TRUE);
          else
            lifeline_request_send_gerror (request, error);
          return;
        }

      if (!lifeline_rate_limiter_take (self->limiter, request->user->id, g_get_monotonic_time (), &retry_after))
        {
          g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

          lifeline_request_set_header (request, "Retry-After", seconds);
          lifeline_request_send_error (request, 429, "rate_limited",
                                       _("Too many requests with this token. Wait as long as Retry-After says, then try again."));
          return;
        }

      if ((route->flags & ROUTE_LEAD) && request->user->role != LIFELINE_ROLE_LEAD)
        {
          lifeline_request_send_error (request, SOUP_STATUS_FORBIDDEN, "forbidden",
                                       _("Only a team lead can do this."));
          return;
        }
    }

  if (route->flags & (ROUTE_BODY | ROUTE_BODY_OPTIONAL))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);

      if (len == 0 && (route->flags & ROUTE_BODY))
        {
          lifeline_request_send_error (request, SOUP_STATUS_BAD_REQUEST, "malformed_json",
                                       _("This request needs a JSON object as its body."));
          return;
        }

      if (len > 0)
        {
          g_autoptr(GError) error = NULL;

          if (!check_media_type (msg))
            {
              lifeline_request_send_error (request, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                                           _("Send the body as JSON with “Content-Type: application/json”."));
              return;
            }

          request->body = lifeline_wire_parse_object (data, len, &error);
          if (request->body == NULL)
            {
              lifeline_request_send_gerror (request, error);
              return;
            }
        }
    }

  route->handler (request);
}

/* Bodies over the limit are refused as soon as the headers say so, and
 * never buffered: the rest of the body is read and dropped. */
static void
refuse_too_large (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *message = g_strdup_printf (_("The body is larger than %d bytes."), LIFELINE_MAX_BODY);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  send_text (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, error_body ("payload_too_large", message));
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  gsize *total = user_data;

  *total += g_bytes_get_size (chunk);
  if (*total > LIFELINE_MAX_BODY && soup_server_message_get_status (msg) == 0)
    refuse_too_large (msg);
}

static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      if (soup_message_headers_get_content_length (headers) > LIFELINE_MAX_BODY)
        refuse_too_large (msg);
      break;

    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_EOF:
      g_signal_connect_data (msg, "got-chunk", G_CALLBACK (on_got_chunk),
                             g_new0 (gsize, 1), (GClosureNotify)(void (*) (void))g_free, 0);
      break;

    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }
}

/* The two small handlers */

static void
handle_healthz (LifelineRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "status", "ok");
  json_builder_end_object (builder);
  lifeline_request_send_builder (request, SOUP_STATUS_OK, builder);
}

static void
handle_me (LifelineRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "name", request->user->name);
  lifeline_wire_add_string (builder, "role", lifeline_role_to_string (request->user->role));
  json_builder_end_object (builder);
  lifeline_request_send_builder (request, SOUP_STATUS_OK, builder);
}

/* The object */

static void
lifeline_server_dispose (GObject *object)
{
  LifelineServer *self = (LifelineServer *)object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  /* Joined here, so that the thread never drops the last reference itself. */
  if (self->writer != NULL)
    lifeline_server_writer_stop (self->writer);
  g_clear_object (&self->writer);
  g_clear_object (&self->reader);

  G_OBJECT_CLASS (lifeline_server_parent_class)->dispose (object);
}

static void
lifeline_server_finalize (GObject *object)
{
  LifelineServer *self = (LifelineServer *)object;

  g_free (self->db_path);
  g_clear_pointer (&self->limiter, lifeline_rate_limiter_free);

  G_OBJECT_CLASS (lifeline_server_parent_class)->finalize (object);
}

static void
lifeline_server_class_init (LifelineServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lifeline_server_dispose;
  object_class->finalize = lifeline_server_finalize;
}

static void
lifeline_server_init (LifelineServer *self)
{
  self->limiter = lifeline_rate_limiter_new (DEFAULT_RATE, DEFAULT_BURST);
}

LifelineServer *
lifeline_server_new (const char  *db_path,
                     GError     **error)
{
  g_autoptr(LifelineServer) self = g_object_new (LIFELINE_TYPE_SERVER, NULL);
  g_autoptr(LifelineServerStore) write_store = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  self->db_path = g_strdup (db_path);

  /* The writable connection first: it creates and migrates the database. */
  write_store = lifeline_server_sqlite_open (db_path, FALSE, error);
  if (write_store == NULL)
    return NULL;
  self->reader = lifeline_server_sqlite_open (db_path, TRUE, error);
  if (self->reader == NULL)
    return NULL;
  self->writer = lifeline_server_writer_new (write_store);

  self->soup = soup_server_new ("server-header", "lifeline-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);

  return g_steal_pointer (&self);
}

void
lifeline_server_set_rate_limit (LifelineServer *self,
                                double          rate,
                                double          burst)
{
  g_return_if_fail (LIFELINE_IS_SERVER (self));

  g_clear_pointer (&self->limiter, lifeline_rate_limiter_free);
  self->limiter = lifeline_rate_limiter_new (rate, burst);
}

gboolean
lifeline_server_listen (LifelineServer   *self,
                        const char       *address,
                        guint             port,
                        GTlsCertificate  *certificate,
                        GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (LIFELINE_IS_SERVER (self), FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address (use 127.0.0.1, 0.0.0.0 or ::)"), address);
      return FALSE;
    }

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  sockaddr = g_inet_socket_address_new (inet, port);
  return soup_server_listen (self->soup, sockaddr, options, error);
}

char *
lifeline_server_get_url (LifelineServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (LIFELINE_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return url;
}

void
lifeline_server_stop (LifelineServer *self)
{
  g_return_if_fail (LIFELINE_IS_SERVER (self));

  soup_server_disconnect (self->soup);
  lifeline_server_writer_stop (self->writer);
}
