/* test-kb.c — the knowledge-base store and search: what an agent would notice
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lifeline-core.h"
#include "lifeline-text.h"

#define NOW ((gint64)1795000000)   /* 2026-11-18 */
#define DAY ((gint64)86400)

typedef struct
{
  char           *dir;
  char           *path;
  LifelineDb     *db;
  LifelineSearch *search;
} Fixture;

static void
put (Fixture    *f,
     const char *id,
     const char *title,
     const char *summary,
     const char *body,
     const char *tags,
     gint64      verified_at)
{
  g_autoptr(LifelineArticle) a = lifeline_article_new (id, title);
  g_autoptr(GError) error = NULL;

  g_free (a->summary);
  a->summary = g_strdup (summary);
  g_free (a->body);
  a->body = g_strdup (body);
  g_strfreev (a->tags);
  a->tags = g_strsplit (tags, ",", -1);
  a->verified_at = verified_at;
  lifeline_kb_put_article (f->db, a, LIFELINE_ORIGIN_LOCAL, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("lifeline-test-kb-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "kb.db", NULL);
  lifeline_kb_create_database (f->path, &error);
  g_assert_no_error (error);
  f->db = lifeline_db_open (f->path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  g_assert_no_error (error);

  put (f, "bluetooth", "Pairing Bluetooth headphones with the TV box",
       "Put the headphones in pairing mode and choose them in Settings.",
       "Open **Settings > Remotes & accessories** and choose *Add accessory*.", "tv,bluetooth", NOW - 10 * DAY);
  put (f, "printer", "Connecting a printer to the home network",
       "Most printers join the Wi-Fi from their own screen.",
       "If the printer is not responding, restart it and the hub.\n\n- Check the Wi-Fi name\n- Re-enter the password",
       "devices,printer", NOW - 5 * DAY);
  put (f, "password", "Resetting an account password",
       "Send a reset link by text; never ask for the old password.",
       "The link expires after 30 minutes. Cancelled links cannot be reused.", "account,login", NOW - 200 * DAY);
  put (f, "brightness", "TV box screen too dark",
       "Turn up the brightness in the picture settings.",
       "Open Settings > Picture and raise brightness and contrast.", "tv,picture", NOW - 1 * DAY);
  put (f, "cafe", "Free Wi-Fi hotspots in a café",
       "Public hotspots in coffee shops and stations.",
       "Customers can use hotspots at partner cafés for free.", "wifi,hotspot", NOW - 3 * DAY);
  put (f, "refund-zh", "退款政策",
       "取消服務時，我們會退還未使用天數的費用。",
       "退款會退回原付款方式，約需七至十個工作天。", "退款,refunds", NOW - 2 * DAY);
  put (f, "title-match", "Router lights explained",
       "What each colour means.",
       "Solid white is fine.", "hub", NOW - 2 * DAY);
  put (f, "body-match", "Broadband checks",
       "Things to check.",
       "Look at the router. The router lights and the router cable. Restart the router.", "broadband", NOW - 2 * DAY);

  f->search = lifeline_search_new (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->search);
  g_clear_object (&f->db);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GPtrArray *
query (Fixture    *f,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = lifeline_search_query (f->search, text, 10, NOW, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static const char *
first_id (GPtrArray *hits)
{
  return hits->len ? ((LifelineSearchHit *)g_ptr_array_index (hits, 0))->id : "(none)";
}

static gboolean
has_id (GPtrArray  *hits,
        const char *id)
{
  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((LifelineSearchHit *)g_ptr_array_index (hits, i))->id, id))
      return TRUE;
  return FALSE;
}

static void
test_typo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) a = query (f, "bluetoth headphones");
  g_autoptr(GPtrArray) b = query (f, "pasword reset");
  g_autoptr(GPtrArray) c = query (f, "brigthness");
  g_autoptr(GPtrArray) d = query (f, "headphones bluetoht");
  g_autoptr(GPtrArray) e = query (f, "pairing blut");

  g_assert_cmpstr (first_id (a), ==, "bluetooth");
  g_assert_cmpstr (first_id (b), ==, "password");
  g_assert_cmpstr (first_id (c), ==, "brightness");
  /* The last word, still being typed, misspelt. */
  g_assert_cmpstr (first_id (d), ==, "bluetooth");
  g_assert_cmpstr (first_id (e), ==, "bluetooth");
}

static void
test_prefix (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) a = query (f, "printer not resp");
  g_autoptr(GPtrArray) b = query (f, "blu");
  g_autoptr(GPtrArray) c = query (f, "printer not resp ");

  g_assert_cmpstr (first_id (a), ==, "printer");
  g_assert_cmpstr (first_id (b), ==, "bluetooth");
  /* "resp " is a finished word now, and no article has it: the best
   * partial match still comes first. */
  g_assert_cmpstr (first_id (c), ==, "printer");
}

static void
test_stemming_and_diacritics (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) a = query (f, "cancelling links");
  g_autoptr(GPtrArray) b = query (f, "cafe hotspot");
  g_autoptr(GPtrArray) c = query (f, "CAFÉS");

  g_assert_cmpstr (first_id (a), ==, "password");
  g_assert_cmpstr (first_id (b), ==, "cafe");
  g_assert_cmpstr (first_id (c), ==, "cafe");
}

static void
test_synonyms (Fixture       *f,
               gconstpointer  data)
{
  const char *terms[] = { "telly", "tv", NULL };
  const char *remove[] = { "telly", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  before = query (f, "telly");
  g_assert_false (has_id (before, "brightness"));

  lifeline_kb_add_synonyms (f->db, terms, &error);
  g_assert_no_error (error);
  groups = lifeline_kb_list_synonyms (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpstr (((GStrv)g_ptr_array_index (groups, 0))[0], ==, "telly");

  after = query (f, "telly too dark");
  g_assert_cmpstr (first_id (after), ==, "brightness");
  g_clear_pointer (&after, g_ptr_array_unref);
  after = query (f, "telly");
  g_assert_true (has_id (after, "brightness"));
  g_assert_true (has_id (after, "bluetooth"));

  lifeline_kb_remove_synonyms (f->db, remove, &error);
  g_assert_no_error (error);
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = lifeline_kb_list_synonyms (f->db, &error);
  g_assert_cmpuint (groups->len, ==, 0);
  removed = query (f, "telly");
  g_assert_false (has_id (removed, "brightness"));
}

static void
test_chinese_substring (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) a = query (f, "退款");
  g_autoptr(GPtrArray) b = query (f, "工作天");
  g_autoptr(GPtrArray) c = query (f, "付款方");

  g_assert_cmpstr (first_id (a), ==, "refund-zh");
  g_assert_cmpstr (first_id (b), ==, "refund-zh");
  g_assert_cmpstr (first_id (c), ==, "refund-zh");
  g_assert_nonnull (strstr (((LifelineSearchHit *)g_ptr_array_index (b, 0))->snippet,
                            LIFELINE_MARK_START "工作天" LIFELINE_MARK_END));
}

static void
test_title_beats_body (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = query (f, "router lights");

  g_assert_cmpuint (hits->len, >=, 2);
  g_assert_cmpstr (first_id (hits), ==, "title-match");
  g_assert_true (has_id (hits, "body-match"));
}

static void
test_fallback (Fixture       *f,
               gconstpointer  data)
{
  /* No article has "zebra": the best partial matches still show. */
  g_autoptr(GPtrArray) hits = query (f, "printer zebra network");

  g_assert_cmpstr (first_id (hits), ==, "printer");
}

static void
test_snippets_and_freshness (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = query (f, "password");
  LifelineSearchHit *hit;

  g_assert_cmpstr (first_id (hits), ==, "password");
  hit = g_ptr_array_index (hits, 0);
  g_assert_nonnull (strstr (hit->snippet, LIFELINE_MARK_START "password" LIFELINE_MARK_END));
  g_assert_null (strchr (hit->snippet, '*'));
  g_assert_cmpint (hit->kind, ==, LIFELINE_HIT_ARTICLE);
  g_assert_cmpint (hit->verified_at, ==, NOW - 200 * DAY);
  g_assert_true (hit->expired);       /* verified 200 days ago, interval 90 */

  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = query (f, "settings remotes");
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->id, ==, "bluetooth");
  g_assert_false (hit->expired);
  /* Markdown is gone from the snippet. */
  g_assert_null (strstr (hit->snippet, "**"));
}

static void
test_index_in_step (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;

  put (f, "printer", "Connecting a scanner", "Scanners.", "Scanners join the network.", "devices", NOW);
  a = query (f, "printer");
  b = query (f, "scanner");
  g_assert_false (has_id (a, "printer"));
  g_assert_cmpstr (first_id (b), ==, "printer");

  lifeline_kb_delete_article (f->db, "printer", &error);
  g_assert_no_error (error);
  c = query (f, "scanner");
  g_assert_cmpuint (c->len, ==, 0);

  lifeline_kb_delete_article (f->db, "printer", &error);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_NOT_FOUND);
}

static void
test_learning (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) recent = NULL;

  g_setenv ("LIFELINE_THESAURUS", "none", TRUE);
  before = query (f, "zapper");
  g_assert_false (has_id (before, "bluetooth"));

  for (int i = 0; i < 3; i++)
    {
      lifeline_search_record_open (f->db, "zapper", LIFELINE_HIT_ARTICLE, "bluetooth", NOW, &error);
      g_assert_no_error (error);
    }
  after = query (f, "zapper");
  g_assert_cmpstr (first_id (after), ==, "bluetooth");

  /* An empty query shows what was opened lately. */
  recent = query (f, "");
  g_assert_cmpstr (first_id (recent), ==, "bluetooth");
}

static void
test_scripts (Fixture       *f,
              gconstpointer  data)
{
  const char *json =
    "{\"kind\":\"script\",\"id\":\"recover-wrong\",\"title\":\"I gave wrong information\","
    "\"categories\":[\"incorrect_information\"],\"tags\":[\"apology\"],"
    "\"steps\":[{\"do\":\"Correct it.\",\"say\":\"{customer_name}, I need to correct something.\",\"ask\":null}]}";
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, NULL);
  g_autoptr(LifelineScript) script = lifeline_script_new_from_json (object, NULL);
  g_autoptr(LifelineScript) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  LifelineSearchHit *hit;

  lifeline_kb_put_script (f->db, script, LIFELINE_ORIGIN_LOCAL, &error);
  g_assert_no_error (error);
  back = lifeline_kb_get_script (f->db, "recover-wrong", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->steps->len, ==, 1);

  hits = query (f, "wrong information");
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->id, ==, "recover-wrong");
  g_assert_cmpint (hit->kind, ==, LIFELINE_HIT_SCRIPT);
  g_assert_false (hit->expired);
}

static void
test_suggest (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = lifeline_search_suggest (f->search, "bluetoth", &error);
  g_autofree char *b = lifeline_search_suggest (f->search, "printer", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "bluetooth");
  g_assert_null (b);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_cancellable_cancel (cancellable);
  hits = lifeline_search_query (f->search, "printer", 10, NOW, cancellable, &error);
  g_assert_null (hits);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The starter knowledge base ----------------------------------------------------- */

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_starter_never_overwrites_edits (void)
{
  g_autofree char *dir = g_dir_make_tmp ("lifeline-test-starter-XXXXXX", NULL);
  g_autofree char *kb = g_build_filename (dir, "kb", NULL);
  g_autofree char *path = g_build_filename (dir, "client.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LifelineDb) db = NULL;
  g_autoptr(LifelineArticle) edited = NULL;
  g_autoptr(LifelineArticle) a = NULL;
  g_autoptr(LifelineArticle) b = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *hash_again = NULL;
  LifelineOrigin origin;

  write_file (kb, "articles/one.md",
              "---\nid: one\ntitle: First article\nsummary: Starter one.\ntags: a, b\n---\nBody one.\n");
  write_file (kb, "articles/two.md",
              "---\nid: two\ntitle: Second article\nsummary: Starter two.\n---\nBody two.\n");
  write_file (kb, "scripts.jsonl",
              "{\"kind\":\"script\",\"id\":\"s1\",\"title\":\"Script\",\"steps\":[{\"do\":\"Do\",\"say\":\"Say\",\"ask\":null}]}\n");
  write_file (kb, "synonyms.txt", "# groups\nwifi, wireless\n");

  db = lifeline_db_open (path, lifeline_client_schema (), LIFELINE_DB_NONE, &error);
  g_assert_no_error (error);
  lifeline_kb_load_starter (db, kb, &error);
  g_assert_no_error (error);
  hash = lifeline_db_get_meta (db, "starter_hash");
  g_assert_nonnull (hash);
  groups = lifeline_kb_list_synonyms (db, &error);
  g_assert_cmpuint (groups->len, ==, 1);

  /* A lead edits article one locally. */
  edited = lifeline_kb_get_article (db, "one", &error);
  g_assert_no_error (error);
  g_free (edited->title);
  edited->title = g_strdup ("First article, edited by a lead");
  lifeline_kb_put_article (db, edited, LIFELINE_ORIGIN_LOCAL, &error);
  g_assert_no_error (error);

  /* Unchanged starter files: nothing happens (and it is cheap). */
  lifeline_kb_load_starter (db, kb, &error);
  g_assert_no_error (error);
  hash_again = lifeline_db_get_meta (db, "starter_hash");
  g_assert_cmpstr (hash, ==, hash_again);

  /* A new starter release changes both articles: only the unedited one follows. */
  write_file (kb, "articles/one.md",
              "---\nid: one\ntitle: First article v2\nsummary: Starter one.\n---\nBody one v2.\n");
  write_file (kb, "articles/two.md",
              "---\nid: two\ntitle: Second article v2\nsummary: Starter two.\n---\nBody two v2.\n");
  lifeline_kb_load_starter (db, kb, &error);
  g_assert_no_error (error);

  a = lifeline_kb_get_article (db, "one", &error);
  b = lifeline_kb_get_article (db, "two", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->title, ==, "First article, edited by a lead");
  g_assert_cmpstr (b->title, ==, "Second article v2");
  lifeline_kb_get_origin (db, "one", FALSE, &origin, &error);
  g_assert_cmpint (origin, ==, LIFELINE_ORIGIN_LOCAL);
  lifeline_kb_get_origin (db, "two", FALSE, &origin, &error);
  g_assert_cmpint (origin, ==, LIFELINE_ORIGIN_STARTER);
  lifeline_kb_get_origin (db, "s1", TRUE, &origin, &error);
  g_assert_no_error (error);
  g_assert_cmpint (origin, ==, LIFELINE_ORIGIN_STARTER);
}

static void
test_markdown_text (void)
{
  g_autofree char *text = lifeline_markdown_to_text (
    "# Title\n\nSome **bold** and [a link](https://example.com/x) and `code`.\n\n- one\n- two\n\n<b>html</b>\n");

  g_assert_cmpstr (text, ==, "Title\nSome bold and a link and code.\none\ntwo\nhtml");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LIFELINE_THESAURUS", "none", TRUE);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kb/search/typo", test_typo);
  ADD ("/kb/search/prefix", test_prefix);
  ADD ("/kb/search/stemming-diacritics", test_stemming_and_diacritics);
  ADD ("/kb/search/synonyms", test_synonyms);
  ADD ("/kb/search/chinese-substring", test_chinese_substring);
  ADD ("/kb/search/title-beats-body", test_title_beats_body);
  ADD ("/kb/search/fallback", test_fallback);
  ADD ("/kb/search/snippets-freshness", test_snippets_and_freshness);
  ADD ("/kb/search/index-in-step", test_index_in_step);
  ADD ("/kb/search/learning", test_learning);
  ADD ("/kb/search/scripts", test_scripts);
  ADD ("/kb/search/suggest", test_suggest);
  ADD ("/kb/search/cancel", test_cancel);
#undef ADD
  g_test_add_func ("/kb/starter/never-overwrites-edits", test_starter_never_overwrites_edits);
  g_test_add_func ("/kb/markdown/plain-text", test_markdown_text);

  return g_test_run ();
}
