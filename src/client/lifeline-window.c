/* lifeline-window.c
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-window"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-call-hint.h"
#include "lifeline-call-indicator.h"
#include "lifeline-followups-page.h"
#include "lifeline-lead-page.h"
#include "lifeline-recover-page.h"
#include "lifeline-report-panel.h"
#include "lifeline-search-page.h"
#include "lifeline-sync-banner.h"
#include "lifeline-sync-status.h"
#include "lifeline-trace.h"
#include "lifeline-window.h"

struct _LifelineWindow
{
  AdwApplicationWindow  parent_instance;

  AdwHeaderBar         *header_bar;
  AdwViewStack         *view_stack;
  LifelineSearchPage   *search_page;
  AdwToastOverlay      *toast_overlay;
  LifelineRecoverPage  *recover_page;
  LifelineFollowupsPage *followups_page;
  LifelineLeadPage     *lead_page;
  LifelineReportPanel  *report_panel;
  LifelineSyncStatus   *sync_status;
  LifelineSyncBanner   *sync_banner;
};

G_DEFINE_FINAL_TYPE (LifelineWindow, lifeline_window, ADW_TYPE_APPLICATION_WINDOW)

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "knowledge");
  lifeline_search_page_focus_search (self->search_page);
}

/* win.focus-page: the keyboard goes into the page on show, e.g. when the
 * report panel closes, rather than falling to the view switcher. */
static void
focus_page_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);
  GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);

  if (page == GTK_WIDGET (self->search_page))
    lifeline_search_page_focus_search (self->search_page);
  else if (page != NULL)
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
open_article_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "knowledge");
  lifeline_search_page_open_article (self->search_page, g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "knowledge");
  lifeline_search_page_search (self->search_page, g_variant_get_string (parameter, NULL));
}

/* win.open-recovery (s: category wire name, "" for none): a mistake was
 * recorded; the script for its category opens on the Recover page. */
static void
open_recovery_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);

  lifeline_recover_page_open_for_report (self->recover_page, g_variant_get_string (parameter, NULL), NULL);
}

/* win.open-recovery-for-report ((ss): category, report id): the same, and the
 * notes the agent takes are kept with that report. */
static void
open_recovery_for_report_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);
  const char *category, *report_id;

  g_variant_get (parameter, "(&s&s)", &category, &report_id);
  lifeline_recover_page_open_for_report (self->recover_page, category, report_id);
}

/* win.open-script (s: script id), e.g. a script found by search. */
static void
open_script_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);

  lifeline_recover_page_open_script (self->recover_page, g_variant_get_string (parameter, NULL));
}

/* win.open-followup (s: follow-up id, "" for the list), e.g. from a notification. */
static void
open_followup_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);

  lifeline_followups_page_show_followup (self->followups_page, g_variant_get_string (parameter, NULL));
}

/* win.report-mistake (Ctrl+Shift+M): the one click. The report is on disk
 * before anything says so; the network is never waited on. */
static void
report_mistake_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);
  g_autofree char *article_id = lifeline_report_panel_find_open_article (GTK_WIDGET (self->view_stack));
  g_autofree char *call_id = lifeline_report_panel_find_call_id (GTK_WINDOW (self));
  g_autoptr(LifelineReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  report = lifeline_report_panel_record (self->report_panel, article_id, call_id, &error);
  if (report == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The report could not be saved: %s"), error->message);

      toast = adw_toast_new (text);
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  toast = adw_toast_new (_("Mistake recorded. Thank you."));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* win.edit-report (s: report id), from the rejected list. */
static void
edit_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LifelineWindow *self = LIFELINE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!lifeline_report_panel_open (self->report_panel, g_variant_get_string (parameter, NULL), &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
on_first_frame (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, user_data);
  lifeline_trace_line ("first-frame ms=%.1f", lifeline_trace_since_start_ms ());
}

static void
lifeline_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (lifeline_window_parent_class)->realize (widget);

  if (lifeline_trace_enabled ())
    g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                      G_CALLBACK (on_first_frame), widget);
}

static void
lifeline_window_class_init (LifelineWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->realize = lifeline_window_realize;

  g_type_ensure (LIFELINE_TYPE_CALL_HINT);
  g_type_ensure (LIFELINE_TYPE_CALL_INDICATOR);
  g_type_ensure (LIFELINE_TYPE_SEARCH_PAGE);
  g_type_ensure (LIFELINE_TYPE_RECOVER_PAGE);
  g_type_ensure (LIFELINE_TYPE_FOLLOWUPS_PAGE);
  g_type_ensure (LIFELINE_TYPE_LEAD_PAGE);
  g_type_ensure (LIFELINE_TYPE_REPORT_PANEL);
  g_type_ensure (LIFELINE_TYPE_SYNC_BANNER);
  g_type_ensure (LIFELINE_TYPE_SYNC_STATUS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, recover_page);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, followups_page);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, lead_page);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, report_panel);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, sync_status);
  gtk_widget_class_bind_template_child (widget_class, LifelineWindow, sync_banner);

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.focus-page", NULL, focus_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-article", "s", open_article_action);
  gtk_widget_class_install_action (widget_class, "win.search", "s", search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);

  gtk_widget_class_install_action (widget_class, "win.open-recovery", "s", open_recovery_action);
  gtk_widget_class_install_action (widget_class, "win.open-recovery-for-report", "(ss)", open_recovery_for_report_action);
  gtk_widget_class_install_action (widget_class, "win.open-script", "s", open_script_action);
  gtk_widget_class_install_action (widget_class, "win.open-followup", "s", open_followup_action);

  gtk_widget_class_install_action (widget_class, "win.report-mistake", NULL, report_mistake_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.report-mistake", NULL);
  gtk_widget_class_install_action (widget_class, "win.edit-report", "s", edit_report_action);
}

static void
lifeline_window_init (LifelineWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (lifeline_search_page_get_search_entry (self->search_page),
                                           GTK_WIDGET (self));
}

LifelineWindow *
lifeline_window_new (LifelineApplication *application)
{
  LifelineWindow *self = g_object_new (LIFELINE_TYPE_WINDOW, "application", application, NULL);
  GSettings *settings = lifeline_application_get_settings (application);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  lifeline_recover_page_set_store (self->recover_page, lifeline_application_get_recovery_store (application));
  lifeline_followups_page_set_store (self->followups_page, lifeline_application_get_recovery_store (application));
  lifeline_report_panel_set_engine (self->report_panel, lifeline_application_get_sync_engine (application));
  lifeline_sync_status_set_engine (self->sync_status, lifeline_application_get_sync_engine (application));
  if (ADW_IS_VIEW_SWITCHER_TITLE (adw_header_bar_get_title_widget (self->header_bar)))
    lifeline_sync_status_set_title (self->sync_status,
                                    ADW_VIEW_SWITCHER_TITLE (adw_header_bar_get_title_widget (self->header_bar)));
  lifeline_sync_banner_set_engine (self->sync_banner, lifeline_application_get_sync_engine (application));
  lifeline_lead_page_set_sync_engine (self->lead_page, lifeline_application_get_sync_engine (application),
                                      lifeline_application_get_db_path (application));
  lifeline_search_page_set_worker (self->search_page,
                                   lifeline_application_get_search_worker (application));
  lifeline_search_page_focus_search (self->search_page);
  return self;
}
