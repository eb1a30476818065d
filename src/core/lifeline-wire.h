/* lifeline-wire.h — helpers for the JSON wire format shared by client and server
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Times are RFC 3339 in UTC on the wire ("2026-11-23T14:02:00Z") and
 * Unix seconds in memory and in the databases; 0 means "not set". */
char       *lifeline_time_format        (gint64        unix_seconds);
gboolean    lifeline_time_parse         (const char   *text,
                                         gint64       *unix_seconds);
gint64      lifeline_time_now           (void);

/* Parsing a JSON document into an object, with errors a person can act on:
 * LIFELINE_ERROR_PARSE for bad JSON or bad UTF-8, LIFELINE_ERROR_INVALID when
 * the top level is not an object. */
JsonObject *lifeline_wire_parse_object  (const char   *data,
                                         gssize        length,
                                         GError      **error);

/* Field readers. Each one sets LIFELINE_ERROR_INVALID naming the field when it
 * is present with the wrong type (or missing, for the _required ones). A
 * missing optional field, or null, leaves the default. */
gboolean    lifeline_wire_get_string    (JsonObject   *object,
                                         const char   *field,
                                         gboolean      required,
                                         char        **out,
                                         GError      **error);
gboolean    lifeline_wire_get_int       (JsonObject   *object,
                                         const char   *field,
                                         gboolean      required,
                                         gint64        min,
                                         gint64        max,
                                         gint64       *out,
                                         GError      **error);
gboolean    lifeline_wire_get_bool      (JsonObject   *object,
                                         const char   *field,
                                         gboolean     *out,
                                         GError      **error);
gboolean    lifeline_wire_get_time      (JsonObject   *object,
                                         const char   *field,
                                         gboolean      required,
                                         gint64       *out,
                                         GError      **error);
gboolean    lifeline_wire_get_strv      (JsonObject   *object,
                                         const char   *field,
                                         char       ***out,
                                         GError      **error);
/* Reports the first member of @object not in the NULL-terminated @known. */
gboolean    lifeline_wire_check_fields  (JsonObject   *object,
                                         const char * const *known,
                                         GError      **error);

void        lifeline_wire_add_time      (JsonBuilder  *builder,
                                         const char   *field,
                                         gint64        unix_seconds);
void        lifeline_wire_add_string    (JsonBuilder  *builder,
                                         const char   *field,
                                         const char   *value_or_null);
void        lifeline_wire_add_strv      (JsonBuilder  *builder,
                                         const char   *field,
                                         const char * const *strv);
char       *lifeline_wire_to_string     (JsonNode     *node,
                                         gboolean      pretty);

/* Stable ids: 1–128 characters of [A-Za-z0-9._-], not starting with a dot. */
gboolean    lifeline_id_is_valid        (const char   *id);
/* A canonical lowercase UUID (8-4-4-4-12 hex digits). */
gboolean    lifeline_uuid_is_valid      (const char   *uuid);

G_END_DECLS
