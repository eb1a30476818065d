/* lifeline-server-store.h — the server's storage, behind one small interface
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "lifeline-core.h"

G_BEGIN_DECLS

/* The handlers never see SQL. A store object is one connection (one session)
 * to a backend: the server opens one for its writer thread and one for reads
 * on the main loop; each is used by one thread at a time. lifeline-server-sqlite.c
 * is the embedded implementation; a PostgreSQL one implements the same vfuncs.
 *
 * Conventions: a getter that finds nothing returns NULL with
 * LIFELINE_ERROR_NOT_FOUND; times are Unix seconds, 0 for "none"; user ids
 * are > 0, 0 for "no one". Writers are called inside begin/commit. */

typedef enum
{
  LIFELINE_ROLE_AGENT,
  LIFELINE_ROLE_LEAD,
} LifelineRole;

const char *lifeline_role_to_string   (LifelineRole  role);
gboolean    lifeline_role_from_string (const char   *text,
                                       LifelineRole *role);

/* Articles and scripts share one versioned-item store. */
typedef enum
{
  LIFELINE_ITEM_ARTICLE,
  LIFELINE_ITEM_SCRIPT,
} LifelineItemKind;

const char *lifeline_item_kind_to_string (LifelineItemKind kind);

typedef struct
{
  gint64        id;
  char         *name;
  LifelineRole  role;
  gint64        created_at;
  gint64        revoked_at;
} LifelineServerUser;

typedef struct
{
  LifelineReport *report;        /* the newest revision */
  char           *content;       /* its canonical JSON */
  gint64          user_id;       /* 0 when confidential */
  char           *user_name;     /* filled by the list functions, NULL when confidential */
  gint64          received_at;   /* first receipt */
  gint64          updated_at;    /* newest revision's receipt */
  gint64          seq;           /* receipt order, set by the store */
  gint64          first_feedback_at; /* filled by the list functions */
} LifelineServerReport;

typedef struct
{
  char   *id;
  char   *report_id;
  char   *message;
  gint64  author_id;
  gint64  created_at;
} LifelineServerFeedback;

typedef struct
{
  char   *id;
  char   *article_id;
  char   *reason;
  char   *report_id;   /* NULL: none */
  gint64  user_id;     /* 0: not recorded */
  gint64  created_at;
  gint64  resolved_at;
} LifelineServerFlag;

typedef struct
{
  LifelineItemKind  kind;
  char             *id;
  gint64            revision;
  gboolean          deleted;
  char             *content;     /* the wire JSON; NULL when deleted */
  gint64            updated_at;
} LifelineServerItem;

typedef struct
{
  gint64  revision;
  char   *action;       /* create, update, verify, delete, import */
  char   *by;           /* a user's name, NULL for import */
  gint64  at;
  char   *content;      /* NULL for a delete */
} LifelineServerRevision;

typedef struct
{
  char   *id;
  gint64  created_at;
  gint64  due_at;
  gint64  done_at;
} LifelineServerFollowup;

/* One row of the changes feed, joined with what it points at. */
typedef struct
{
  gint64                  seq;
  char                   *type;      /* "article", "script", "feedback" */
  char                   *id;
  gboolean                deleted;
  char                   *content;   /* articles and scripts; NULL when deleted */
  LifelineServerFeedback *feedback;  /* feedback */
} LifelineServerChange;

void lifeline_server_user_free     (LifelineServerUser     *user);
void lifeline_server_report_free   (LifelineServerReport   *report);
void lifeline_server_feedback_free (LifelineServerFeedback *feedback);
void lifeline_server_flag_free     (LifelineServerFlag     *flag);
void lifeline_server_item_free     (LifelineServerItem     *item);
void lifeline_server_revision_free (LifelineServerRevision *revision);
void lifeline_server_followup_free (LifelineServerFollowup *followup);
void lifeline_server_change_free   (LifelineServerChange   *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineServerUser, lifeline_server_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineServerReport, lifeline_server_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineServerFeedback, lifeline_server_feedback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineServerFlag, lifeline_server_flag_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineServerItem, lifeline_server_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LifelineServerChange, lifeline_server_change_free)

#define LIFELINE_TYPE_SERVER_STORE (lifeline_server_store_get_type ())

G_DECLARE_INTERFACE (LifelineServerStore, lifeline_server_store, LIFELINE, SERVER_STORE, GObject)

struct _LifelineServerStoreInterface
{
  GTypeInterface parent_iface;

  /* Transactions; savepoints nest inside one (the writer's group commit). */
  gboolean               (*begin)              (LifelineServerStore  *self,
                                                GError              **error);
  gboolean               (*commit)             (LifelineServerStore  *self,
                                                GError              **error);
  void                   (*rollback)           (LifelineServerStore  *self);
  gboolean               (*savepoint)          (LifelineServerStore  *self,
                                                GError              **error);
  void                   (*release)            (LifelineServerStore  *self,
                                                gboolean              keep);

  /* Users and tokens (SHA-256 in hex). */
  gboolean               (*user_add)           (LifelineServerStore  *self,
                                                const char           *name,
                                                LifelineRole          role,
                                                const char           *token_sha256,
                                                gint64                now,
                                                GError              **error);
  GPtrArray *            (*user_list)          (LifelineServerStore  *self,
                                                GError              **error);
  gboolean               (*user_revoke)        (LifelineServerStore  *self,
                                                const char           *name,
                                                gint64                now,
                                                GError              **error);
  LifelineServerUser *   (*user_lookup_token)  (LifelineServerStore  *self,
                                                const char           *token_sha256,
                                                GError              **error);

  /* Reports. report_put inserts or replaces by id and sets report->seq on insert. */
  LifelineServerReport * (*report_get)         (LifelineServerStore  *self,
                                                const char           *id,
                                                GError              **error);
  gboolean               (*report_put)         (LifelineServerStore  *self,
                                                LifelineServerReport *report,
                                                GError              **error);
  /* Newest first by seq: seq < @before (0: no bound), created_at >= @since;
   * confidential reports only up to seq @confidential_upto. */
  GPtrArray *            (*report_list)        (LifelineServerStore  *self,
                                                gint64                since,
                                                gint64                before,
                                                gint64                confidential_upto,
                                                guint                 limit,
                                                GError              **error);
  /* Every report created in [from, to), for statistics: only the fields
   * statistics need are filled (no content, note, call or recovery). */
  GPtrArray *            (*report_list_range)  (LifelineServerStore  *self,
                                                gint64                from,
                                                gint64                to,
                                                GError              **error);
  /* The seq of the newest confidential report released to leads (in groups
   * of @group by seq), 0 when none is. */
  gint64                 (*report_confidential_release) (LifelineServerStore *self,
                                                guint                 group,
                                                GError              **error);

  /* Feedback. */
  LifelineServerFeedback *(*feedback_get)      (LifelineServerStore  *self,
                                                const char           *id,
                                                GError              **error);
  gboolean               (*feedback_add)       (LifelineServerStore  *self,
                                                LifelineServerFeedback *feedback,
                                                GError              **error);
  /* Oldest first. */
  GPtrArray *            (*feedback_for_reports) (LifelineServerStore *self,
                                                const char * const   *report_ids,
                                                GError              **error);

  /* Flags. */
  LifelineServerFlag *   (*flag_get)           (LifelineServerStore  *self,
                                                const char           *id,
                                                GError              **error);
  LifelineServerFlag *   (*flag_find_for_report) (LifelineServerStore *self,
                                                const char           *article_id,
                                                const char           *report_id,
                                                GError              **error);
  gboolean               (*flag_add)           (LifelineServerStore  *self,
                                                LifelineServerFlag   *flag,
                                                GError              **error);
  GPtrArray *            (*flag_list)          (LifelineServerStore  *self,
                                                gboolean              open_only,
                                                GError              **error);
  gboolean               (*flags_resolve)      (LifelineServerStore  *self,
                                                const char           *article_id,
                                                gint64                now,
                                                GError              **error);
  /* Forgets who raised the flags that name @report_id (it became confidential). */
  gboolean               (*flags_unlink_user)  (LifelineServerStore  *self,
                                                const char           *report_id,
                                                GError              **error);

  /* Follow-ups: only their timing. */
  gboolean               (*followup_put)       (LifelineServerStore  *self,
                                                LifelineServerFollowup *followup,
                                                gint64                now,
                                                gboolean             *created,
                                                gint64               *received_at,
                                                GError              **error);
  /* Due in [from, to). */
  GPtrArray *            (*followup_list_due)  (LifelineServerStore  *self,
                                                gint64                from,
                                                gint64                to,
                                                GError              **error);

  /* Versioned articles and scripts: item_put writes the current row and one
   * history row (action, by, at) in one go. */
  LifelineServerItem *   (*item_get)           (LifelineServerStore  *self,
                                                LifelineItemKind      kind,
                                                const char           *id,
                                                GError              **error);
  gboolean               (*item_put)           (LifelineServerStore  *self,
                                                LifelineServerItem   *item,
                                                const char           *action,
                                                gint64                user_id,
                                                GError              **error);
  GPtrArray *            (*item_revisions)     (LifelineServerStore  *self,
                                                LifelineItemKind      kind,
                                                const char           *id,
                                                GError              **error);

  /* The changes feed: one row per item, moved to a new seq at each change.
   * @audience 0 is everyone, otherwise one user. */
  gboolean               (*change_add)         (LifelineServerStore  *self,
                                                const char           *type,
                                                const char           *id,
                                                gint64                audience,
                                                GError              **error);
  GPtrArray *            (*changes_list)       (LifelineServerStore  *self,
                                                gint64                since,
                                                guint                 limit,
                                                gint64                user_id,
                                                GError              **error);
  gint64                 (*changes_last_seq)   (LifelineServerStore  *self,
                                                GError              **error);
};

gboolean                lifeline_server_store_begin              (LifelineServerStore  *self,
                                                                  GError              **error);
gboolean                lifeline_server_store_commit             (LifelineServerStore  *self,
                                                                  GError              **error);
void                    lifeline_server_store_rollback           (LifelineServerStore  *self);
gboolean                lifeline_server_store_savepoint          (LifelineServerStore  *self,
                                                                  GError              **error);
void                    lifeline_server_store_release            (LifelineServerStore  *self,
                                                                  gboolean              keep);
gboolean                lifeline_server_store_user_add           (LifelineServerStore  *self,
                                                                  const char           *name,
                                                                  LifelineRole          role,
                                                                  const char           *token_sha256,
                                                                  gint64                now,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_user_list          (LifelineServerStore  *self,
                                                                  GError              **error);
gboolean                lifeline_server_store_user_revoke        (LifelineServerStore  *self,
                                                                  const char           *name,
                                                                  gint64                now,
                                                                  GError              **error);
LifelineServerUser     *lifeline_server_store_user_lookup_token  (LifelineServerStore  *self,
                                                                  const char           *token_sha256,
                                                                  GError              **error);
LifelineServerReport   *lifeline_server_store_report_get         (LifelineServerStore  *self,
                                                                  const char           *id,
                                                                  GError              **error);
gboolean                lifeline_server_store_report_put         (LifelineServerStore  *self,
                                                                  LifelineServerReport *report,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_report_list        (LifelineServerStore  *self,
                                                                  gint64                since,
                                                                  gint64                before,
                                                                  gint64                confidential_upto,
                                                                  guint                 limit,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_report_list_range  (LifelineServerStore  *self,
                                                                  gint64                from,
                                                                  gint64                to,
                                                                  GError              **error);
gint64                  lifeline_server_store_report_confidential_release (LifelineServerStore *self,
                                                                  guint                 group,
                                                                  GError              **error);
LifelineServerFeedback *lifeline_server_store_feedback_get       (LifelineServerStore  *self,
                                                                  const char           *id,
                                                                  GError              **error);
gboolean                lifeline_server_store_feedback_add       (LifelineServerStore  *self,
                                                                  LifelineServerFeedback *feedback,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_feedback_for_reports (LifelineServerStore *self,
                                                                  const char * const   *report_ids,
                                                                  GError              **error);
LifelineServerFlag     *lifeline_server_store_flag_get           (LifelineServerStore  *self,
                                                                  const char           *id,
                                                                  GError              **error);
LifelineServerFlag     *lifeline_server_store_flag_find_for_report (LifelineServerStore *self,
                                                                  const char           *article_id,
                                                                  const char           *report_id,
                                                                  GError              **error);
gboolean                lifeline_server_store_flag_add           (LifelineServerStore  *self,
                                                                  LifelineServerFlag   *flag,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_flag_list          (LifelineServerStore  *self,
                                                                  gboolean              open_only,
                                                                  GError              **error);
gboolean                lifeline_server_store_flags_resolve      (LifelineServerStore  *self,
                                                                  const char           *article_id,
                                                                  gint64                now,
                                                                  GError              **error);
gboolean                lifeline_server_store_flags_unlink_user  (LifelineServerStore  *self,
                                                                  const char           *report_id,
                                                                  GError              **error);
gboolean                lifeline_server_store_followup_put       (LifelineServerStore  *self,
                                                                  LifelineServerFollowup *followup,
                                                                  gint64                now,
                                                                  gboolean             *created,
                                                                  gint64               *received_at,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_followup_list_due  (LifelineServerStore  *self,
                                                                  gint64                from,
                                                                  gint64                to,
                                                                  GError              **error);
LifelineServerItem     *lifeline_server_store_item_get           (LifelineServerStore  *self,
                                                                  LifelineItemKind      kind,
                                                                  const char           *id,
                                                                  GError              **error);
gboolean                lifeline_server_store_item_put           (LifelineServerStore  *self,
                                                                  LifelineServerItem   *item,
                                                                  const char           *action,
                                                                  gint64                user_id,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_item_revisions     (LifelineServerStore  *self,
                                                                  LifelineItemKind      kind,
                                                                  const char           *id,
                                                                  GError              **error);
gboolean                lifeline_server_store_change_add         (LifelineServerStore  *self,
                                                                  const char           *type,
                                                                  const char           *id,
                                                                  gint64                audience,
                                                                  GError              **error);
GPtrArray              *lifeline_server_store_changes_list       (LifelineServerStore  *self,
                                                                  gint64                since,
                                                                  guint                 limit,
                                                                  gint64                user_id,
                                                                  GError              **error);
gint64                  lifeline_server_store_changes_last_seq   (LifelineServerStore  *self,
                                                                  GError              **error);

G_END_DECLS
