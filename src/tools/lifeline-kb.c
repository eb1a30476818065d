/* lifeline-kb.c — the knowledge-base command-line tool
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lifeline-kb"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lifeline-core.h"
#include "lifeline-kb-bench.h"

static void
usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage: lifeline-kb [--db PATH] COMMAND [OPTIONS]\n"
             "\n"
             "Manage a Lifeline knowledge base (articles and recovery scripts).\n"
             "\n"
             "Commands:\n"
             "  import FILE.jsonl|FILE.md|DIR   Add or update articles and scripts (all or nothing)\n"
             "  export [--format jsonl]         Print every article and script as JSON Lines\n"
             "  search [--json] [--limit N] [--plain] [QUERY]\n"
             "                                  Search; without QUERY, one query a line from\n"
             "                                  standard input, one JSON array a line out\n"
             "  synonyms list|add TERM…|remove TERM…\n"
             "                                  Show or edit the synonym groups\n"
             "  load-starter [DIR]              Load the bundled starter knowledge base\n"
             "  opened QUERY ID [--script]      Record that an agent opened ID after QUERY\n"
             "  bench [--articles N] [--sequences N] [--keep PATH | --reuse PATH]\n"
             "                                  Measure import and as-you-type search speed\n"
             "                                  on a synthetic knowledge base\n"
             "\n"
             "Options:\n"
             "  --db PATH      The database (default: the Lifeline app's own); a new one\n"
             "                 starts empty\n"
             "  --version      Print the version\n"
             "  -h, --help     Show this help\n"));
}

static int
fail (GError *error)
{
  fprintf (stderr, "%s\n", error->message);
  return 1;
}

static LifelineDb *
open_db (const char  *path,
         GError     **error)
{
  if (!lifeline_kb_create_database (path, error))
    return NULL;
  return lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_DURABLE, error);
}

/* import ------------------------------------------------------------------------- */

static int
cmd_import (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LifelineDb) db = NULL;
  guint added, updated, unchanged;

  if (argc != 1)
    {
      fprintf (stderr, "%s\n", _("Usage: lifeline-kb [--db PATH] import FILE.jsonl|FILE.md|DIR"));
      return 2;
    }

  /* Everything is read and checked before the database is touched. */
  items = lifeline_kb_read_path (argv[0], &error);
  if (items == NULL)
    return fail (error);

  db = open_db (db_path, &error);
  if (db == NULL)
    return fail (error);
  if (!lifeline_kb_import (db, items, LIFELINE_ORIGIN_LOCAL, &added, &updated, &unchanged, &error))
    return fail (error);

  g_print (_("Imported %u items into %s: %u new, %u updated, %u unchanged.\n"),
           items->len, db_path, added, updated, unchanged);
  return 0;
}

/* export ------------------------------------------------------------------------- */

static int
cmd_export (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--format") && i + 1 < argc && g_str_equal (argv[i + 1], "jsonl"))
        i++;
      else if (g_str_equal (argv[i], "--format=jsonl"))
        ;
      else
        {
          fprintf (stderr, "%s\n", _("Usage: lifeline-kb [--db PATH] export [--format jsonl]"));
          return 2;
        }
    }

  db = open_db (db_path, &error);
  if (db == NULL || !lifeline_kb_export_jsonl (db, stdout, &error))
    return fail (error);
  return 0;
}

/* search ------------------------------------------------------------------------- */

static char *
marks_to (const char *snippet,
          const char *start,
          const char *end)
{
  GString *out = g_string_new (NULL);

  for (const char *p = snippet; *p != '\0'; p++)
    {
      if (*p == LIFELINE_MARK_START[0])
        g_string_append (out, start);
      else if (*p == LIFELINE_MARK_END[0])
        g_string_append (out, end);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
hits_to_json (GPtrArray *hits)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < hits->len; i++)
    {
      LifelineSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *snippet = marks_to (hit->snippet, "<mark>", "</mark>");

      json_builder_begin_object (builder);
      lifeline_wire_add_string (builder, "id", hit->id);
      lifeline_wire_add_string (builder, "kind", hit->kind == LIFELINE_HIT_SCRIPT ? "script" : "article");
      lifeline_wire_add_string (builder, "title", hit->title);
      lifeline_wire_add_string (builder, "snippet", snippet);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, (gint64)(hit->score * 10000 + 0.5) / 10000.0);
      lifeline_wire_add_time (builder, "verified_at", hit->verified_at);
      json_builder_set_member_name (builder, "expired");
      json_builder_add_boolean_value (builder, hit->expired);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
print_hits (GPtrArray *hits,
            gint64     now)
{
  gboolean tty = isatty (STDOUT_FILENO);

  if (hits->len == 0)
    g_print ("%s\n", _("No results."));

  for (guint i = 0; i < hits->len; i++)
    {
      LifelineSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *snippet = marks_to (hit->snippet, tty ? "\033[1m" : "[", tty ? "\033[0m" : "]");
      g_autofree char *state = NULL;

      if (hit->kind == LIFELINE_HIT_SCRIPT)
        state = g_strdup (_("recovery script"));
      else if (hit->verified_at == 0)
        state = g_strdup (_("never verified"));
      else
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (hit->verified_at);
          g_autofree char *date = g_date_time_format (when, "%Y-%m-%d");

          state = g_strdup_printf (hit->expired ? _("expired, verified %s") : _("verified %s"), date);
        }
      g_print ("%2u. %s  (%s; %s; %.2f)\n    %s\n", i + 1, hit->title, hit->id, state, hit->score, snippet);
    }
}

static int
cmd_search (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineSearch) search = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  gboolean json = FALSE, plain = FALSE, have_query = FALSE;
  guint limit = 10;
  gint64 now = lifeline_time_now ();

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--plain"))
        plain = TRUE;
      else if (g_str_equal (argv[i], "--limit") && i + 1 < argc)
        {
          guint64 n;

          if (!g_ascii_string_to_unsigned (argv[++i], 10, 1, 1000, &n, NULL))
            {
              fprintf (stderr, "%s\n", _("--limit takes a number from 1 to 1000"));
              return 2;
            }
          limit = n;
        }
      else if (g_str_equal (argv[i], "--"))
        {
          for (i++; i < argc; i++)
            g_string_append_printf (query, "%s%s", query->len ? " " : "", argv[i]);
          have_query = TRUE;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          fprintf (stderr, "%s\n", _("Usage: lifeline-kb [--db PATH] search [--json] [--limit N] [--plain] [QUERY]"));
          return 2;
        }
      else
        {
          g_string_append_printf (query, "%s%s", query->len ? " " : "", argv[i]);
          have_query = TRUE;
        }
    }

  /* Creates an empty knowledge base if there is none yet. */
  db = open_db (db_path, &error);
  if (db == NULL)
    return fail (error);
  search = lifeline_search_new (db_path, &error);
  if (search == NULL)
    return fail (error);

  if (have_query)
    {
      g_autoptr(GPtrArray) hits = plain
        ? lifeline_search_query_plain (search, query->str, limit, now, &error)
        : lifeline_search_query (search, query->str, limit, now, NULL, &error);

      if (hits == NULL)
        return fail (error);
      if (json)
        {
          g_autofree char *out = hits_to_json (hits);

          g_print ("%s\n", out);
        }
      else
        {
          print_hits (hits, now);
          if (hits->len == 0)
            {
              g_autofree char *suggestion = lifeline_search_suggest (search, query->str, NULL);

              if (suggestion != NULL)
                g_print (_("Did you mean “%s”?\n"), suggestion);
            }
        }
      return 0;
    }

  /* Batch mode: one query a line in, one JSON array a line out. */
  {
    char buf[4096];

    while (fgets (buf, sizeof buf, stdin) != NULL)
      {
        g_autoptr(GPtrArray) hits = NULL;
        g_autofree char *out = NULL;
        gsize len = strlen (buf);

        if (len > 0 && buf[len - 1] == '\n')
          buf[--len] = '\0';
        if (len > 0 && buf[len - 1] == '\r')
          buf[--len] = '\0';
        if (!g_utf8_validate (buf, -1, NULL))
          {
            g_print ("[]\n");
            continue;
          }

        hits = plain ? lifeline_search_query_plain (search, buf, limit, now, &error)
                     : lifeline_search_query (search, buf, limit, now, NULL, &error);
        if (hits == NULL)
          return fail (error);
        out = hits_to_json (hits);
        g_print ("%s\n", out);
        fflush (stdout);
      }
  }
  return 0;
}

/* synonyms ----------------------------------------------------------------------- */

static int
cmd_synonyms (const char  *db_path,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;

  if (argc < 1 || (!g_str_equal (argv[0], "list") && argc < 2))
    {
      fprintf (stderr, "%s\n", _("Usage: lifeline-kb [--db PATH] synonyms list|add TERM TERM…|remove TERM…"));
      return 2;
    }

  db = open_db (db_path, &error);
  if (db == NULL)
    return fail (error);

  if (g_str_equal (argv[0], "list"))
    {
      g_autoptr(GPtrArray) groups = lifeline_kb_list_synonyms (db, &error);

      if (groups == NULL)
        return fail (error);
      for (guint i = 0; i < groups->len; i++)
        {
          g_autofree char *line = g_strjoinv (", ", g_ptr_array_index (groups, i));

          g_print ("%s\n", line);
        }
      return 0;
    }
  else if (g_str_equal (argv[0], "add"))
    {
      g_auto(GStrv) terms = g_strdupv (argv + 1);

      if (!lifeline_kb_add_synonyms (db, (const char * const *)terms, &error))
        return fail (error);
      return 0;
    }
  else if (g_str_equal (argv[0], "remove"))
    {
      g_auto(GStrv) terms = g_strdupv (argv + 1);

      if (!lifeline_kb_remove_synonyms (db, (const char * const *)terms, &error))
        return fail (error);
      return 0;
    }

  fprintf (stderr, "%s\n", _("Usage: lifeline-kb [--db PATH] synonyms list|add TERM TERM…|remove TERM…"));
  return 2;
}

/* load-starter, opened ---------------------------------------------------------- */

static int
cmd_load_starter (const char  *db_path,
                  int          argc,
                  char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autofree char *dir = argc > 0 ? g_strdup (argv[0]) : lifeline_get_starter_kb_dir ();

  db = open_db (db_path, &error);
  if (db == NULL || !lifeline_kb_load_starter (db, dir, &error))
    return fail (error);
  return 0;
}

static int
cmd_opened (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  gboolean script = argc == 3 && g_str_equal (argv[2], "--script");

  if (argc != 2 && !script)
    {
      fprintf (stderr, "%s\n", _("Usage: lifeline-kb [--db PATH] opened QUERY ID [--script]"));
      return 2;
    }

  db = open_db (db_path, &error);
  if (db == NULL ||
      !lifeline_search_record_open (db, argv[0], script ? LIFELINE_HIT_SCRIPT : LIFELINE_HIT_ARTICLE,
                                    argv[1], lifeline_time_now (), &error))
    return fail (error);
  return 0;
}

/* bench -------------------------------------------------------------------------- */

static int
cmd_bench (int    argc,
           char **argv)
{
  LifelineKbBenchOptions options = {
    .articles = 10000,
    .sequences = 300,
    .limit = 10,
    .seed = 42,
    .keep = NULL,
  };

  for (int i = 0; i < argc; i++)
    {
      guint64 n = 0;

      if ((g_str_equal (argv[i], "--articles") || g_str_equal (argv[i], "--sequences") ||
           g_str_equal (argv[i], "--seed") || g_str_equal (argv[i], "--limit")) &&
          i + 1 < argc && g_ascii_string_to_unsigned (argv[i + 1], 10, 1, 10000000, &n, NULL))
        {
          if (g_str_equal (argv[i], "--articles"))
            options.articles = n;
          else if (g_str_equal (argv[i], "--sequences"))
            options.sequences = n;
          else if (g_str_equal (argv[i], "--limit"))
            options.limit = n;
          else
            options.seed = n;
          i++;
        }
      else if (g_str_equal (argv[i], "--keep") && i + 1 < argc)
        options.keep = argv[++i];
      else if (g_str_equal (argv[i], "--reuse") && i + 1 < argc)
        {
          options.keep = argv[++i];
          options.reuse = TRUE;
        }
      else
        {
          fprintf (stderr, "%s\n",
                   _("Usage: lifeline-kb bench [--articles N] [--sequences N] [--limit N] [--seed N] [--keep PATH | --reuse PATH]"));
          return 2;
        }
    }

  return lifeline_kb_bench (&options);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  const char *command;
  int i = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      usage (stdout);
      return 0;
    }

  if (argc >= 2 && g_str_equal (argv[1], "--version"))
    {
      g_print ("lifeline-kb %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        db_path = g_strdup (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--db="))
        db_path = g_strdup (argv[i] + 5);
      else
        break;
    }

  if (i >= argc)
    {
      usage (stderr);
      return 2;
    }
  if (db_path == NULL)
    db_path = lifeline_get_client_db_path ();

  command = argv[i++];
  argc -= i;
  argv += i;

  if (g_str_equal (command, "import"))
    return cmd_import (db_path, argc, argv);
  if (g_str_equal (command, "export"))
    return cmd_export (db_path, argc, argv);
  if (g_str_equal (command, "search"))
    return cmd_search (db_path, argc, argv);
  if (g_str_equal (command, "synonyms"))
    return cmd_synonyms (db_path, argc, argv);
  if (g_str_equal (command, "load-starter"))
    return cmd_load_starter (db_path, argc, argv);
  if (g_str_equal (command, "opened"))
    return cmd_opened (db_path, argc, argv);
  if (g_str_equal (command, "bench"))
    return cmd_bench (argc, argv);

  fprintf (stderr, _("Unknown command “%s”.\n\n"), command);
  usage (stderr);
  return 2;
}
