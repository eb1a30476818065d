/* lifeline-search-provider.h — GNOME Shell's search provider (org.gnome.Shell.SearchProvider2)
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "lifeline-application.h"

G_BEGIN_DECLS

#define LIFELINE_TYPE_SEARCH_PROVIDER (lifeline_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (LifelineSearchProvider, lifeline_search_provider, LIFELINE, SEARCH_PROVIDER, GObject)

/* Answers the Activities overview with the best articles of the database at
 * @db_path, searched off the main loop. Activating a result opens the article
 * in @application's window. @application is not referenced: it owns the
 * provider. */
LifelineSearchProvider *lifeline_search_provider_new        (LifelineApplication     *application,
                                                             const char              *db_path);
gboolean                lifeline_search_provider_register   (LifelineSearchProvider  *self,
                                                             GDBusConnection         *connection,
                                                             const char              *object_path,
                                                             GError                 **error);
void                    lifeline_search_provider_unregister (LifelineSearchProvider  *self);

G_END_DECLS
