/* test-i18n.c — the real window in Spanish or Traditional Chinese, under Xvfb
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run as `test-i18n --language=es` or `--language=zh_TW`: the window is
 * started with LANGUAGE set to it and the .mo files of the build folder
 * (LIFELINE_LOCALE_DIR), as `LANGUAGE=es meson devenv -C BUILD lifeline`
 * does. It checks that the agent sees translated labels, and that a
 * follow-up's deadline is written with the language's own date and time
 * format, not the English one.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "lifeline-application.h"
#include "lifeline-core.h"
#include "lifeline-followups-page.h"
#include "lifeline-window.h"

static const char *language;

/* What the agent sees in each language: labels of the narrow window, and
 * the deadline of a follow-up due in three days at 14:30. */
typedef struct
{
  const char *language;
  const char *labels[5];         /* each must be on screen */
  const char *not_labels[3];     /* their English originals must not be */
  const char *placeholder;       /* the search entry's */
  const char *due_prefix;        /* “Due %s” */
  gboolean    chinese_date;      /* the date is written “11月26日” */
  const char *time_text;
} Expected;

static const Expected expected[] = {
  {
    "es",
    { "Conocimiento", "Recuperar", "Seguimientos", "Supervisión", "Me equivoqué" },
    { "Knowledge", "Follow-ups", "I Made a Mistake" },
    "Buscar artículos y guiones",
    "Vence ",
    FALSE,                      /* %a %b come from the C locale's names here */
    "a las 14:30",
  },
  {
    "zh_TW",
    { "知識", "補救", "後續追蹤", "組長", "我犯了錯(M)" },
    { "Knowledge", "Follow-ups", "I Made a Mistake" },
    "搜尋文章與腳本",
    "期限 ",
    TRUE,
    "14:30",
  },
};

static const Expected *
get_expected (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (g_strcmp0 (expected[i].language, language) == 0)
      return &expected[i];
  g_error ("No expectations for the language “%s”", language);
  return NULL;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Spins the main loop until @condition holds, or 10 s have passed. */
static gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (10000, on_timeout, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every label's text (mnemonic underscores removed) and every action row's
 * subtitle under @widget. */
static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (ADW_IS_ACTION_ROW (widget))
    g_ptr_array_add (texts, g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget))));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  GtkWidget **out = user_data;

  *out = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static gboolean
page_lists_followup (gpointer data)
{
  return lifeline_followups_page_get_followups (data)->len == 1;
}

/* A follow-up due in three days at 14:30, local time: far enough away that
 * its deadline is written as a date, not “tomorrow”. */
static LifelineFollowup *
add_followup (GDateTime **out_due)
{
  g_autofree char *path = lifeline_get_client_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_DURABLE, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  GDateTime *due;
  LifelineFollowup *followup;

  g_assert_no_error (error);
  due = g_date_time_new_local (g_date_time_get_year (later), g_date_time_get_month (later),
                               g_date_time_get_day_of_month (later), 14, 30, 0);
  followup = lifeline_followup_new ("Call back about the refund", g_date_time_to_unix (due));
  g_assert_true (lifeline_followups_add (db, followup, &error));
  g_assert_no_error (error);
  *out_due = due;
  return followup;
}

static void
test_translated_window (void)
{
  const Expected *want = get_expected ();
  g_autoptr(LifelineApplication) app = lifeline_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) row_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LifelineFollowup) followup = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *want_date = NULL;
  LifelineFollowupsPage *followups_page;
  GtkWidget *window = NULL;
  GtkWidget *entry;
  const char *subtitle = NULL;

  followup = add_followup (&due);

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), &window);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_nonnull (window);
  gtk_test_widget_wait_for_draw (window);

  /* The labels of the agent's window are in the language. */
  collect_texts (window, texts);
  for (guint i = 0; i < G_N_ELEMENTS (want->labels); i++)
    {
      if (!has_text (texts, want->labels[i]))
        g_error ("The %s window shows no label “%s”", language, want->labels[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (want->not_labels); i++)
    {
      if (has_text (texts, want->not_labels[i]))
        g_error ("The %s window still shows the English label “%s”", language, want->not_labels[i]);
    }

  entry = find_widget (window, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  {
    g_autofree char *placeholder = NULL;

    g_object_get (entry, "placeholder-text", &placeholder, NULL);
    g_assert_cmpstr (placeholder, ==, want->placeholder);
  }

  /* The follow-up's deadline, written the language's way. */
  g_assert_true (gtk_widget_activate_action (window, "win.open-followup", "s", followup->id));
  followups_page = LIFELINE_FOLLOWUPS_PAGE (find_widget (window, LIFELINE_TYPE_FOLLOWUPS_PAGE));
  g_assert_nonnull (followups_page);
  g_assert_true (wait_until (page_lists_followup, followups_page));

  collect_texts (GTK_WIDGET (followups_page), row_texts);
  for (guint i = 0; i < row_texts->len && subtitle == NULL; i++)
    {
      const char *text = g_ptr_array_index (row_texts, i);

      if (text != NULL && g_str_has_prefix (text, want->due_prefix))
        subtitle = text;
    }
  if (subtitle == NULL)
    g_error ("No follow-up row says “%s…” in %s", want->due_prefix, language);
  g_test_message ("deadline: %s", subtitle);

  g_assert_nonnull (strstr (subtitle, want->time_text));
  g_assert_null (strstr (subtitle, " at "));
  if (want->chinese_date)
    {
      want_date = g_strdup_printf ("%d月%d日", g_date_time_get_month (due),
                                   g_date_time_get_day_of_month (due));
      g_assert_nonnull (strstr (subtitle, want_date));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
}

int
main (int    argc,
      char **argv)
{
  const char *locale_dir = g_getenv ("LIFELINE_LOCALE_DIR");
  g_autofree char *path = NULL;
  int out = 1;

  /* --language=LL, taken out before GTest sees the arguments. */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--language="))
        language = argv[i] + strlen ("--language=");
      else
        argv[out++] = argv[i];
    }
  argv[out] = NULL;
  argc = out;
  if (language == NULL)
    language = "es";

  /* gettext ignores LANGUAGE in the C locale; C.UTF-8 is always there. */
  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* gtk_test_init() puts the process in the C locale; take the
   * environment's again, as the application's main() does. */
  g_assert_nonnull (setlocale (LC_ALL, ""));
  g_assert_nonnull (locale_dir);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  path = g_strdup_printf ("/i18n/%s/window", language);
  g_test_add_func (path, test_translated_window);

  return g_test_run ();
}
