/* lifeline-server-items.c — articles and scripts, flags, the changes feed
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

#include "lifeline-server-private.h"

#define MAX_REASON_CHARS 2000

typedef enum
{
  ITEM_PUT,
  ITEM_DELETE,
  ITEM_VERIFY,
} ItemOp;

static const char *
kind_label (LifelineItemKind kind)
{
  return kind == LIFELINE_ITEM_SCRIPT ? _("script") : _("article");
}

static gboolean
check_path_id (LifelineRequest *request)
{
  g_autofree char *message = NULL;

  if (lifeline_id_is_valid (request->params[0]))
    return TRUE;

  message = g_strdup_printf (_("There is no %s “%s”: ids are 1–128 letters, digits, dots, dashes or underscores."),
                             kind_label (request->arg), request->params[0]);
  lifeline_request_send_error (request, SOUP_STATUS_NOT_FOUND, "not_found", message);
  return FALSE;
}

static char *
etag_for (gint64 revision)
{
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", revision);
}

/* If-Match, strong comparison: "*" or a list of quoted revisions. */
static gboolean
etag_matches (const char *if_match,
              gint64      revision)
{
  g_auto(GStrv) tags = NULL;
  g_autofree char *want = etag_for (revision);

  if (if_match == NULL)
    return FALSE;

  tags = g_strsplit (if_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*") || g_str_equal (tag, want))
        return TRUE;
    }
  return FALSE;
}

/* Parsing an article or a script from the wire, with the id from the path
 * when the body leaves it out. */
static GObject *
item_from_json (LifelineItemKind   kind,
                JsonObject        *object,
                GError           **error)
{
  if (kind == LIFELINE_ITEM_SCRIPT)
    return (GObject *)lifeline_script_new_from_json (object, error);
  return (GObject *)lifeline_article_new_from_json (object, error);
}

static GObject *
item_from_text (LifelineItemKind   kind,
                const char        *text,
                GError           **error)
{
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (text, -1, error);

  if (object == NULL)
    return NULL;
  return item_from_json (kind, object, error);
}

/* What decides "the same content": everything but the bookkeeping. */
static char *
script_content_key (LifelineScript *script)
{
  g_autoptr(JsonNode) node = lifeline_script_to_json_node (script);
  JsonObject *object = json_node_get_object (node);

  json_object_remove_member (object, "revision");
  json_object_remove_member (object, "updated_at");
  return lifeline_wire_to_string (node, FALSE);
}

static gboolean
same_content (LifelineItemKind kind,
              GObject         *a,
              GObject         *b)
{
  if (kind == LIFELINE_ITEM_SCRIPT)
    {
      g_autofree char *ka = script_content_key (LIFELINE_SCRIPT (a));
      g_autofree char *kb = script_content_key (LIFELINE_SCRIPT (b));

      return g_str_equal (ka, kb);
    }
  return lifeline_article_equal_content (LIFELINE_ARTICLE (a), LIFELINE_ARTICLE (b));
}

static char *
item_to_text (LifelineItemKind kind,
              GObject         *item)
{
  g_autoptr(JsonNode) node = NULL;

  if (kind == LIFELINE_ITEM_SCRIPT)
    node = lifeline_script_to_json_node (LIFELINE_SCRIPT (item));
  else
    node = lifeline_article_to_json_node (LIFELINE_ARTICLE (item));
  return lifeline_wire_to_string (node, FALSE);
}

/* Writes */

typedef struct
{
  ItemOp            op;
  LifelineItemKind  kind;
  char             *id;
  GObject          *item;        /* ITEM_PUT: the new content */
  char             *if_match;
  gint64            user_id;
  char             *user_name;
  /* out */
  guint             status;
  char             *content;     /* what to answer with */
  char             *current;     /* on 412: the current content */
  gint64            revision;
} ItemJob;

static void
item_job_free (ItemJob *job)
{
  g_free (job->id);
  g_clear_object (&job->item);
  g_free (job->if_match);
  g_free (job->user_name);
  g_free (job->content);
  g_free (job->current);
  g_free (job);
}

static gboolean
stale (ItemJob             *job,
       LifelineServerItem  *existing,
       GError             **error)
{
  job->current = g_strdup (existing->content);
  g_set_error (error, LIFELINE_HTTP_ERROR, LIFELINE_HTTP_ERROR_PRECONDITION_FAILED,
               _("Someone changed this %s since you opened it (it is now at revision %" PRId64 "). "
                 "Compare with the current version, then publish again with its ETag."),
               kind_label (job->kind), existing->revision);
  return FALSE;
}

static gboolean
item_job_run (LifelineServerStore  *store,
              gpointer              data,
              GError              **error)
{
  ItemJob *job = data;
  g_autoptr(LifelineServerItem) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GObject) current = NULL;
  LifelineServerItem next = { 0 };
  gint64 now = lifeline_time_now ();
  const char *action;
  gboolean live;

  existing = lifeline_server_store_item_get (store, job->kind, job->id, &local_error);
  if (existing == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  live = existing != NULL && !existing->deleted;

  if (live)
    {
      current = item_from_text (job->kind, existing->content, error);
      if (current == NULL)
        return FALSE;
    }
  else if (job->op != ITEM_PUT)
    {
      g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                   _("There is no %s “%s”"), kind_label (job->kind), job->id);
      return FALSE;
    }

  switch (job->op)
    {
    case ITEM_PUT:
      if (!live)
        {
          if (job->if_match != NULL)
            {
              g_set_error (error, LIFELINE_HTTP_ERROR, LIFELINE_HTTP_ERROR_PRECONDITION_FAILED,
                           _("There is no %s “%s” to match If-Match against; publish it without If-Match."),
                           kind_label (job->kind), job->id);
              return FALSE;
            }
          action = "create";
          next.revision = existing != NULL ? existing->revision + 1 : 1;
          job->status = SOUP_STATUS_CREATED;
        }
      else
        {
          if (job->if_match == NULL)
            {
              g_set_error (error, LIFELINE_HTTP_ERROR, LIFELINE_HTTP_ERROR_PRECONDITION_REQUIRED,
                           _("This %s exists: send If-Match with the ETag of the revision you edited, "
                             "so that no one's changes are overwritten unknowingly."),
                           kind_label (job->kind));
              return FALSE;
            }

          job->status = SOUP_STATUS_OK;
          if (same_content (job->kind, current, job->item))
            {
              /* A retried publish: nothing changes. */
              job->content = g_strdup (existing->content);
              job->revision = existing->revision;
              return TRUE;
            }

          if (!etag_matches (job->if_match, existing->revision))
            return stale (job, existing, error);

          action = "update";
          next.revision = existing->revision + 1;
        }

      if (job->kind == LIFELINE_ITEM_ARTICLE)
        {
          LifelineArticle *article = LIFELINE_ARTICLE (job->item);

          article->revision = next.revision;
          article->updated_at = now;
          article->created_at = live ? LIFELINE_ARTICLE (current)->created_at : now;
          /* Publishing is vouching for the content. */
          article->verified_at = now;
          g_free (article->verified_by);
          article->verified_by = g_strdup (job->user_name);
        }
      else
        {
          LifelineScript *script = LIFELINE_SCRIPT (job->item);

          script->revision = next.revision;
          script->updated_at = now;
        }
      next.content = item_to_text (job->kind, job->item);
      break;

    case ITEM_DELETE:
      if (job->if_match != NULL && !etag_matches (job->if_match, existing->revision))
        return stale (job, existing, error);
      action = "delete";
      next.revision = existing->revision + 1;
      next.deleted = TRUE;
      job->status = SOUP_STATUS_NO_CONTENT;
      break;

    case ITEM_VERIFY:
      {
        LifelineArticle *article = LIFELINE_ARTICLE (current);

        action = "verify";
        next.revision = existing->revision + 1;
        article->revision = next.revision;
        article->verified_at = now;
        g_free (article->verified_by);
        article->verified_by = g_strdup (job->user_name);
        next.content = item_to_text (job->kind, current);
        job->status = SOUP_STATUS_OK;
      }
      break;

    default:
      g_assert_not_reached ();
    }

  next.kind = job->kind;
  next.id = job->id;
  next.updated_at = now;

  if (!lifeline_server_store_item_put (store, &next, action, job->user_id, error) ||
      !lifeline_server_store_change_add (store, lifeline_item_kind_to_string (job->kind), job->id, 0, error))
    {
      g_free (next.content);
      return FALSE;
    }

  /* An article just published, verified or deleted answers its flags. */
  if (job->kind == LIFELINE_ITEM_ARTICLE &&
      !lifeline_server_store_flags_resolve (store, job->id, now, error))
    {
      g_free (next.content);
      return FALSE;
    }

  job->content = next.content;
  job->revision = next.revision;
  return TRUE;
}

static void
item_job_done (LifelineRequest *request,
               gpointer         data,
               const GError    *error)
{
  ItemJob *job = data;
  g_autofree char *etag = NULL;

  if (error != NULL)
    {
      if (job->current != NULL)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autofree char *current_etag = NULL;
          g_autoptr(GObject) current = item_from_text (job->kind, job->current, NULL);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "error");
          json_builder_begin_object (builder);
          lifeline_wire_add_string (builder, "code", "precondition_failed");
          lifeline_wire_add_string (builder, "message", error->message);
          json_builder_end_object (builder);
          lifeline_builder_add_json (builder, "current", job->current);
          json_builder_end_object (builder);
          if (current != NULL)
            {
              current_etag = etag_for (job->kind == LIFELINE_ITEM_SCRIPT
                                       ? LIFELINE_SCRIPT (current)->revision
                                       : LIFELINE_ARTICLE (current)->revision);
              lifeline_request_set_header (request, "ETag", current_etag);
            }
          lifeline_request_send_builder (request, SOUP_STATUS_PRECONDITION_FAILED, builder);
        }
      else
        lifeline_request_send_gerror (request, error);
      return;
    }

  if (job->status == SOUP_STATUS_NO_CONTENT)
    {
      soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  etag = etag_for (job->revision);
  lifeline_request_set_header (request, "ETag", etag);
  {
    g_autoptr(JsonNode) node = json_from_string (job->content, NULL);

    lifeline_request_send_json (request, job->status, node);
  }
}

static ItemJob *
item_job_new (LifelineRequest *request,
              ItemOp           op)
{
  ItemJob *job = g_new0 (ItemJob, 1);
  const char *if_match = lifeline_request_get_header (request, "If-Match");

  job->op = op;
  job->kind = request->arg;
  job->id = g_strdup (request->params[0]);
  job->if_match = if_match != NULL && *if_match != '\0' ? g_strdup (if_match) : NULL;
  job->user_id = request->user->id;
  job->user_name = g_strdup (request->user->name);
  return job;
}

void
lifeline_handle_item_put (LifelineRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GObject) item = NULL;
  const char *body_id;
  ItemJob *job;

  if (!check_path_id (request))
    return;

  body_id = json_object_has_member (request->body, "id") &&
            JSON_NODE_HOLDS_VALUE (json_object_get_member (request->body, "id")) &&
            json_node_get_value_type (json_object_get_member (request->body, "id")) == G_TYPE_STRING
            ? json_object_get_string_member (request->body, "id") : NULL;

  if (json_object_has_member (request->body, "id"))
    object = json_object_ref (request->body);
  else
    {
      /* The parser's objects are sealed: copy, then add the path's id. */
      g_autoptr(GList) members = json_object_get_members (request->body);

      object = json_object_new ();
      for (const GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (request->body, l->data)));
      json_object_set_string_member (object, "id", request->params[0]);
      body_id = request->params[0];
    }

  item = item_from_json (request->arg, object, &error);
  if (item == NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  if (g_strcmp0 (body_id, request->params[0]) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Field “id” must be the same as the id in the address (%s)"),
                                                  request->params[0]);

      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field", message);
      return;
    }

  job = item_job_new (request, ITEM_PUT);
  job->item = g_steal_pointer (&item);
  lifeline_request_write (request, item_job_run, item_job_done, job, (GDestroyNotify)item_job_free);
}

void
lifeline_handle_item_delete (LifelineRequest *request)
{
  if (!check_path_id (request))
    return;
  lifeline_request_write (request, item_job_run, item_job_done,
                          item_job_new (request, ITEM_DELETE), (GDestroyNotify)item_job_free);
}

void
lifeline_handle_item_verify (LifelineRequest *request)
{
  if (!check_path_id (request))
    return;
  lifeline_request_write (request, item_job_run, item_job_done,
                          item_job_new (request, ITEM_VERIFY), (GDestroyNotify)item_job_free);
}

/* Reads */

void
lifeline_handle_item_get (LifelineRequest *request)
{
  g_autoptr(LifelineServerItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!check_path_id (request))
    return;

  item = lifeline_server_store_item_get (request->server->reader, request->arg, request->params[0], &error);
  if (item == NULL || item->deleted)
    {
      if (item != NULL)
        g_set_error (&error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND,
                     _("The %s “%s” was deleted"), kind_label (request->arg), request->params[0]);
      lifeline_request_send_gerror (request, error);
      return;
    }

  etag = etag_for (item->revision);
  lifeline_request_set_header (request, "ETag", etag);
  node = json_from_string (item->content, NULL);
  lifeline_request_send_json (request, SOUP_STATUS_OK, node);
}

void
lifeline_handle_item_revisions (LifelineRequest *request)
{
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *member = lifeline_item_kind_to_string (request->arg);

  if (!check_path_id (request))
    return;

  revisions = lifeline_server_store_item_revisions (request->server->reader, request->arg,
                                                    request->params[0], &error);
  if (revisions == NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revisions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < revisions->len; i++)
    {
      LifelineServerRevision *revision = revisions->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, revision->revision);
      lifeline_wire_add_string (builder, "action", revision->action);
      lifeline_wire_add_string (builder, "by", revision->by);
      lifeline_wire_add_time (builder, "at", revision->at);
      lifeline_builder_add_json (builder, member, revision->content);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  lifeline_request_send_builder (request, SOUP_STATUS_OK, builder);
}

/* Flags */

/* @show_report: FALSE hides which report a flag came from (a confidential
 * one, or one the server has not received). */
static void
flag_to_json (LifelineServerFlag *flag,
              const char         *title,
              gboolean            with_title,
              gboolean            show_report,
              JsonBuilder        *builder)
{
  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", flag->id);
  lifeline_wire_add_string (builder, "article_id", flag->article_id);
  if (with_title)
    lifeline_wire_add_string (builder, "article_title", title);
  lifeline_wire_add_string (builder, "reason", flag->reason);
  lifeline_wire_add_string (builder, "report_id", show_report ? flag->report_id : NULL);
  lifeline_wire_add_time (builder, "created_at", flag->created_at);
  lifeline_wire_add_time (builder, "resolved_at", flag->resolved_at);
  json_builder_end_object (builder);
}

typedef struct
{
  LifelineServerFlag *flag;
  gint64              user_id;
  guint               status;
} FlagJob;

static void
flag_job_free (FlagJob *job)
{
  lifeline_server_flag_free (job->flag);
  g_free (job);
}

static gboolean
flag_job_run (LifelineServerStore  *store,
              gpointer              data,
              GError              **error)
{
  FlagJob *job = data;
  LifelineServerFlag *flag = job->flag;
  g_autoptr(GError) local_error = NULL;

  if (flag->id != NULL)
    {
      g_autoptr(LifelineServerFlag) existing = lifeline_server_store_flag_get (store, flag->id, &local_error);

      if (existing != NULL)
        {
          if (g_strcmp0 (existing->article_id, flag->article_id) != 0 ||
              g_strcmp0 (existing->reason, flag->reason) != 0)
            {
              g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                           _("Flag %s already exists with different content; send a new flag with a new id."),
                           flag->id);
              return FALSE;
            }
          lifeline_server_flag_free (job->flag);
          job->flag = g_steal_pointer (&existing);
          job->status = SOUP_STATUS_OK;
          return TRUE;
        }
      if (!g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
    }
  else
    flag->id = g_uuid_string_random ();

  flag->user_id = job->user_id;
  if (flag->report_id != NULL)
    {
      g_autoptr(LifelineServerReport) report = NULL;
      g_autoptr(LifelineServerFlag) existing = NULL;

      /* One flag per report and article, whoever sends it first (the
       * report itself flags the article it names). */
      existing = lifeline_server_store_flag_find_for_report (store, flag->article_id, flag->report_id,
                                                             &local_error);
      if (existing != NULL)
        {
          lifeline_server_flag_free (job->flag);
          job->flag = g_steal_pointer (&existing);
          job->status = SOUP_STATUS_OK;
          return TRUE;
        }
      if (!g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);

      report = lifeline_server_store_report_get (store, flag->report_id, &local_error);
      if (report == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* A confidential report, or one not here yet (it may be confidential):
       * no one is recorded with the flag. */
      if (report == NULL || report->report->confidential)
        flag->user_id = 0;
    }

  flag->created_at = lifeline_time_now ();
  if (!lifeline_server_store_flag_add (store, flag, error))
    return FALSE;
  job->status = SOUP_STATUS_CREATED;
  return TRUE;
}

static void
flag_job_done (LifelineRequest *request,
               gpointer         data,
               const GError    *error)
{
  FlagJob *job = data;
  g_autoptr(JsonBuilder) builder = NULL;

  if (error != NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  /* The sender knows which report they named. */
  builder = json_builder_new ();
  flag_to_json (job->flag, NULL, FALSE, TRUE, builder);
  lifeline_request_send_builder (request, job->status, builder);
}

void
lifeline_handle_flag_post (LifelineRequest *request)
{
  static const char * const fields[] = { "id", "reason", "report_id", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *report_id = NULL;
  FlagJob *job;

  request->arg = LIFELINE_ITEM_ARTICLE;
  if (!check_path_id (request))
    return;

  if (!lifeline_wire_check_fields (request->body, fields, &error) ||
      !lifeline_wire_get_string (request->body, "id", FALSE, &id, &error) ||
      !lifeline_wire_get_string (request->body, "reason", TRUE, &reason, &error) ||
      !lifeline_wire_get_string (request->body, "report_id", FALSE, &report_id, &error))
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  if ((id != NULL && !lifeline_uuid_is_valid (id)) ||
      (report_id != NULL && !lifeline_uuid_is_valid (report_id)))
    {
      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field",
                                   id != NULL && !lifeline_uuid_is_valid (id)
                                   ? _("Field “id” must be a lowercase UUID")
                                   : _("Field “report_id” must be a lowercase UUID"));
      return;
    }

  g_strstrip (reason);
  if (*reason == '\0' || g_utf8_strlen (reason, -1) > MAX_REASON_CHARS)
    {
      g_autofree char *text = g_strdup_printf (_("Field “reason” must have 1 to %d characters"), MAX_REASON_CHARS);

      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field", text);
      return;
    }

  job = g_new0 (FlagJob, 1);
  job->flag = g_new0 (LifelineServerFlag, 1);
  job->flag->id = g_steal_pointer (&id);
  job->flag->article_id = g_strdup (request->params[0]);
  job->flag->reason = g_steal_pointer (&reason);
  job->flag->report_id = g_steal_pointer (&report_id);
  job->user_id = request->user->id;
  lifeline_request_write (request, flag_job_run, flag_job_done, job, (GDestroyNotify)flag_job_free);
}

static gboolean
report_is_open (LifelineServerStore *store,
                const char          *report_id)
{
  g_autoptr(LifelineServerReport) report = NULL;

  if (report_id == NULL)
    return FALSE;
  report = lifeline_server_store_report_get (store, report_id, NULL);
  return report != NULL && !report->report->confidential;
}

void
lifeline_handle_flags_list (LifelineRequest *request)
{
  LifelineServerStore *store = request->server->reader;
  const char *status = lifeline_request_get_query (request, "status");
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonBuilder) builder = NULL;

  if (status != NULL && !g_str_equal (status, "open") && !g_str_equal (status, "all"))
    {
      lifeline_request_send_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_query",
                                   _("Query parameter “status” must be “open” or “all”"));
      return;
    }

  flags = lifeline_server_store_flag_list (store, status == NULL || g_str_equal (status, "open"), &error);
  if (flags == NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < flags->len; i++)
    {
      LifelineServerFlag *flag = flags->pdata[i];
      char *title = NULL;

      if (!g_hash_table_lookup_extended (titles, flag->article_id, NULL, (gpointer *)&title))
        {
          g_autoptr(LifelineServerItem) item = lifeline_server_store_item_get (store, LIFELINE_ITEM_ARTICLE,
                                                                               flag->article_id, NULL);

          if (item != NULL && !item->deleted)
            {
              g_autoptr(GObject) article = item_from_text (LIFELINE_ITEM_ARTICLE, item->content, NULL);

              if (article != NULL)
                title = g_strdup (LIFELINE_ARTICLE (article)->title);
            }
          g_hash_table_insert (titles, g_strdup (flag->article_id), title);
        }
      flag_to_json (flag, title, TRUE, report_is_open (store, flag->report_id), builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  lifeline_request_send_builder (request, SOUP_STATUS_OK, builder);
}

/* GET /api/v1/changes */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

void
lifeline_handle_changes (LifelineRequest *request)
{
  LifelineServerStore *store = request->server->reader;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *next = NULL;
  gint64 since, limit, last;
  gboolean more;

  if (!lifeline_request_query_int (request, "since", 0, G_MAXINT64, 0, &since, &error) ||
      !lifeline_request_query_int (request, "limit", 1, 1000, 200, &limit, &error))
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  /* One read transaction: the page and "last" are the same snapshot. */
  if (!lifeline_server_store_begin (store, &error))
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  last = lifeline_server_store_changes_last_seq (store, &error);
  if (last >= 0 && since > last)
    {
      lifeline_server_store_rollback (store);
      lifeline_request_send_error (request, SOUP_STATUS_GONE, "cursor_expired",
                                   _("This cursor is ahead of the server's changes (was its database restored?). "
                                     "Pull again from since=0."));
      return;
    }
  if (last >= 0)
    changes = lifeline_server_store_changes_list (store, since, limit + 1, request->user->id, &error);
  lifeline_server_store_commit (store, NULL);
  if (changes == NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  more = changes->len > (guint)limit;
  if (more)
    g_ptr_array_set_size (changes, limit);

  /* Articles and scripts are stored as the wire's JSON: the page is spliced
   * together from them rather than parsed and written out again. */
  body = g_string_sized_new (4096);
  g_string_append (body, "{\"changes\":[");
  for (guint i = 0; i < changes->len; i++)
    {
      LifelineServerChange *change = changes->pdata[i];
      gboolean feedback = g_str_equal (change->type, "feedback");

      if (feedback ? change->feedback == NULL : (!change->deleted && change->content == NULL))
        continue;

      if (body->str[body->len - 1] != '[')
        g_string_append_c (body, ',');
      g_string_append_printf (body, "{\"seq\":\"%" G_GINT64_FORMAT "\",\"type\":", change->seq);
      append_json_string (body, change->type);
      g_string_append (body, change->deleted ? ",\"op\":\"delete\",\"id\":" : ",\"op\":\"upsert\",\"id\":");
      append_json_string (body, change->id);
      if (feedback)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;

          lifeline_feedback_to_json (change->feedback, builder);
          node = json_builder_get_root (builder);
          text = lifeline_wire_to_string (node, FALSE);
          g_string_append_printf (body, ",\"feedback\":%s", text);
        }
      else if (!change->deleted)
        {
          g_string_append_c (body, ',');
          append_json_string (body, change->type);
          g_string_append_printf (body, ":%s", change->content);
        }
      g_string_append_c (body, '}');
    }

  if (more)
    next = g_strdup_printf ("%" G_GINT64_FORMAT, ((LifelineServerChange *)changes->pdata[changes->len - 1])->seq);
  else
    next = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (last, since));
  g_string_append_printf (body, "],\"next\":\"%s\",\"more\":%s}", next, more ? "true" : "false");

  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  lifeline_request_set_header (request, "Cache-Control", "no-store");
  {
    gsize len = body->len;

    soup_server_message_set_response (request->msg, "application/json", SOUP_MEMORY_TAKE,
                                      g_string_free (g_steal_pointer (&body), FALSE), len);
  }
}
