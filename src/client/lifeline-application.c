/* lifeline-application.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-application.h"
#include "lifeline-core.h"
#include "lifeline-kb-store.h"
#include "lifeline-preferences-window.h"
#include "lifeline-feedback-notifier.h"
#include "lifeline-reminders.h"
#include "lifeline-search-provider.h"
#include "lifeline-sync-engine.h"
#include "lifeline-sync-settings.h"
#include "lifeline-window.h"

/* Started by the Shell's search or by D-Bus activation: stay a while for the
 * next key press or call event instead of starting again for each. */
#define SERVICE_INACTIVITY_MS 30000

struct _LifelineApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  char           *db_path;
  LifelineDb     *db;
  LifelineSearchWorker *search_worker;

  LifelineSearchProvider *search_provider;

  /* Recovery scripts' sessions and follow-ups, and their notifications. */
  LifelineRecoveryStore  *recovery_store;
  LifelineReminders      *reminders;

  /* Reports, flags and follow-ups up to the team's server, knowledge down. */
  LifelineSyncEngine     *sync_engine;
  LifelineFeedbackNotifier *feedback_notifier;  /* "Your team lead replied" */

  /* The softphone's current call (lifeline --call-start), or NULL. */
  char           *call_id;
  char           *call_caller;
  char           *call_reason;
  gint64          call_started;   /* g_get_monotonic_time () */
};

G_DEFINE_FINAL_TYPE (LifelineApplication, lifeline_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CALL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The softphone hooks: `lifeline --call-start ID [--caller NAME] [--reason
 * TEXT]` and `lifeline --call-end`, forwarded to the running instance as
 * app.call-start (sss) and app.call-end (docs/integration.md). */
static const GOptionEntry call_options[] = {
  { "call-start", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Tell Lifeline a call has started, with the softphone’s call ID"), N_("ID") },
  { "caller", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The caller’s name, with --call-start"), N_("NAME") },
  { "reason", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Why the customer is calling, with --call-start: Lifeline searches for it"), N_("TEXT") },
  { "call-end", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Tell Lifeline the call has ended"), NULL },
  { NULL }
};

LifelineApplication *
lifeline_application_new (void)
{
  return g_object_new (LIFELINE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

static GtkWindow *
ensure_window (LifelineApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (lifeline_window_new (self));

  return window;
}

static void
lifeline_application_activate (GApplication *app)
{
  gtk_window_present (ensure_window (LIFELINE_APPLICATION (app)));
}

/* Whether another process owns the application's name on the session bus. */
static gboolean
instance_is_running (GApplication *app)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", g_application_get_application_id (app)),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static int
lifeline_application_handle_local_options (GApplication *app,
                                           GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *call_id = NULL;
  const char *caller = "";
  const char *reason = "";
  gboolean call_end = FALSE;
  gboolean has_details;

  g_variant_dict_lookup (options, "call-start", "&s", &call_id);
  g_variant_dict_lookup (options, "call-end", "b", &call_end);
  has_details = g_variant_dict_lookup (options, "caller", "&s", &caller) |
                g_variant_dict_lookup (options, "reason", "&s", &reason);

  if (call_id == NULL && !call_end)
    {
      if (has_details)
        {
          g_printerr ("%s\n", _("--caller and --reason go with --call-start ID."));
          return EXIT_FAILURE;
        }
      return -1;
    }
  if (call_id != NULL && call_end)
    {
      g_printerr ("%s\n", _("Use either --call-start or --call-end, not both."));
      return EXIT_FAILURE;
    }
  if (call_id != NULL && *call_id == '\0')
    {
      g_printerr ("%s\n", _("--call-start needs the call’s ID, as the softphone names it."));
      return EXIT_FAILURE;
    }

  /* A call end with no Lifeline running has nothing to end: say so without
   * starting one (becoming the primary instance would start the database,
   * the sync engine and their threads only to tear them down at once). */
  if (call_end && !instance_is_running (app))
    return EXIT_SUCCESS;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr (_("Could not reach Lifeline: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  /* Runs in the running instance when there is one (GApplication forwards
   * the activation over D-Bus), else here, in the instance just started. */
  if (call_id != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "call-start",
                                    g_variant_new ("(sss)", call_id, caller, reason));
  else
    g_action_group_activate_action (G_ACTION_GROUP (app), "call-end", NULL);

  /* A call start keeps a first instance running with its window; a call end
   * with nothing running has nothing to show. */
  if (g_application_get_is_remote (app) || call_id == NULL)
    return EXIT_SUCCESS;
  return -1;
}

static void
call_start_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  LifelineApplication *self = LIFELINE_APPLICATION (user_data);
  const char *id;
  const char *caller;
  const char *reason;

  g_variant_get (parameter, "(&s&s&s)", &id, &caller, &reason);
  if (*id == '\0')
    {
      g_warning ("app.call-start needs a call ID as its first value; nothing changed");
      return;
    }

  lifeline_application_start_call (self, id, caller, reason, g_get_monotonic_time ());

  /* The reason fills the search, so suggested articles are there before
   * the agent types. */
  if (*reason != '\0')
    lifeline_application_search (self, reason, GDK_CURRENT_TIME);
  else
    g_application_activate (G_APPLICATION (self));
}

static void
call_end_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  lifeline_application_end_call (LIFELINE_APPLICATION (user_data));
}

static void
current_call_change_state (GSimpleAction *action,
                           GVariant      *value,
                           gpointer       user_data)
{
  /* Read-only from outside: its state follows app.call-start and
   * app.call-end. */
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* What a lead or an administrator pastes into a bug report. */
static char *
build_debug_info (LifelineApplication *self)
{
  GString *info = g_string_new (NULL);
  g_autofree char *server = NULL;

  if (self->settings != NULL)
    server = g_settings_get_string (self->settings, "server-url");

  g_string_append_printf (info, "Lifeline %s (%s)\n", PACKAGE_VERSION, APP_ID);
  g_string_append_printf (info, "Flatpak: %s\n",
                          g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "yes" : "no");
  g_string_append_printf (info, "GLib %u.%u.%u, GTK %u.%u.%u, libadwaita %u.%u.%u\n",
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  g_string_append_printf (info, "SQLite %s, FTS5: %s\n", sqlite3_libversion (),
                          sqlite3_compileoption_used ("ENABLE_FTS5") ? "yes" : "no");
  g_string_append_printf (info, "Database: %s\n", self->db_path);
  g_string_append_printf (info, "Server: %s\n", server != NULL && *server != '\0' ? server : "none");
  return g_string_free (info, FALSE);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  LifelineApplication *self = LIFELINE_APPLICATION (user_data);
  static const char *developers[] = { "Lifeline developers https://github.com/lifelinehq/lifeline", NULL };
  static const char *built_with[] = {
    "GTK https://gtk.org",
    "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
    "SQLite https://sqlite.org",
    "cmark https://github.com/commonmark/cmark",
    "libsoup https://libsoup.org",
    "json-glib https://gitlab.gnome.org/GNOME/json-glib",
    NULL
  };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *debug_info = build_debug_info (self);
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Lifeline"),
                        "application-icon", APP_ID,
                        "developer-name", _("Lifeline developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Verified answers, mistake recovery and follow-ups during live calls"),
                        "website", "https://github.com/lifelinehq/lifeline",
                        "issue-url", "https://github.com/lifelinehq/lifeline/issues",
                        "developers", developers,
                        "artists", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        "copyright", "© 2026 Lifeline developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "debug-info", debug_info,
                        "debug-info-filename", "lifeline-debug-info.txt",
                        NULL);
  adw_about_window_add_acknowledgement_section (about, _("Built With"), built_with);
  /* The Flatpak bundles cmark; its licence asks to be reproduced. */
  adw_about_window_add_legal_section (about, "cmark",
                                      "Copyright © 2014 John MacFarlane",
                                      GTK_LICENSE_BSD, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  LifelineApplication *self = LIFELINE_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->sync_engine == NULL)
    return;
  gtk_window_present (GTK_WINDOW (lifeline_preferences_window_new (window, self->settings, self->sync_engine)));
}

static void
sync_now_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  LifelineApplication *self = LIFELINE_APPLICATION (user_data);

  if (self->sync_engine != NULL)
    lifeline_sync_engine_sync_now (self->sync_engine);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "sync-now", sync_now_action },
  { "call-start", call_start_action, "(sss)" },
  { "call-end", call_end_action },
  { "current-call", NULL, NULL, "''", current_call_change_state },
};

/* The starter knowledge base, on a connection of its own in a thread: the
 * window paints at once, and searches wait in the worker until it is in. */
static void
load_starter_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autofree char *dir = lifeline_get_starter_kb_dir ();
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = lifeline_db_open (db_path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  if (db == NULL || !lifeline_kb_load_starter (db, dir, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_starter_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LifelineApplication *self = LIFELINE_APPLICATION (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Could not load the starter knowledge base: %s", error->message);

  /* Search what there is, even without the starter content. */
  lifeline_search_worker_set_ready (self->search_worker);
}

static void
open_database (LifelineApplication *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  self->db = lifeline_db_open (self->db_path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  if (self->db == NULL)
    g_warning ("Could not open the database: %s", error->message);

  self->search_worker = lifeline_search_worker_new (self->db_path);
  if (self->db == NULL)
    {
      /* The search page says what is wrong. */
      lifeline_search_worker_set_ready (self->search_worker);
      return;
    }

  task = g_task_new (self, NULL, on_starter_loaded, NULL);
  g_task_set_source_tag (task, open_database);
  g_task_set_task_data (task, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (task, load_starter_thread);
}

/* A recovery script walked for a report is finished: its notes travel with
 * the report, as a new revision if the first one has gone out already. */
static void
on_recovery_finished (LifelineRecoveryStore *store,
                      const char            *session_id,
                      const char            *report_id,
                      LifelineApplication   *self)
{
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(GError) error = NULL;
  LifelineDb *db;

  if (report_id == NULL || *report_id == '\0' || self->sync_engine == NULL)
    return;

  db = lifeline_sync_engine_get_db (self->sync_engine);
  report = lifeline_reports_get (db, report_id, NULL, &error);
  if (report == NULL ||
      !lifeline_recovery_attach_to_report (db, report, &error) ||
      !lifeline_reports_save (db, report, NULL, NULL, &error))
    {
      /* A report recorded on another computer has nothing to carry here. */
      if (g_error_matches (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND))
        g_debug ("Recovery notes for report %s: %s", report_id, error->message);
      else if (error != NULL)
        g_warning ("Could not add the recovery notes to report %s: %s", report_id, error->message);
      return;
    }

  lifeline_sync_engine_queue_changed (self->sync_engine);
}

/* Follow-up changes are queued in the outbox by the recovery store's own
 * connection; tell the engine so they go out now, not at the next tick. */
static void
on_followups_changed (LifelineRecoveryStore *store,
                      LifelineApplication   *self)
{
  if (self->sync_engine != NULL)
    lifeline_sync_engine_queue_changed (self->sync_engine);
}

static void
lifeline_application_startup (GApplication *app)
{
  LifelineApplication *self = LIFELINE_APPLICATION (app);
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *preferences_accels[] = { "<primary>comma", NULL };
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (lifeline_application_parent_class)->startup (app);

  self->settings = g_settings_new (BASE_APP_ID);
  open_database (self);
  self->recovery_store = lifeline_recovery_store_new (self->db_path);
  self->reminders = lifeline_reminders_new (app, self->recovery_store, self->settings);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);

  self->sync_engine = lifeline_sync_engine_new (self->db_path, &error);
  if (self->sync_engine == NULL)
    g_critical ("Mistake reports cannot be saved: %s", error->message);
  else
    {
      lifeline_sync_settings_bind (self->sync_engine, self->settings);
      self->feedback_notifier = lifeline_feedback_notifier_new (app, self->sync_engine);
    }

  g_signal_connect_object (self->recovery_store, "session-finished",
                           G_CALLBACK (on_recovery_finished), self, 0);
  g_signal_connect_object (self->recovery_store, "followups-changed",
                           G_CALLBACK (on_followups_changed), self, 0);
}

static void
lifeline_application_finalize (GObject *object)
{
  LifelineApplication *self = (LifelineApplication *)object;

  g_clear_object (&self->reminders);
  g_clear_object (&self->recovery_store);
  g_clear_object (&self->feedback_notifier);
  g_clear_object (&self->sync_engine);
  g_clear_object (&self->settings);
  g_clear_object (&self->search_worker);
  g_clear_object (&self->db);
  g_free (self->db_path);
  g_free (self->call_id);
  g_free (self->call_caller);
  g_free (self->call_reason);

  G_OBJECT_CLASS (lifeline_application_parent_class)->finalize (object);
}

static gboolean
lifeline_application_dbus_register (GApplication     *app,
                                    GDBusConnection  *connection,
                                    const char       *object_path,
                                    GError          **error)
{
  LifelineApplication *self = LIFELINE_APPLICATION (app);
  g_autofree char *provider_path = g_strconcat (object_path, "/SearchProvider", NULL);

  if (!G_APPLICATION_CLASS (lifeline_application_parent_class)->dbus_register (app, connection,
                                                                               object_path, error))
    return FALSE;

  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, SERVICE_INACTIVITY_MS);

  self->search_provider = lifeline_search_provider_new (self, self->db_path);
  return lifeline_search_provider_register (self->search_provider, connection, provider_path, error);
}

static void
lifeline_application_dbus_unregister (GApplication    *app,
                                      GDBusConnection *connection,
                                      const char      *object_path)
{
  LifelineApplication *self = LIFELINE_APPLICATION (app);

  if (self->search_provider != NULL)
    {
      lifeline_search_provider_unregister (self->search_provider);
      g_clear_object (&self->search_provider);
    }

  G_APPLICATION_CLASS (lifeline_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
lifeline_application_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LifelineApplication *self = LIFELINE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CALL_ID:
      g_value_set_string (value, self->call_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lifeline_application_class_init (LifelineApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = lifeline_application_finalize;
  object_class->get_property = lifeline_application_get_property;
  app_class->handle_local_options = lifeline_application_handle_local_options;
  app_class->dbus_register = lifeline_application_dbus_register;
  app_class->dbus_unregister = lifeline_application_dbus_unregister;

  /**
   * LifelineApplication:call-id:
   *
   * The softphone's id of the call in progress, or %NULL between calls.
   * Reports and follow-ups made during a call carry it.
   */
  properties[PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  app_class->activate = lifeline_application_activate;
  app_class->startup = lifeline_application_startup;
}

static void
lifeline_application_init (LifelineApplication *self)
{
  self->db_path = lifeline_get_client_db_path ();
  g_application_add_main_option_entries (G_APPLICATION (self), call_options);
}

GSettings *
lifeline_application_get_settings (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->settings;
}

const char *
lifeline_application_get_db_path (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->db_path;
}

LifelineDb *
lifeline_application_get_db (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->db;
}

LifelineSearchWorker *
lifeline_application_get_search_worker (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->search_worker;
}

/* The sync engine and its main-thread database connection (after startup;
 * NULL if the database could not be opened). */
LifelineSyncEngine *
lifeline_application_get_sync_engine (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->sync_engine;
}

/* Scripts' sessions and follow-ups, off the main loop (after startup). */
LifelineRecoveryStore *
lifeline_application_get_recovery_store (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);

  if (self->recovery_store == NULL)
    self->recovery_store = lifeline_recovery_store_new (self->db_path);
  return self->recovery_store;
}

/* Shows the window with the article @article_id open (the Activities
 * overview's results). @timestamp: of the event that asked, or 0. */
void
lifeline_application_open_article (LifelineApplication *self,
                                   const char          *article_id,
                                   guint32              timestamp)
{
  GtkWindow *window;

  g_return_if_fail (LIFELINE_IS_APPLICATION (self));
  g_return_if_fail (article_id != NULL);

  window = ensure_window (self);
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.open-article", "s", article_id))
    g_warning ("The window cannot open articles (no win.open-article): %s not shown", article_id);
  gtk_window_present_with_time (window, timestamp);
}

/* Shows the window searching for @text. */
void
lifeline_application_search (LifelineApplication *self,
                             const char          *text,
                             guint32              timestamp)
{
  GtkWindow *window;

  g_return_if_fail (LIFELINE_IS_APPLICATION (self));
  g_return_if_fail (text != NULL);

  window = ensure_window (self);
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.search", "s", text))
    g_warning ("The window cannot search (no win.search): “%s” not filled in", text);
  gtk_window_present_with_time (window, timestamp);
}

/* Records that the call @id is in progress since @started (monotonic
 * microseconds; tests pass a time in the past). The same id again only
 * updates the caller and the reason. */
void
lifeline_application_start_call (LifelineApplication *self,
                                 const char          *id,
                                 const char          *caller,
                                 const char          *reason,
                                 gint64               started)
{
  GAction *current_call;
  gboolean same;

  g_return_if_fail (LIFELINE_IS_APPLICATION (self));
  g_return_if_fail (id != NULL && *id != '\0');

  same = g_strcmp0 (self->call_id, id) == 0;
  g_free (self->call_caller);
  self->call_caller = g_strdup (caller ? caller : "");
  g_free (self->call_reason);
  self->call_reason = g_strdup (reason ? reason : "");
  if (same)
    return;

  g_free (self->call_id);
  self->call_id = g_strdup (id);
  self->call_started = started;

  current_call = g_action_map_lookup_action (G_ACTION_MAP (self), "current-call");
  if (current_call != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (current_call), g_variant_new_string (id));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_ID]);
}

void
lifeline_application_end_call (LifelineApplication *self)
{
  GAction *current_call;

  g_return_if_fail (LIFELINE_IS_APPLICATION (self));

  if (self->call_id == NULL)
    return;

  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->call_caller, g_free);
  g_clear_pointer (&self->call_reason, g_free);
  self->call_started = 0;

  current_call = g_action_map_lookup_action (G_ACTION_MAP (self), "current-call");
  if (current_call != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (current_call), g_variant_new_string (""));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_ID]);
}

const char *
lifeline_application_get_call_id (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->call_id;
}

const char *
lifeline_application_get_call_caller (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->call_caller;
}

const char *
lifeline_application_get_call_reason (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), NULL);
  return self->call_reason;
}

gint64
lifeline_application_get_call_started (LifelineApplication *self)
{
  g_return_val_if_fail (LIFELINE_IS_APPLICATION (self), 0);
  return self->call_started;
}
