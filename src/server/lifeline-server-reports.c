/* lifeline-server-reports.c — mistake reports, feedback, receipts, follow-ups
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

#define MAX_FEEDBACK_CHARS 10000
#define MAX_RECEIPTS 500

/* Nothing in this file logs: a report request says nothing about its sender
 * in the server's output, confidential or not. */

static gboolean
check_path_uuid (LifelineRequest *request,
                 const char      *what)
{
  if (lifeline_uuid_is_valid (request->params[0]))
    return TRUE;

  {
    g_autofree char *message = g_strdup_printf (_("There is no %s “%s”: ids are lowercase UUIDs."),
                                                what, request->params[0]);
    lifeline_request_send_error (request, SOUP_STATUS_NOT_FOUND, "not_found", message);
  }
  return FALSE;
}

static gboolean
check_same_id (LifelineRequest  *request,
               const char       *body_id,
               GError          **error)
{
  if (g_strcmp0 (body_id, request->params[0]) == 0)
    return TRUE;
  g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID,
               _("Field “id” must be the same as the id in the address (%s)"), request->params[0]);
  return FALSE;
}

static gint64
start_of_day (gint64 t)
{
  return t - (t % (24 * 60 * 60));
}

/* PUT /api/v1/reports/{uuid} */

typedef struct
{
  LifelineReport *report;
  char           *canonical;
  gint64          user_id;
  /* out */
  guint           status;
  gint64          received_at;
  gint64          revision;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_clear_object (&job->report);
  g_free (job->canonical);
  g_free (job);
}

static gboolean
names_article (LifelineReport *report)
{
  return report != NULL &&
         report->category == LIFELINE_CATEGORY_INCORRECT_INFORMATION &&
         report->article_id != NULL;
}

/* An "incorrect information" report that names an article flags it, once per
 * report and article (a client that posts the same flag gets this one back).
 * For a confidential report the flag records no one, has a generic reason,
 * and the API never shows which report it came from. */
static gboolean
flag_named_article (LifelineServerStore  *store,
                    LifelineReport       *report,
                    LifelineReport       *previous,
                    gint64                user_id,
                    gint64                now,
                    GError              **error)
{
  g_autoptr(LifelineServerFlag) flag = NULL;
  g_autoptr(GError) local_error = NULL;

  if (report->confidential && !lifeline_server_store_flags_unlink_user (store, report->id, error))
    return FALSE;

  if (!names_article (report))
    return TRUE;
  if (names_article (previous) && g_strcmp0 (previous->article_id, report->article_id) == 0)
    return TRUE;

  flag = lifeline_server_store_flag_find_for_report (store, report->article_id, report->id, &local_error);
  if (flag != NULL)
    return TRUE;
  if (!g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  flag = g_new0 (LifelineServerFlag, 1);
  flag->id = g_uuid_string_random ();
  flag->article_id = g_strdup (report->article_id);
  flag->report_id = g_strdup (report->id);
  if (report->confidential)
    flag->reason = g_strdup (_("Named in a confidential “incorrect information” report"));
  else
    {
      flag->reason = g_strdup (report->note != NULL && *report->note != '\0'
                               ? report->note
                               : _("Named in an “incorrect information” report"));
      flag->user_id = user_id;
    }
  flag->created_at = now;
  return lifeline_server_store_flag_add (store, flag, error);
}

static gboolean
report_job_run (LifelineServerStore  *store,
                gpointer              data,
                GError              **error)
{
  ReportJob *job = data;
  g_autoptr(LifelineServerReport) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  LifelineServerReport row = { 0 };
  gint64 now = lifeline_time_now ();

  existing = lifeline_server_store_report_get (store, job->report->id, &local_error);
  if (existing == NULL && !g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (existing != NULL)
    {
      gint64 stored = existing->report->revision;

      if (job->report->revision < stored)
        {
          g_set_error (error, LIFELINE_HTTP_ERROR, LIFELINE_HTTP_ERROR_STALE_REVISION,
                       _("The server already has revision %" PRId64 " of this report; "
                         "revision %" PRId64 " is older."),
                       stored, job->report->revision);
          return FALSE;
        }

      if (job->report->revision == stored)
        {
          if (g_strcmp0 (existing->content, job->canonical) != 0)
            {
              g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                           _("The server already has revision %" PRId64 " of this report with "
                             "different content. Send the change as revision %" PRId64 "."),
                           stored, stored + 1);
              return FALSE;
            }

          /* A harmless repeat: nothing changes. */
          job->status = SOUP_STATUS_OK;
          job->received_at = existing->received_at;
          job->revision = stored;
          return TRUE;
        }

      if (existing->user_id != 0 && existing->user_id != job->user_id)
        {
          g_set_error (error, LIFELINE_HTTP_ERROR, LIFELINE_HTTP_ERROR_FORBIDDEN,
                       _("This report was sent by someone else; only they can change it."));
          return FALSE;
        }
    }

  row.report = job->report;
  row.content = job->canonical;
  row.user_id = job->report->confidential ? 0 : job->user_id;
  row.received_at = existing != NULL ? existing->received_at : now;
  row.updated_at = now;
  if (!lifeline_server_store_report_put (store, &row, error))
    return FALSE;

  if (!flag_named_article (store, job->report, existing ? existing->report : NULL,
                           row.user_id, now, error))
    return FALSE;

  job->status = existing != NULL ? SOUP_STATUS_OK : SOUP_STATUS_CREATED;
  job->received_at = row.received_at;
  job->revision = job->report->revision;
  return TRUE;
}

static void
report_job_done (LifelineRequest *request,
                 gpointer         data,
                 const GError    *error)
{
  ReportJob *job = data;
  g_autoptr(JsonBuilder) builder = NULL;

  if (error != NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", job->report->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, job->revision);
  lifeline_wire_add_time (builder, "received_at", job->received_at);
  json_builder_end_object (builder);
  lifeline_request_send_builder (request, job->status, builder);
}

void
lifeline_handle_report_put (LifelineRequest *request)
{
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(GError) error = NULL;
  ReportJob *job;

  if (!check_path_uuid (request, _("report")))
    return;

  report = lifeline_report_new_from_json (request->body, &error);
  if (report == NULL || !check_same_id (request, report->id, &error))
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  job = g_new0 (ReportJob, 1);
  job->canonical = lifeline_report_to_canonical (report);
  job->report = g_steal_pointer (&report);
  job->user_id = request->user->id;
  lifeline_request_write (request, report_job_run, report_job_done, job, (GDestroyNotify)report_job_free);
}

/* GET /api/v1/reports */

static gboolean
parse_since (const char  *text,
             gint64      *out,
             GError     **error)
{
  if (text == NULL || *text == '\0')
    {
      *out = 0;
      return TRUE;
    }

  if (strlen (text) == 10)
    {
      g_autofree char *full = g_strconcat (text, "T00:00:00Z", NULL);

      if (lifeline_time_parse (full, out))
        return TRUE;
    }
  else if (lifeline_time_parse (text, out))
    return TRUE;

  g_set_error (error, LIFELINE_HTTP_ERROR, LIFELINE_HTTP_ERROR_INVALID_QUERY,
               _("Query parameter “since” must be a date (2026-11-23) or an RFC 3339 time"));
  return FALSE;
}

static void
add_report (JsonBuilder          *builder,
            LifelineServerReport *row,
            GPtrArray            *feedback)
{
  g_autoptr(JsonNode) node = lifeline_report_to_json_node (row->report);
  JsonObject *object = json_node_get_object (node);
  gboolean confidential = row->report->confidential;
  g_autofree char *received = lifeline_time_format (confidential ? start_of_day (row->received_at) : row->received_at);
  g_autofree char *updated = lifeline_time_format (confidential ? start_of_day (row->updated_at) : row->updated_at);

  if (confidential)
    {
      g_autofree char *created = lifeline_time_format (start_of_day (row->report->created_at));

      json_object_set_null_member (object, "call_id");
      json_object_set_string_member (object, "created_at", created);
    }

  if (row->user_name != NULL && !confidential)
    json_object_set_string_member (object, "reporter", row->user_name);
  else
    json_object_set_null_member (object, "reporter");
  json_object_set_string_member (object, "received_at", received);
  json_object_set_string_member (object, "updated_at", updated);

  {
    g_autoptr(JsonBuilder) fb = json_builder_new ();
    g_autoptr(JsonNode) list = NULL;

    json_builder_begin_array (fb);
    for (guint i = 0; feedback != NULL && i < feedback->len; i++)
      lifeline_feedback_to_json (feedback->pdata[i], fb);
    json_builder_end_array (fb);
    list = json_builder_get_root (fb);
    json_object_set_member (object, "feedback", g_steal_pointer (&list));
  }

  json_builder_add_value (builder, g_steal_pointer (&node));
}

typedef struct
{
  gint64    since;
  gint64    before;
  gint64    limit;
  JsonNode *result;
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_pointer (&job->result, json_node_unref);
  g_free (job);
}

/* In a worker thread, on a read connection of its own. */
static gboolean
list_run (LifelineServerStore  *store,
          gpointer              data,
          GError              **error)
{
  ListJob *job = data;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 upto;
  gboolean more;

  upto = lifeline_server_store_report_confidential_release (store, LIFELINE_ANONYMITY_THRESHOLD, error);
  if (upto < 0)
    return FALSE;
  reports = lifeline_server_store_report_list (store, job->since, job->before, upto, job->limit + 1, error);
  if (reports == NULL)
    return FALSE;

  more = reports->len > (guint)job->limit;
  if (more)
    g_ptr_array_set_size (reports, job->limit);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reports");
  json_builder_begin_array (builder);
  for (guint i = 0; i < reports->len; i++)
    {
      LifelineServerReport *row = reports->pdata[i];
      const char *ids[] = { row->report->id, NULL };
      g_autoptr(GPtrArray) feedback = lifeline_server_store_feedback_for_reports (store, ids, error);

      if (feedback == NULL)
        return FALSE;
      add_report (builder, row, feedback);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  if (more && reports->len > 0)
    {
      g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               ((LifelineServerReport *)reports->pdata[reports->len - 1])->seq);
      json_builder_add_string_value (builder, next);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);

  job->result = json_builder_get_root (builder);
  return TRUE;
}

static void
list_done (LifelineRequest *request,
           gpointer         data,
           const GError    *error)
{
  ListJob *job = data;

  if (error != NULL)
    lifeline_request_send_gerror (request, error);
  else
    lifeline_request_send_json (request, SOUP_STATUS_OK, job->result);
}

void
lifeline_handle_reports_list (LifelineRequest *request)
{
  g_autoptr(GError) error = NULL;
  ListJob *job = g_new0 (ListJob, 1);

  if (!parse_since (lifeline_request_get_query (request, "since"), &job->since, &error) ||
      !lifeline_request_query_int (request, "before", 0, G_MAXINT64, 0, &job->before, &error) ||
      !lifeline_request_query_int (request, "limit", 1, 500, 100, &job->limit, &error))
    {
      list_job_free (job);
      lifeline_request_send_gerror (request, error);
      return;
    }

  lifeline_request_read (request, list_run, list_done, job, (GDestroyNotify)list_job_free);
}

/* POST /api/v1/reports/{uuid}/feedback */

typedef struct
{
  LifelineServerFeedback *feedback;
  guint                   status;
} FeedbackJob;

static void
feedback_job_free (FeedbackJob *job)
{
  lifeline_server_feedback_free (job->feedback);
  g_free (job);
}

static gboolean
feedback_job_run (LifelineServerStore  *store,
                  gpointer              data,
                  GError              **error)
{
  FeedbackJob *job = data;
  g_autoptr(LifelineServerReport) report = NULL;
  g_autoptr(LifelineServerFeedback) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  report = lifeline_server_store_report_get (store, job->feedback->report_id, error);
  if (report == NULL)
    return FALSE;

  existing = lifeline_server_store_feedback_get (store, job->feedback->id, &local_error);
  if (existing != NULL)
    {
      if (g_strcmp0 (existing->report_id, job->feedback->report_id) != 0 ||
          g_strcmp0 (existing->message, job->feedback->message) != 0)
        {
          g_set_error (error, LIFELINE_ERROR, LIFELINE_ERROR_CONFLICT,
                       _("Feedback %s already exists with a different message or report; "
                         "send new feedback with a new id."), existing->id);
          return FALSE;
        }
      lifeline_server_feedback_free (job->feedback);
      job->feedback = g_steal_pointer (&existing);
      job->status = SOUP_STATUS_OK;
      return TRUE;
    }
  if (!g_error_matches (local_error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  job->feedback->created_at = lifeline_time_now ();
  if (!lifeline_server_store_feedback_add (store, job->feedback, error))
    return FALSE;

  /* Down the changes feed to its reporter; a confidential report has none,
   * and its reporter asks through the receipt instead. */
  if (!report->report->confidential && report->user_id != 0 &&
      !lifeline_server_store_change_add (store, "feedback", job->feedback->id, report->user_id, error))
    return FALSE;

  job->status = SOUP_STATUS_CREATED;
  return TRUE;
}

static void
feedback_job_done (LifelineRequest *request,
                   gpointer         data,
                   const GError    *error)
{
  FeedbackJob *job = data;
  g_autoptr(JsonBuilder) builder = NULL;

  if (error != NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  builder = json_builder_new ();
  lifeline_feedback_to_json (job->feedback, builder);
  lifeline_request_send_builder (request, job->status, builder);
}

void
lifeline_handle_feedback_post (LifelineRequest *request)
{
  static const char * const fields[] = { "id", "message", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  FeedbackJob *job;

  if (!check_path_uuid (request, _("report")))
    return;

  if (!lifeline_wire_check_fields (request->body, fields, &error) ||
      !lifeline_wire_get_string (request->body, "id", FALSE, &id, &error) ||
      !lifeline_wire_get_string (request->body, "message", TRUE, &message, &error))
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  if (id != NULL && !lifeline_uuid_is_valid (id))
    {
      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field",
                                   _("Field “id” must be a lowercase UUID"));
      return;
    }

  g_strstrip (message);
  if (*message == '\0' || g_utf8_strlen (message, -1) > MAX_FEEDBACK_CHARS)
    {
      g_autofree char *text = g_strdup_printf (_("Field “message” must have 1 to %d characters"), MAX_FEEDBACK_CHARS);

      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field", text);
      return;
    }

  job = g_new0 (FeedbackJob, 1);
  job->feedback = g_new0 (LifelineServerFeedback, 1);
  job->feedback->id = id != NULL ? g_steal_pointer (&id) : g_uuid_string_random ();
  job->feedback->report_id = g_strdup (request->params[0]);
  job->feedback->message = g_steal_pointer (&message);
  job->feedback->author_id = request->user->id;
  lifeline_request_write (request, feedback_job_run, feedback_job_done, job, (GDestroyNotify)feedback_job_free);
}

/* POST /api/v1/receipts/feedback */

static int
compare_feedback (gconstpointer a,
                  gconstpointer b)
{
  const LifelineServerFeedback *fa = *(LifelineServerFeedback * const *)a;
  const LifelineServerFeedback *fb = *(LifelineServerFeedback * const *)b;

  if (fa->created_at != fb->created_at)
    return fa->created_at < fb->created_at ? -1 : 1;
  return g_strcmp0 (fa->id, fb->id);
}

void
lifeline_handle_receipts (LifelineRequest *request)
{
  static const char * const fields[] = { "receipts", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) receipts = NULL;
  g_autoptr(GPtrArray) feedback = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!lifeline_wire_check_fields (request->body, fields, &error) ||
      !lifeline_wire_get_strv (request->body, "receipts", &receipts, &error))
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  if (receipts == NULL)
    {
      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field",
                                   _("Field “receipts” is required: a list of report UUIDs"));
      return;
    }

  if (g_strv_length (receipts) > MAX_RECEIPTS)
    {
      g_autofree char *text = g_strdup_printf (_("Field “receipts” may list at most %d reports; ask in parts"),
                                               MAX_RECEIPTS);

      lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field", text);
      return;
    }

  for (guint i = 0; receipts[i] != NULL; i++)
    {
      if (!lifeline_uuid_is_valid (receipts[i]))
        {
          lifeline_request_send_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field",
                                       _("Field “receipts” must list lowercase report UUIDs"));
          return;
        }
    }

  feedback = lifeline_server_store_feedback_for_reports (request->server->reader,
                                                         (const char * const *)receipts, &error);
  if (feedback == NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }
  g_ptr_array_sort (feedback, compare_feedback);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "feedback");
  json_builder_begin_array (builder);
  for (guint i = 0; i < feedback->len; i++)
    lifeline_feedback_to_json (feedback->pdata[i], builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  lifeline_request_send_builder (request, SOUP_STATUS_OK, builder);
}

/* PUT /api/v1/followups/{uuid} */

typedef struct
{
  LifelineServerFollowup followup;
  gboolean               created;
  gint64                 received_at;
} FollowupJob;

static void
followup_job_free (FollowupJob *job)
{
  g_free (job->followup.id);
  g_free (job);
}

static gboolean
followup_job_run (LifelineServerStore  *store,
                  gpointer              data,
                  GError              **error)
{
  FollowupJob *job = data;

  return lifeline_server_store_followup_put (store, &job->followup, lifeline_time_now (),
                                             &job->created, &job->received_at, error);
}

static void
followup_job_done (LifelineRequest *request,
                   gpointer         data,
                   const GError    *error)
{
  FollowupJob *job = data;
  g_autoptr(JsonBuilder) builder = NULL;

  if (error != NULL)
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  lifeline_wire_add_string (builder, "id", job->followup.id);
  lifeline_wire_add_time (builder, "received_at", job->received_at);
  json_builder_end_object (builder);
  lifeline_request_send_builder (request, job->created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, builder);
}

void
lifeline_handle_followup_put (LifelineRequest *request)
{
  g_autoptr(LifelineFollowup) followup = NULL;
  g_autoptr(GError) error = NULL;
  FollowupJob *job;

  if (!check_path_uuid (request, _("follow-up")))
    return;

  followup = lifeline_followup_new_from_json (request->body, &error);
  if (followup == NULL || !check_same_id (request, followup->id, &error))
    {
      lifeline_request_send_gerror (request, error);
      return;
    }

  /* Only the timing: the promise and the customer stay on the agent's machine. */
  job = g_new0 (FollowupJob, 1);
  job->followup.id = g_strdup (followup->id);
  job->followup.created_at = followup->created_at;
  job->followup.due_at = followup->due_at;
  job->followup.done_at = followup->done_at;
  lifeline_request_write (request, followup_job_run, followup_job_done, job, (GDestroyNotify)followup_job_free);
}
