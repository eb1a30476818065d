/* lifeline-sync-banner.c — says what to do when the server refuses the token
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.2 has no AdwBanner yet: a revealer with an info bar stands
 * in for it, under the header bar, while the engine is unauthorized.
 */

#define G_LOG_DOMAIN "lifeline-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "lifeline-sync-banner.h"

struct _LifelineSyncBanner
{
  AdwBin              parent_instance;

  GtkRevealer        *revealer;
  GtkLabel           *label;

  LifelineSyncEngine *engine;
};

G_DEFINE_FINAL_TYPE (LifelineSyncBanner, lifeline_sync_banner, ADW_TYPE_BIN)

static void
update (LifelineSyncBanner *self)
{
  gboolean show = self->engine != NULL &&
                  lifeline_sync_engine_get_state (self->engine) == LIFELINE_SYNC_UNAUTHORIZED;

  gtk_revealer_set_reveal_child (self->revealer, show);
}

void
lifeline_sync_banner_set_engine (LifelineSyncBanner *self,
                                 LifelineSyncEngine *engine)
{
  g_return_if_fail (LIFELINE_IS_SYNC_BANNER (self));
  g_return_if_fail (engine == NULL || LIFELINE_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

gboolean
lifeline_sync_banner_get_revealed (LifelineSyncBanner *self)
{
  g_return_val_if_fail (LIFELINE_IS_SYNC_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

static void
lifeline_sync_banner_dispose (GObject *object)
{
  LifelineSyncBanner *self = (LifelineSyncBanner *)object;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);

  /* AdwBin unparents its child (the template's) itself. */

  G_OBJECT_CLASS (lifeline_sync_banner_parent_class)->dispose (object);
}

static void
lifeline_sync_banner_class_init (LifelineSyncBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_sync_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/lifeline-sync-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, LifelineSyncBanner, label);
}

static void
lifeline_sync_banner_init (LifelineSyncBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
