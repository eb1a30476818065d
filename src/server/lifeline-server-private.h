/* lifeline-server-private.h — what the server's handler files share
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "lifeline-server.h"
#include "lifeline-server-auth.h"
#include "lifeline-server-store.h"
#include "lifeline-server-writer.h"
#include "lifeline-stats.h"   /* LIFELINE_ANONYMITY_THRESHOLD */

G_BEGIN_DECLS

/* Bodies over this are refused with 413 before they are buffered. */
#define LIFELINE_MAX_BODY (1024 * 1024)

struct _LifelineServer
{
  GObject               parent_instance;
  SoupServer           *soup;
  char                 *db_path;
  LifelineServerStore  *reader;    /* main-loop reads */
  LifelineServerWriter *writer;    /* every write, on its thread */
  LifelineRateLimiter  *limiter;
};

/* Errors a handler raises that map to an HTTP status and a wire code,
 * beyond what LIFELINE_ERROR's codes say. */
#define LIFELINE_HTTP_ERROR (lifeline_http_error_quark ())

typedef enum
{
  LIFELINE_HTTP_ERROR_FORBIDDEN,
  LIFELINE_HTTP_ERROR_STALE_REVISION,
  LIFELINE_HTTP_ERROR_PRECONDITION_FAILED,
  LIFELINE_HTTP_ERROR_PRECONDITION_REQUIRED,
  LIFELINE_HTTP_ERROR_INVALID_QUERY,
} LifelineHttpError;

GQuark lifeline_http_error_quark (void);

/* One request as the handlers see it: past routing, authentication, the
 * rate limit, the role check and JSON parsing. Reference-counted (GRcBox) so
 * that a handler can keep it across a write on the writer thread. */
typedef struct
{
  LifelineServer     *server;
  SoupServerMessage  *msg;
  GHashTable         *query;      /* may be NULL */
  char               *params[2];  /* the path's {…} segments */
  int                 arg;        /* the route's argument (e.g. LifelineItemKind) */
  LifelineServerUser *user;       /* NULL on public routes */
  JsonObject         *body;       /* NULL when the request has none */
  gboolean            paused;
} LifelineRequest;

typedef void (*LifelineHandler) (LifelineRequest *request);

LifelineRequest *lifeline_request_ref          (LifelineRequest  *request);
void             lifeline_request_unref        (LifelineRequest  *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineRequest, lifeline_request_unref)

void             lifeline_request_send_json    (LifelineRequest  *request,
                                                guint             status,
                                                JsonNode         *node);
/* Sends @builder's root. */
void             lifeline_request_send_builder (LifelineRequest  *request,
                                                guint             status,
                                                JsonBuilder      *builder);
void             lifeline_request_send_error   (LifelineRequest  *request,
                                                guint             status,
                                                const char       *code,
                                                const char       *message);
/* Maps LIFELINE_ERROR and LIFELINE_HTTP_ERROR to a status; a database or
 * I/O failure is a 503 and is logged (without anything about the request). */
void             lifeline_request_send_gerror  (LifelineRequest  *request,
                                                const GError     *error);
void             lifeline_request_set_header   (LifelineRequest  *request,
                                                const char       *name,
                                                const char       *value);
const char      *lifeline_request_get_header   (LifelineRequest  *request,
                                                const char       *name);
const char      *lifeline_request_get_query    (LifelineRequest  *request,
                                                const char       *name);
/* Reads ?name= as a whole number in [min, max]; absent gives @def.
 * FALSE (with INVALID_QUERY) when malformed or out of range. */
gboolean         lifeline_request_query_int    (LifelineRequest  *request,
                                                const char       *name,
                                                gint64            min,
                                                gint64            max,
                                                gint64            def,
                                                gint64           *out,
                                                GError          **error);

/* Runs @run on the writer thread with @job, then @done on the main loop with
 * the request (the message is paused in between). A database failure never
 * reaches @done: it answers 503 itself. @job_free frees @job afterwards. */
typedef void (*LifelineWriteDone) (LifelineRequest *request,
                                   gpointer         job,
                                   const GError    *error);

void             lifeline_request_write        (LifelineRequest   *request,
                                                LifelineWriteFunc  run,
                                                LifelineWriteDone  done,
                                                gpointer           job,
                                                GDestroyNotify     job_free);

/* Runs @run in a worker thread (GTask) with its own read-only connection,
 * then @done on the main loop: for reads heavy enough to hold up others
 * (statistics, the report list). */
typedef gboolean (*LifelineReadFunc) (LifelineServerStore  *store,
                                      gpointer              job,
                                      GError              **error);

void             lifeline_request_read         (LifelineRequest   *request,
                                                LifelineReadFunc   run,
                                                LifelineWriteDone  done,
                                                gpointer           job,
                                                GDestroyNotify     job_free);

/* Feedback as the wire has it: {"id","report_id","message","created_at"}. */
void             lifeline_feedback_to_json     (LifelineServerFeedback *feedback,
                                                JsonBuilder            *builder);
/* Adds a member whose value is a JSON document given as text. */
void             lifeline_builder_add_json     (JsonBuilder      *builder,
                                                const char       *member,
                                                const char       *json);

/* Handlers, by resource. */
void lifeline_handle_report_put       (LifelineRequest *request);
void lifeline_handle_reports_list     (LifelineRequest *request);
void lifeline_handle_feedback_post    (LifelineRequest *request);
void lifeline_handle_receipts         (LifelineRequest *request);
void lifeline_handle_followup_put     (LifelineRequest *request);
void lifeline_handle_item_get         (LifelineRequest *request);
void lifeline_handle_item_put         (LifelineRequest *request);
void lifeline_handle_item_delete      (LifelineRequest *request);
void lifeline_handle_item_verify      (LifelineRequest *request);
void lifeline_handle_item_revisions   (LifelineRequest *request);
void lifeline_handle_flag_post        (LifelineRequest *request);
void lifeline_handle_flags_list       (LifelineRequest *request);
void lifeline_handle_changes          (LifelineRequest *request);
void lifeline_handle_stats            (LifelineRequest *request);

G_END_DECLS
