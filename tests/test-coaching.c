/* test-coaching.c — a lead coaches through the real lifeline-server; the agent is told
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * lifeline-server on 127.0.0.1 (a port it picks), an agent's sync engine on
 * a client database in a temporary folder, and the lead's Reports and
 * Trends pages talking to the server through LifelineApiClient. The agent's
 * desktop notifications go to a small org.freedesktop.Notifications service
 * this test runs on its own session bus (tests/ui-wrapper.sh), which records
 * them.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lifeline-api-client.h"
#include "lifeline-core.h"
#include "lifeline-dashboard.h"
#include "lifeline-feedback-notifier.h"
#include "lifeline-reports-view.h"
#include "lifeline-stats.h"
#include "lifeline-sync-engine.h"
#include "lifeline-test-server.h"

typedef LifelineTestSync Fixture;

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Runs the main loop until @cond holds; fails after @timeout_s seconds. */
static void
wait_until (Fixture       *f,
            Condition      cond,
            gconstpointer  data,
            guint          timeout_s,
            const char    *what)
{
  lifeline_test_wait_for_engine (f->engine, (LifelineTestCheck)cond, f, data, timeout_s, what);
}

/* An HTTP request as the lead; returns the status and the parsed body. */
static guint
lead_request (Fixture      *f,
              const char   *method,
              const char   *path,
              const char   *body,
              JsonObject  **out)
{
  return lifeline_test_server_request (f->server, f->session, f->lead_token, method, path, body, out);
}

static LifelineReport *
record (Fixture    *f,
        const char *article_id)
{
  g_autoptr(GError) error = NULL;
  LifelineReport *report;

  report = lifeline_reports_record (lifeline_sync_engine_get_db (f->engine), article_id, NULL, &error);
  g_assert_no_error (error);
  /* …and the details panel closed, so it does not wait for details. */
  g_assert_true (lifeline_reports_release (lifeline_sync_engine_get_db (f->engine), report->id, &error));
  g_assert_no_error (error);
  lifeline_sync_engine_queue_changed (f->engine);
  return report;
}

static guint
count_feedback (Fixture    *f,
                const char *report_id)
{
  g_autoptr(sqlite3_stmt) stmt =
    lifeline_db_prepare (lifeline_sync_engine_get_db (f->engine),
                         "SELECT count(*) FROM feedback WHERE report_id = ?", NULL);

  lifeline_db_bind_text (stmt, 1, report_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

/* The notification service */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  GPtrArray *summaries;
  GPtrArray *bodies;
  gboolean   owned;
} Notifications;

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  Notifications *n = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (n->summaries, g_strdup (summary));
      g_ptr_array_add (n->bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->summaries->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "lifeline", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable notifications_vtable = { notifications_call, NULL, NULL, { 0 } };

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Notifications *)user_data)->owned = TRUE;
}

static gboolean
name_owned (Fixture       *f,
            gconstpointer  data)
{
  return ((const Notifications *)data)->owned;
}

static gboolean
notified (Fixture       *f,
          gconstpointer  data)
{
  const Notifications *n = data;

  return n->summaries->len >= 2;
}

/* The lead's pages */

static gboolean
view_has (Fixture       *f,
          gconstpointer  data)
{
  LifelineReportsView *view = g_object_get_data (G_OBJECT (f->session), "view");

  return lifeline_reports_view_get_n_reports (view) == GPOINTER_TO_UINT (data);
}

static void
on_updated (gpointer  instance,
            guint    *count)
{
  (*count)++;
}

static void
count_update (LifelineReportsView *view,
              gpointer             user_data)
{
  guint updates = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "test-updates"));

  g_object_set_data (G_OBJECT (view), "test-updates", GUINT_TO_POINTER (updates + 1));
}

/* As view_has, loading the list again each time it came back short: the
 * server's reading side may answer from just before the last write. */
static gboolean
view_has_reloading (Fixture       *f,
                    gconstpointer  data)
{
  LifelineReportsView *view = g_object_get_data (G_OBJECT (f->session), "view");
  guint updates = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "test-updates"));
  guint asked = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "test-asked"));

  if (view_has (f, data))
    return TRUE;
  if (updates >= asked)
    {
      g_object_set_data (G_OBJECT (view), "test-asked", GUINT_TO_POINTER (updates + 1));
      lifeline_reports_view_reload (view);
    }
  return FALSE;
}

static gboolean
count_above (Fixture       *f,
             gconstpointer  data)
{
  const guint *count = data;

  return count[0] > count[1];
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Selects the row whose labels include @text (a note, or "Confidential…"). */
static GtkListBoxRow *
find_row (LifelineReportsView *view,
          const char          *text)
{
  GtkWidget *list = find_list (GTK_WIDGET (view));

  g_assert_nonnull (list);
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);

      if (row == NULL)
        return NULL;
      if (has_label (GTK_WIDGET (row), text))
        {
          gtk_list_box_select_row (GTK_LIST_BOX (list), row);
          return row;
        }
    }
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The feedback the server holds on @report_id, as the lead sees it. */
static char *
server_feedback (Fixture    *f,
                 const char *report_id)
{
  g_autoptr(JsonObject) root = NULL;
  JsonArray *reports;

  g_assert_cmpuint (lead_request (f, "GET", "/api/v1/reports?limit=500", NULL, &root), ==, 200);
  reports = json_object_get_array_member (root, "reports");
  for (guint i = 0; i < json_array_get_length (reports); i++)
    {
      JsonObject *report = json_array_get_object_element (reports, i);
      JsonArray *feedback = json_object_get_array_member (report, "feedback");

      if (g_strcmp0 (json_object_get_string_member (report, "id"), report_id) == 0 &&
          json_array_get_length (feedback) > 0)
        return g_strdup (json_object_get_string_member (json_array_get_object_element (feedback, 0), "message"));
    }
  return NULL;
}

static gboolean
server_has_feedback (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *message = server_feedback (f, data);

  return message != NULL;
}

static gboolean
both_arrived (Fixture       *f,
              gconstpointer  data)
{
  const char * const *ids = data;

  return count_feedback (f, ids[0]) > 0 && count_feedback (f, ids[1]) > 0 &&
         !lifeline_sync_engine_get_busy (f->engine);
}

/* The text of the composer's status line once sending is over, or NULL. */
static char *
find_status (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (g_str_has_prefix (text, "Sent.") || g_str_has_prefix (text, "Not sent") ||
          g_str_has_prefix (text, "Write a few"))
        return g_strdup (text);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      char *found = find_status (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
send_settled (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *status = find_status ((GtkWidget *)data);

  return status != NULL;
}

static void
send_from_template (Fixture             *f,
                    LifelineReportsView *view,
                    const char          *template,
                    const char          *report_id)
{
  GtkWidget *button = find_button (GTK_WIDGET (view), template);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "reports.send", NULL));
  wait_until (f, send_settled, view, 20, "the page says how sending went");
  {
    g_autofree char *status = find_status (GTK_WIDGET (view));

    g_assert_cmpstr (status, ==, "Sent. The agent gets it with a notification at their next sync.");
  }
  g_assert_true (server_has_feedback (f, report_id));
}

/* Every report in @data (a GPtrArray of LifelineReport) has its receipt. */
static gboolean
all_received (Fixture       *f,
              gconstpointer  data)
{
  const GPtrArray *reports = data;

  for (guint i = 0; i < reports->len; i++)
    {
      LifelineReport *report = reports->pdata[i];
      g_autoptr(LifelineReportStatus) status = NULL;
      g_autoptr(LifelineReport) stored = lifeline_reports_get (lifeline_sync_engine_get_db (f->engine),
                                                               report->id, &status, NULL);

      if (stored == NULL || status->received_at == 0 || status->queued ||
          status->sent_revision != stored->revision)
        return FALSE;
    }
  return TRUE;
}

/* The one click, then the details, as the report panel saves them. The
 * test records while the engine has no server, so that each report reaches
 * the lead in one revision and the counts below are exact. */
static LifelineReport *
report_with (Fixture          *f,
             LifelineCategory  category,
             gboolean          confidential,
             const char       *note)
{
  g_autoptr(GError) error = NULL;
  LifelineReport *report = record (f, NULL);

  report->category = category;
  report->confidential = confidential;
  g_free (report->note);
  report->note = g_strdup (note);
  g_assert_true (lifeline_reports_save (lifeline_sync_engine_get_db (f->engine), report, NULL, NULL, &error));
  g_assert_no_error (error);
  lifeline_sync_engine_queue_changed (f->engine);
  return report;
}

/* The whole loop: the agent's reports reach the lead's Reports page (the
 * confidential ones only as a group of 5, without a name); feedback written
 * there from a template reaches the agent, through the changes feed and
 * through the receipt, with "Your team lead replied to your report"; the
 * Trends page shows the server's numbers, null for "fewer than 5". */
static void
test_coaching_loop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GApplication) app = g_application_new ("io.github.lifelinehq.LifelineCoachingTest", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autoptr(LifelineApiClient) lead = NULL;
  g_autoptr(LifelineFeedbackNotifier) notifier = NULL;
  g_autoptr(LifelineReport) open_report = NULL;
  g_autoptr(LifelineReport) secret = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *message = NULL;
  Notifications n = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free), FALSE };
  GtkWidget *view_widget, *dashboard_widget;
  LifelineReportsView *view;
  LifelineDashboard *dashboard;
  guint updates[2] = { 0, 0 };
  const char *ids[2];
  guint registration, owner;
  JsonObject *stats, *by_category;

  g_assert_no_error (error);
  registration = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                                    &notifications_vtable, &n, NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                        on_name_acquired, NULL, &n, NULL);
  wait_until (f, name_owned, &n, 10, "the notification service is on the bus");
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  notifier = lifeline_feedback_notifier_new (app, f->engine);

  /* The agent: one ordinary report, four confidential ones, written
   * before the engine has a server (see report_with). */
  open_report = report_with (f, LIFELINE_CATEGORY_PROCESS, FALSE, "Told a caller the old refund window.");
  g_ptr_array_add (others, g_object_ref (open_report));
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (others, report_with (f, LIFELINE_CATEGORY_PROCESS, TRUE, "Skipped the identity check."));
  lifeline_sync_engine_set_server (f->engine, f->server->url, f->agent_token);
  wait_until (f, all_received, others, 20, "the server has the reports");

  /* The lead: four confidential reports would stand out, so only one report shows. */
  lead = lifeline_api_client_new (f->server->url, f->lead_token);
  view_widget = g_object_ref_sink (lifeline_reports_view_new ());
  view = LIFELINE_REPORTS_VIEW (view_widget);
  g_object_set_data (G_OBJECT (f->session), "view", view);
  lifeline_reports_view_set_source (view, NULL, lead);
  wait_until (f, view_has, GUINT_TO_POINTER (1), 20, "the lead sees one report");

  /* A fifth: now all five appear, without a name. */
  lifeline_sync_engine_set_server (f->engine, NULL, NULL);
  secret = report_with (f, LIFELINE_CATEGORY_PROCESS, TRUE, "Skipped the identity check again.");
  lifeline_sync_engine_set_server (f->engine, f->server->url, f->agent_token);
  g_ptr_array_add (others, g_object_ref (secret));
  wait_until (f, all_received, others, 20, "the server has the fifth confidential report");
  g_signal_connect (view, "updated", G_CALLBACK (count_update), NULL);
  wait_until (f, view_has_reloading, GUINT_TO_POINTER (6), 20, "the lead sees six reports");
  {
    GtkListBoxRow *ordinary = find_row (view, "Told a caller the old refund window.");
    GtkListBoxRow *confidential = find_row (view, "Skipped the identity check again.");

    /* The ordinary report names its reporter; a confidential one no one. */
    g_assert_nonnull (ordinary);
    g_assert_true (has_label (GTK_WIDGET (ordinary), "ana"));
    g_assert_nonnull (confidential);
    g_assert_true (has_label (GTK_WIDGET (confidential), "Confidential: no name is kept"));
    g_assert_false (has_label (GTK_WIDGET (confidential), "ana"));
  }

  /* Feedback on the ordinary report, from a template. */
  g_assert_nonnull (find_row (view, "Told a caller the old refund window."));
  send_from_template (f, view, "The article was wrong, not you", open_report->id);
  message = server_feedback (f, open_report->id);
  g_assert_true (g_str_has_prefix (message, "This article was wrong, not you"));

  /* …and on the newest confidential one. */
  g_assert_nonnull (find_row (view, "Skipped the identity check again."));
  send_from_template (f, view, "Thank you for owning it", secret->id);

  /* The agent gets both, and is told each time. */
  lifeline_sync_engine_sync_now (f->engine);
  ids[0] = open_report->id;
  ids[1] = secret->id;
  wait_until (f, both_arrived, ids, 20, "the feedback reaches the agent");
  if (n.summaries->len < 2)
    {
      lifeline_sync_engine_sync_now (f->engine);
      wait_until (f, notified, &n, 20, "the agent is told");
    }
  g_assert_cmpuint (n.summaries->len, >=, 1);
  for (guint i = 0; i < n.summaries->len; i++)
    g_assert_cmpstr (n.summaries->pdata[i], ==, "Your team lead replied to your report");
  {
    gboolean seen = FALSE;

    for (guint i = 0; i < n.bodies->len; i++)
      seen |= strstr (n.bodies->pdata[i], "wrong, not you") != NULL ||
              strstr (n.bodies->pdata[i], "owning it") != NULL ||
              strstr (n.bodies->pdata[i], "replies") != NULL;
    g_assert_true (seen);
  }

  /* The Trends page, from the server: 6 reports today, all "process
   * not followed"; every other category is under 5 (none at all). */
  dashboard_widget = g_object_ref_sink (lifeline_dashboard_new ());
  dashboard = LIFELINE_DASHBOARD (dashboard_widget);
  g_signal_connect (dashboard, "updated", G_CALLBACK (on_updated), &updates[0]);
  {
    g_autofree char *today = lifeline_stats_format_date (lifeline_time_now ());

    lifeline_dashboard_set_range (dashboard, LIFELINE_DASHBOARD_RANGE_CUSTOM, today, today);
    lifeline_dashboard_set_source (dashboard, NULL, lead);
  }
  wait_until (f, count_above, updates, 20, "the trends load");
  stats = lifeline_dashboard_get_stats (dashboard);
  g_assert_nonnull (stats);
  g_assert_cmpint (json_object_get_int_member (stats, "total"), ==, 6);
  by_category = json_object_get_object_member (stats, "by_category");
  g_assert_cmpint (json_object_get_int_member (by_category, "process"), ==, 6);
  g_assert_true (json_object_get_null_member (by_category, "incorrect_information"));

  g_object_set_data (G_OBJECT (f->session), "view", NULL);
  g_object_unref (view_widget);
  g_object_unref (dashboard_widget);
  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (bus, registration);
  g_ptr_array_unref (n.summaries);
  g_ptr_array_unref (n.bodies);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  lifeline_test_sync_set_up (f, "coaching");
  lifeline_test_server_start (f->server, "--rate-limit", "0", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  lifeline_test_sync_tear_down (f);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/coaching/loop", Fixture, NULL, fixture_set_up, test_coaching_loop, fixture_tear_down);

  return g_test_run ();
}
