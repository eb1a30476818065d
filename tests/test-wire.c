/* test-wire.c — the JSON wire format and the models
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lifeline-core.h"

static void
test_time_round_trip (void)
{
  gint64 t = 0;
  g_autofree char *text = NULL;

  g_assert_true (lifeline_time_parse ("2026-11-23T14:02:00Z", &t));
  text = lifeline_time_format (t);
  g_assert_cmpstr (text, ==, "2026-11-23T14:02:00Z");

  g_assert_true (lifeline_time_parse ("2026-11-23T15:02:00+01:00", &t));
  g_clear_pointer (&text, g_free);
  text = lifeline_time_format (t);
  g_assert_cmpstr (text, ==, "2026-11-23T14:02:00Z");

  /* No offset, a date alone, or nonsense: not RFC 3339. */
  g_assert_false (lifeline_time_parse ("2026-11-23T14:02:00", &t));
  g_assert_false (lifeline_time_parse ("2026-11-23", &t));
  g_assert_false (lifeline_time_parse ("yesterday", &t));
}

static void
test_report_round_trip (void)
{
  const char *json =
    "{\"id\":\"0b6f3c1e-2d4a-4f7e-9c55-8a1d2e3f4b5c\",\"revision\":2,"
    "\"created_at\":\"2026-11-23T14:02:00Z\",\"category\":\"incorrect_information\","
    "\"root_cause\":\"outdated_article\",\"near_miss\":true,\"confidential\":true,"
    "\"note\":\"Quoted the old fee\",\"article_id\":\"refund-policy\",\"call_id\":null,"
    "\"recovery\":{\"script_id\":\"wrong-info\",\"answers\":{\"10\":\"b\",\"4\":\"a refund\"}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, &error);
  g_autoptr(LifelineReport) report = NULL;
  g_autofree char *canonical = NULL;

  g_assert_no_error (error);
  report = lifeline_report_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->category, ==, LIFELINE_CATEGORY_INCORRECT_INFORMATION);
  g_assert_cmpint (report->root_cause, ==, LIFELINE_ROOT_CAUSE_OUTDATED_ARTICLE);
  g_assert_true (report->near_miss);
  g_assert_true (report->confidential);
  g_assert_cmpstr (g_hash_table_lookup (report->recovery_answers, "4"), ==, "a refund");

  /* Canonical form: fixed member order, answers sorted by step number. */
  canonical = lifeline_report_to_canonical (report);
  g_assert_cmpstr (canonical, ==,
    "{\"id\":\"0b6f3c1e-2d4a-4f7e-9c55-8a1d2e3f4b5c\",\"revision\":2,"
    "\"created_at\":\"2026-11-23T14:02:00Z\",\"category\":\"incorrect_information\","
    "\"root_cause\":\"outdated_article\",\"near_miss\":true,\"confidential\":true,"
    "\"note\":\"Quoted the old fee\",\"article_id\":\"refund-policy\",\"call_id\":null,"
    "\"recovery\":{\"script_id\":\"wrong-info\",\"answers\":{\"4\":\"a refund\",\"10\":\"b\"}}}");
}

static void
assert_report_invalid (const char *json,
                       const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, &error);
  g_autoptr(LifelineReport) report = NULL;

  g_assert_no_error (error);
  report = lifeline_report_new_from_json (object, &error);
  g_assert_null (report);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID);
  /* The message names the field, so a person knows what to fix. */
  g_assert_nonnull (strstr (error->message, field));
}

static void
test_report_invalid (void)
{
  assert_report_invalid ("{\"revision\":1,\"created_at\":\"2026-11-23T14:02:00Z\"}", "id");
  assert_report_invalid ("{\"id\":\"not-a-uuid\",\"revision\":1,\"created_at\":\"2026-11-23T14:02:00Z\"}", "id");
  assert_report_invalid ("{\"id\":\"0b6f3c1e-2d4a-4f7e-9c55-8a1d2e3f4b5c\",\"revision\":\"1\","
                         "\"created_at\":\"2026-11-23T14:02:00Z\"}", "revision");
  assert_report_invalid ("{\"id\":\"0b6f3c1e-2d4a-4f7e-9c55-8a1d2e3f4b5c\",\"revision\":1,"
                         "\"created_at\":\"2026-11-23T14:02:00Z\",\"category\":\"rudeness\"}", "category");
  assert_report_invalid ("{\"id\":\"0b6f3c1e-2d4a-4f7e-9c55-8a1d2e3f4b5c\",\"revision\":1,"
                         "\"created_at\":\"2026-11-23T14:02:00Z\",\"confidential\":\"yes\"}", "confidential");
  assert_report_invalid ("{\"id\":\"0b6f3c1e-2d4a-4f7e-9c55-8a1d2e3f4b5c\",\"revision\":1,"
                         "\"created_at\":\"2026-11-23T14:02:00Z\",\"user\":\"ana\"}", "user");
}

static void
test_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  object = lifeline_wire_parse_object ("{\"id\": ", -1, &error);
  g_assert_null (object);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE);
  g_clear_error (&error);

  object = lifeline_wire_parse_object ("{\"note\": \"\xff\"}", -1, &error);
  g_assert_null (object);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_PARSE);
  g_clear_error (&error);

  object = lifeline_wire_parse_object ("[1, 2]", -1, &error);
  g_assert_null (object);
  g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID);
}

static void
test_article_expiry (void)
{
  g_autoptr(LifelineArticle) article = lifeline_article_new ("a", "A");
  gint64 day = 24 * 60 * 60;

  /* Never verified: expired from the start, and says so. */
  g_assert_true (lifeline_article_is_expired (article, 1000));

  article->verified_at = 1000;
  article->verify_interval_days = 30;
  g_assert_false (lifeline_article_is_expired (article, 1000 + 29 * day));
  g_assert_true (lifeline_article_is_expired (article, 1000 + 30 * day));
}

static void
test_script_placeholders (void)
{
  const char *json =
    "{\"kind\":\"script\",\"id\":\"s\",\"title\":\"Wrong info\",\"categories\":[\"incorrect_information\"],"
    "\"steps\":[{\"do\":\"Say sorry\",\"say\":\"Sorry, {customer_name}: it is {correct_info}.\",\"ask\":null},"
    "{\"do\":\"Ask\",\"say\":\"Thanks {customer_name}, I will call by {promised_date}.\",\"ask\":\"What would you like to see happen?\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = lifeline_wire_parse_object (json, -1, &error);
  g_autoptr(LifelineScript) script = lifeline_script_new_from_json (object, &error);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) names = NULL;
  g_autofree char *filled = NULL;
  LifelineScriptStep *step;

  g_assert_no_error (error);
  names = lifeline_script_list_placeholders (script);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_cmpstr (names[0], ==, "customer_name");
  g_assert_cmpstr (names[2], ==, "promised_date");

  step = g_ptr_array_index (script->steps, 0);
  g_hash_table_insert (values, (char *)"customer_name", (char *)"Ms Okafor");
  filled = lifeline_script_fill (step->say, values, "[%s]");
  /* The empty placeholder says what is missing instead of showing braces. */
  g_assert_cmpstr (filled, ==, "Sorry, Ms Okafor: it is [correct info].");
}

static void
test_script_invalid (void)
{
  static const struct { const char *json; const char *says; } cases[] = {
    { "{\"id\":\"s\",\"title\":\"T\",\"steps\":[]}", "steps" },
    { "{\"id\":\"s\",\"title\":\"T\",\"categories\":[\"rudeness\"],\"steps\":[{\"do\":\"x\"}]}", "rudeness" },
    { "{\"id\":\"s\",\"title\":\"T\",\"steps\":[{\"do\":\"x\",\"say\":\"Hi {customer}\"}]}", "{customer}" },
    { "{\"id\":\"s\",\"title\":\"T\",\"steps\":[{\"say\":\"Hi\"}]}", "do" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = lifeline_wire_parse_object (cases[i].json, -1, &error);
      g_autoptr(LifelineScript) script = lifeline_script_new_from_json (object, &error);

      g_assert_null (script);
      g_assert_error (error, LIFELINE_ERROR, LIFELINE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/time", test_time_round_trip);
  g_test_add_func ("/wire/parse-errors", test_parse_errors);
  g_test_add_func ("/report/round-trip", test_report_round_trip);
  g_test_add_func ("/report/invalid", test_report_invalid);
  g_test_add_func ("/article/expiry", test_article_expiry);
  g_test_add_func ("/script/placeholders", test_script_placeholders);
  g_test_add_func ("/script/invalid", test_script_invalid);

  return g_test_run ();
}
