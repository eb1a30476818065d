/* lifeline-lead-page.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server decides who is a lead: with a server configured, the page is
 * offered only after GET /api/v1/me answers "lead" for the keyring's token
 * (and the server refuses lead routes to agents anyway). Without a server,
 * the same tools work on the local database.
 */

#define G_LOG_DOMAIN "lifeline-lead"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-core.h"
#include "lifeline-dashboard.h"
#include "lifeline-lead-page.h"
#include "lifeline-widget-util.h"
#include "lifeline-reports-view.h"
#include "lifeline-token-store.h"

struct _LifelineLeadPage
{
  GtkWidget              parent_instance;

  GtkWidget             *scroller;
  GtkStack              *outer_stack;
  AdwViewStack          *lead_stack;
  LifelineLeadQueues    *queues;
  LifelineArticleEditor *editor;
  LifelineScriptEditor  *script_editor;

  LifelineSyncEngine    *engine;
  char                  *db_path;
  char                  *server_url;   /* the one the service is for, NULL: standalone */
  LifelineLeadService   *service;
  LifelineApiClient     *client;
  GCancellable          *cancellable;
  gboolean               available;
  gboolean               role_known;   /* GET /api/v1/me answered for this server */
  LifelineSyncState      last_state;
};

G_DEFINE_FINAL_TYPE (LifelineLeadPage, lifeline_lead_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_service (LifelineLeadPage    *self,
             LifelineLeadService *service,
             LifelineApiClient   *client)
{
  gboolean available = service != NULL;

  g_set_object (&self->service, service);
  g_set_object (&self->client, client);
  lifeline_lead_queues_set_service (self->queues, service);
  lifeline_article_editor_set_service (self->editor, service);
  lifeline_script_editor_set_service (self->script_editor, service);
  if (!available)
    gtk_stack_set_visible_child_name (self->outer_stack, "workspace");
  if (self->available != available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
}

static void
on_me (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(LifelineLeadPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineApiResponse) response = NULL;
  g_autoptr(LifelineLeadService) service = NULL;
  LifelineApiClient *client = LIFELINE_API_CLIENT (source);
  JsonObject *me;
  const char *role;

  response = lifeline_api_client_request_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another server or token since */
  if (response != NULL)
    self->role_known = TRUE;   /* the server answered; a network error may pass */
  if (response == NULL || !lifeline_api_response_check (response, &error))
    {
      g_debug ("No lead tools: %s", error->message);
      set_service (self, NULL, NULL);
      return;
    }
  me = lifeline_api_response_get_object (response);
  role = me ? json_object_get_string_member_with_default (me, "role", "") : "";
  if (!g_str_equal (role, "lead"))
    {
      set_service (self, NULL, NULL);
      return;
    }
  service = lifeline_lead_service_new (self->db_path, client,
                                       json_object_get_string_member_with_default (me, "name", NULL));
  set_service (self, service, client);
}

static void
ask_role (LifelineLeadPage *self,
          const char       *token)
{
  g_autoptr(LifelineApiClient) client = NULL;

  if (token == NULL || *token == '\0' || self->server_url == NULL)
    {
      self->role_known = TRUE;
      set_service (self, NULL, NULL);
      return;
    }
  client = lifeline_api_client_new (self->server_url, token);
  lifeline_api_client_request_async (client, "GET", "/api/v1/me", NULL, NULL, self->cancellable,
                                     on_me, g_object_ref (self));
}

static void
on_token (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LifelineLeadPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = lifeline_token_store_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No lead tools: %s", error->message);
  ask_role (self, token);
}

static void
restart (LifelineLeadPage *self,
         const char       *url)
{
  g_autofree char *previous = g_steal_pointer (&self->server_url);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->server_url = url != NULL && *url != '\0' ? g_strdup (url) : NULL;
  self->role_known = FALSE;

  if (self->db_path == NULL)
    set_service (self, NULL, NULL);
  else if (self->server_url == NULL)
    {
      g_autoptr(LifelineLeadService) service = lifeline_lead_service_new (self->db_path, NULL, g_get_real_name ());

      set_service (self, service, NULL);
    }
  else if (g_strcmp0 (previous, self->server_url) != 0 || self->client == NULL)
    /* Another server, or from standalone: nothing until it says who we are. */
    set_service (self, NULL, NULL);
}

static void
refresh (LifelineLeadPage *self)
{
  restart (self, self->engine ? lifeline_sync_engine_get_server_url (self->engine) : NULL);
  if (self->server_url != NULL)
    lifeline_token_store_lookup_async (self->server_url, self->cancellable, on_token, g_object_ref (self));
}

/* A new address, or the token may have changed (the server took it again
 * after refusing it): ask who we are again. Otherwise one answer is enough. */
static void
on_server_changed (LifelineLeadPage *self)
{
  const char *url = lifeline_sync_engine_get_server_url (self->engine);
  LifelineSyncState state = lifeline_sync_engine_get_state (self->engine);
  gboolean token_back = self->last_state == LIFELINE_SYNC_UNAUTHORIZED && state != LIFELINE_SYNC_UNAUTHORIZED;

  self->last_state = state;
  if (url != NULL && *url == '\0')
    url = NULL;
  if (g_strcmp0 (url, self->server_url) != 0 || (url != NULL && (!self->role_known || token_back)))
    refresh (self);
}

static void
on_changes_applied (LifelineLeadPage *self)
{
  if (self->available)
    lifeline_lead_queues_reload (self->queues);
}

/* --- actions -------------------------------------------------------------- */

static void
show_editor (LifelineLeadPage *self)
{
  gtk_stack_set_visible_child_name (self->outer_stack, "article-editor");
}

static void
edit_article_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (widget);

  if (self->service == NULL)
    return;
  lifeline_article_editor_edit (self->editor, g_variant_get_string (parameter, NULL), NULL);
  show_editor (self);
}

static void
new_article_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (widget);

  if (self->service == NULL)
    return;
  lifeline_article_editor_new_article (self->editor, NULL, NULL, NULL);
  show_editor (self);
}

static char *
flag_note (LifelineLeadFlag *flag)
{
  if (flag->report_note != NULL && *flag->report_note != '\0' &&
      g_strcmp0 (flag->report_note, flag->reason) != 0)
    return g_strdup_printf (_("Flagged by an agent: %s\nTheir report: %s"), flag->reason, flag->report_note);
  return g_strdup_printf (_("Flagged by an agent: %s"), flag->reason);
}

static void
correct_flag_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (widget);
  LifelineLeadFlag *flag = lifeline_lead_queues_find_flag (self->queues, g_variant_get_string (parameter, NULL));
  g_autofree char *note = NULL;

  if (self->service == NULL || flag == NULL)
    return;
  note = flag_note (flag);
  if (flag->article_title != NULL)
    lifeline_article_editor_edit (self->editor, flag->article_id, note);
  else
    /* An article this machine does not have (yet): write it. */
    lifeline_article_editor_new_article (self->editor, flag->article_id, NULL, note);
  show_editor (self);
}

static void
new_article_from_flag_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (widget);
  LifelineLeadFlag *flag = lifeline_lead_queues_find_flag (self->queues, g_variant_get_string (parameter, NULL));
  g_autofree char *note = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (self->service == NULL || flag == NULL)
    return;
  note = flag_note (flag);
  title = g_strdup_printf (_("Correction: %s"), flag->article_title ? flag->article_title : flag->article_id);
  body = g_strdup_printf (_("What changed and what agents should say now.\n\n"
                            "> Raised by an agent: %s\n"), flag->reason);
  lifeline_article_editor_new_article (self->editor, title, body, note);
  show_editor (self);
}

static void
edit_script_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (widget);

  if (self->service == NULL)
    return;
  lifeline_script_editor_edit (self->script_editor, g_variant_get_string (parameter, NULL));
  gtk_stack_set_visible_child_name (self->outer_stack, "script-editor");
}

static void
new_script_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (widget);

  if (self->service == NULL)
    return;
  lifeline_script_editor_edit (self->script_editor, NULL);
  gtk_stack_set_visible_child_name (self->outer_stack, "script-editor");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (widget);

  gtk_stack_set_visible_child_name (self->outer_stack, "workspace");
  lifeline_lead_queues_reload (self->queues);
}

static void
on_published (LifelineLeadPage *self)
{
  lifeline_lead_queues_reload (self->queues);
}

/* --- the widget ----------------------------------------------------------- */

static void
lifeline_lead_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LifelineLeadPage *self = LIFELINE_LEAD_PAGE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lifeline_lead_page_dispose (GObject *object)
{
  LifelineLeadPage *self = (LifelineLeadPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->service);
  g_clear_object (&self->client);
  lifeline_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (lifeline_lead_page_parent_class)->dispose (object);
}

static void
lifeline_lead_page_finalize (GObject *object)
{
  LifelineLeadPage *self = (LifelineLeadPage *)object;

  g_free (self->db_path);
  g_free (self->server_url);

  G_OBJECT_CLASS (lifeline_lead_page_parent_class)->finalize (object);
}

static void
lifeline_lead_page_class_init (LifelineLeadPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lifeline_lead_page_get_property;
  object_class->dispose = lifeline_lead_page_dispose;
  object_class->finalize = lifeline_lead_page_finalize;

  /**
   * LifelineLeadPage:available:
   *
   * Whether the lead tools are on offer: standalone, or signed in as a lead.
   */
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LIFELINE_TYPE_LEAD_QUEUES);
  g_type_ensure (LIFELINE_TYPE_ARTICLE_EDITOR);
  g_type_ensure (LIFELINE_TYPE_SCRIPT_EDITOR);
  g_type_ensure (LIFELINE_TYPE_DASHBOARD);
  g_type_ensure (LIFELINE_TYPE_REPORTS_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-lead-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadPage, outer_stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadPage, lead_stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadPage, queues);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadPage, editor);
  gtk_widget_class_bind_template_child (widget_class, LifelineLeadPage, script_editor);

  gtk_widget_class_install_action (widget_class, "lead.edit-article", "s", edit_article_action);
  gtk_widget_class_install_action (widget_class, "lead.new-article", NULL, new_article_action);
  gtk_widget_class_install_action (widget_class, "lead.correct-flag", "s", correct_flag_action);
  gtk_widget_class_install_action (widget_class, "lead.new-article-from-flag", "s", new_article_from_flag_action);
  gtk_widget_class_install_action (widget_class, "lead.edit-script", "s", edit_script_action);
  gtk_widget_class_install_action (widget_class, "lead.new-script", NULL, new_script_action);
  gtk_widget_class_install_action (widget_class, "lead.back", NULL, back_action);
}

static void
lifeline_lead_page_init (LifelineLeadPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->editor, "published", G_CALLBACK (on_published), self);
  g_signal_connect_swapped (self->script_editor, "published", G_CALLBACK (on_published), self);
}

void
lifeline_lead_page_set_sync_engine (LifelineLeadPage   *self,
                                    LifelineSyncEngine *engine,
                                    const char         *db_path)
{
  g_return_if_fail (LIFELINE_IS_LEAD_PAGE (self));
  g_return_if_fail (engine == NULL || LIFELINE_IS_SYNC_ENGINE (engine));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  if (engine != NULL)
    {
      self->last_state = lifeline_sync_engine_get_state (engine);
      g_signal_connect_swapped (engine, "notify::server-url", G_CALLBACK (on_server_changed), self);
      g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (on_server_changed), self);
      g_signal_connect_swapped (engine, "changes-applied", G_CALLBACK (on_changes_applied), self);
    }
  refresh (self);
}

void
lifeline_lead_page_set_server (LifelineLeadPage *self,
                               const char       *url,
                               const char       *token,
                               const char       *db_path)
{
  g_return_if_fail (LIFELINE_IS_LEAD_PAGE (self));

  if (db_path != NULL)
    {
      g_free (self->db_path);
      self->db_path = g_strdup (db_path);
    }
  restart (self, url);
  if (self->server_url != NULL)
    ask_role (self, token);
}

gboolean
lifeline_lead_page_get_role_known (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), FALSE);
  return self->server_url == NULL || self->role_known;
}

gboolean
lifeline_lead_page_get_available (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), FALSE);
  return self->available;
}

AdwViewStack *
lifeline_lead_page_get_stack (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), NULL);
  return self->lead_stack;
}

LifelineLeadQueues *
lifeline_lead_page_get_queues (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), NULL);
  return self->queues;
}

LifelineArticleEditor *
lifeline_lead_page_get_editor (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), NULL);
  return self->editor;
}

LifelineScriptEditor *
lifeline_lead_page_get_script_editor (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), NULL);
  return self->script_editor;
}

LifelineLeadService *
lifeline_lead_page_get_service (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), NULL);
  return self->service;
}

LifelineApiClient *
lifeline_lead_page_get_api_client (LifelineLeadPage *self)
{
  g_return_val_if_fail (LIFELINE_IS_LEAD_PAGE (self), NULL);
  return self->client;
}
