/* lifeline-application.h
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIFELINE_TYPE_APPLICATION (lifeline_application_get_type ())

G_DECLARE_FINAL_TYPE (LifelineApplication, lifeline_application, LIFELINE, APPLICATION, AdwApplication)

LifelineApplication *lifeline_application_new          (void);
GSettings           *lifeline_application_get_settings (LifelineApplication *self);
const char          *lifeline_application_get_db_path  (LifelineApplication *self);

G_END_DECLS
