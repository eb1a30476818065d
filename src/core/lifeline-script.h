/* lifeline-script.h — recovery scripts
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *do_text;    /* "do" on the wire: what the agent does */
  char *say;        /* what the agent says, with {placeholders} */
  char *ask;        /* a question whose answer the agent notes, or NULL */
} LifelineScriptStep;

#define LIFELINE_TYPE_SCRIPT (lifeline_script_get_type ())

G_DECLARE_FINAL_TYPE (LifelineScript, lifeline_script, LIFELINE, SCRIPT, GObject)

/* Plain data, like LifelineArticle: read-only outside src/core. */
struct _LifelineScript
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char      **categories;   /* wire names of LifelineCategory */
  char      **tags;
  gint64      revision;
  gint64      updated_at;
  GPtrArray  *steps;        /* of LifelineScriptStep */
};

LifelineScript *lifeline_script_new_from_json     (JsonObject      *object,
                                                   GError         **error);
void            lifeline_script_to_json           (LifelineScript  *self,
                                                   JsonBuilder     *builder);
JsonNode       *lifeline_script_to_json_node      (LifelineScript  *self);
gboolean        lifeline_script_serves            (LifelineScript  *self,
                                                   const char      *category);
gboolean        lifeline_script_is_near_miss      (LifelineScript  *self);

/* The placeholders a script may use, NULL-terminated: {customer_name} … */
const char * const *lifeline_script_known_placeholders (void);
/* The distinct placeholders used by the script's phrases, in order of first use. */
GStrv           lifeline_script_list_placeholders (LifelineScript  *self);
/* Fills {name} from @values (name → text). A placeholder with no value, or
 * an empty one, becomes @missing_format with the placeholder's name (with
 * '_' as ' ') substituted for its one %s, e.g. "[customer name]". */
char           *lifeline_script_fill             (const char      *phrase,
                                                  GHashTable      *values,
                                                  const char      *missing_format);

G_END_DECLS
