/* lifeline-bar-chart.c — stacked columns and horizontal bars, drawn natively
 *
 * Copyright 2026 Lifeline developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn with cairo through GtkSnapshot, in libadwaita's palette: the darker
 * shades on a light background, the lighter ones on a dark background (the
 * style manager's "dark", redrawn when it changes). Text takes the widget's
 * own colour and font, so it follows the style and the text scale. The
 * numbers themselves are in the text table the dashboard shows beside it;
 * the chart's accessible label describes what it shows.
 */

#define G_LOG_DOMAIN "lifeline-bar-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "lifeline-bar-chart.h"

#define PAD          8.0
#define SWATCH       12.0
#define BAR_ROW      30.0
#define STUB         22.0
#define PLOT_HEIGHT  220.0

typedef struct
{
  char   *label;
  double *values;
  double  total;
} Row;

struct _LifelineBarChart
{
  GtkWidget       parent_instance;

  GtkOrientation  orientation;
  GStrv           series;
  GPtrArray      *rows;          /* of Row */
  char           *empty_text;
  gulong          dark_handler;
};

G_DEFINE_FINAL_TYPE (LifelineBarChart, lifeline_bar_chart, GTK_TYPE_WIDGET)

/* libadwaita's named colours: blue, green, orange, purple, red, brown,
 * yellow, and a grey for "none". Shade 3/4 on light, 2/3 on dark. */
static const char * const light_palette[] = {
  "#3584e4", "#26a269", "#e66100", "#9141ac", "#c01c28", "#865e3c", "#c88800", "#77767b",
};
static const char * const dark_palette[] = {
  "#62a0ea", "#33d17a", "#ffa348", "#c061cb", "#f66151", "#b5835a", "#f6d32d", "#9a9996",
};

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->label);
  g_free (row->values);
  g_free (row);
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* In a stacked chart the last series is "none": always the grey. */
static void
series_color (guint    index,
              guint    n_series,
              GdkRGBA *rgba)
{
  const char * const *palette = is_dark () ? dark_palette : light_palette;
  guint grey = G_N_ELEMENTS (light_palette) - 1;

  if (n_series > 1 && index == n_series - 1)
    gdk_rgba_parse (rgba, palette[grey]);
  else
    gdk_rgba_parse (rgba, palette[index % grey]);
}

static void
foreground (GtkWidget *widget,
            GdkRGBA   *rgba)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *rgba,
            double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/* A box filled lightly and crossed with diagonal lines: "hidden". */
static void
draw_hatched (cairo_t       *cr,
              double         x,
              double         y,
              double         w,
              double         h,
              const GdkRGBA *color)
{
  if (w <= 0 || h <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  set_source (cr, color, 0.18);
  cairo_paint (cr);
  set_source (cr, color, 0.75);
  cairo_set_line_width (cr, 1.5);
  for (double d = -h; d < w + h; d += 6)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
  cairo_save (cr);
  set_source (cr, color, 0.75);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static PangoLayout *
make_layout (LifelineBarChart *self,
             const char       *text,
             gboolean          small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
draw_text (cairo_t       *cr,
           PangoLayout   *layout,
           double         x,
           double         y,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_save (cr);
  set_source (cr, color, alpha);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static gboolean
has_hidden (LifelineBarChart *self)
{
  guint n = self->series ? g_strv_length (self->series) : 0;

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = self->rows->pdata[r];

      if (row->total < 0)
        return TRUE;
      for (guint s = 0; s < n; s++)
        if (row->values[s] < 0)
          return TRUE;
    }
  return FALSE;
}

/* The legend: a swatch and a name per series (and the hatched note), laid
 * out in lines that wrap at @width. Returns its height; draws when @cr. */
static double
legend (LifelineBarChart *self,
        cairo_t          *cr,
        double            width,
        double            top)
{
  guint n = self->series ? g_strv_length (self->series) : 0;
  gboolean stacked = self->orientation == GTK_ORIENTATION_VERTICAL;
  gboolean note = has_hidden (self);
  GdkRGBA fg;
  double x = PAD, y = top, line_h = 0;

  foreground (GTK_WIDGET (self), &fg);

  for (guint i = 0; i < (stacked ? n : 0) + (note ? 1 : 0); i++)
    {
      gboolean is_note = i == (stacked ? n : 0);
      g_autoptr(PangoLayout) layout = NULL;
      int tw, th;
      double item_w;

      layout = make_layout (self, is_note
                            /* Translators: the legend of a chart's hatched (hidden) parts */
                            ? _("Hatched: fewer than 5 reports each, not shown as numbers")
                            : self->series[i], TRUE);
      pango_layout_get_pixel_size (layout, &tw, &th);
      item_w = SWATCH + 6 + tw + 16;
      if (x > PAD && x + item_w > width - PAD)
        {
          x = PAD;
          y += line_h + 4;
          line_h = 0;
        }
      line_h = MAX (line_h, MAX (SWATCH, th));

      if (cr != NULL)
        {
          double sy = y + (th - SWATCH) / 2;

          if (is_note)
            draw_hatched (cr, x, sy, SWATCH, SWATCH, &fg);
          else
            {
              GdkRGBA color;

              series_color (i, n, &color);
              gdk_cairo_set_source_rgba (cr, &color);
              cairo_rectangle (cr, x, sy, SWATCH, SWATCH);
              cairo_fill (cr);
            }
          draw_text (cr, layout, x + SWATCH + 6, y, &fg, 0.9);
        }
      x += item_w;
    }

  return line_h > 0 ? y + line_h - top : 0;
}

static double
nice_ceiling (double value)
{
  double magnitude, step;

  if (value <= 5)
    return 5;
  magnitude = pow (10, floor (log10 (value)));
  step = value / magnitude;
  if (step <= 1)
    return magnitude;
  if (step <= 2)
    return 2 * magnitude;
  if (step <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

/* What a row's column adds up to: its total when shown, else its shown parts. */
static double
row_height_value (Row   *row,
                  guint  n)
{
  double sum = 0;

  if (row->total >= 0)
    return row->total;
  for (guint s = 0; s < n; s++)
    if (row->values[s] > 0)
      sum += row->values[s];
  return sum;
}

static void
draw_columns (LifelineBarChart *self,
              cairo_t          *cr,
              double            width,
              double            height)
{
  guint n = self->series ? g_strv_length (self->series) : 0;
  double legend_h = legend (self, cr, width, PAD);
  double max = 0, axis_w, label_h, plot_x, plot_y, plot_w, plot_h, slot, bar_w;
  guint label_every = 1;
  guint ticks;
  GdkRGBA fg;
  int tw, th;
  g_autoptr(PangoLayout) probe = make_layout (self, "0000", TRUE);

  foreground (GTK_WIDGET (self), &fg);

  for (guint r = 0; r < self->rows->len; r++)
    max = MAX (max, row_height_value (self->rows->pdata[r], n));
  max = nice_ceiling (max);
  ticks = fmod (max, 4) == 0 ? 4 : 5;

  pango_layout_get_pixel_size (probe, &tw, &th);
  axis_w = tw + 8;
  label_h = th + 6;
  plot_x = PAD + axis_w;
  plot_y = PAD + legend_h + 12 + th;        /* room for the totals above */
  plot_w = width - plot_x - PAD;
  plot_h = height - plot_y - label_h - PAD;
  if (plot_w <= 10 || plot_h <= 10 || self->rows->len == 0)
    return;

  slot = plot_w / self->rows->len;
  bar_w = MIN (slot * 0.7, 56);

  /* Grid lines and their numbers, on round values. */
  for (guint i = 0; i <= ticks; i++)
    {
      double v = max * i / ticks;
      double y = plot_y + plot_h - plot_h * i / ticks;
      g_autofree char *text = g_strdup_printf ("%.0f", v);
      g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
      int lw, lh;

      set_source (cr, &fg, i == 0 ? 0.45 : 0.12);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, plot_x, floor (y) + 0.5);
      cairo_line_to (cr, plot_x + plot_w, floor (y) + 0.5);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      draw_text (cr, layout, plot_x - 6 - lw, y - lh / 2.0, &fg, 0.7);
    }

  /* Week labels: as many as fit without touching. */
  {
    double widest = 0;

    for (guint r = 0; r < self->rows->len; r++)
      {
        Row *row = self->rows->pdata[r];
        g_autoptr(PangoLayout) layout = make_layout (self, row->label, TRUE);
        int lw, lh;

        pango_layout_get_pixel_size (layout, &lw, &lh);
        widest = MAX (widest, lw + 8);
      }
    while (label_every * slot < widest && label_every < self->rows->len)
      label_every++;
  }

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = self->rows->pdata[r];
      double x = plot_x + slot * r + (slot - bar_w) / 2;
      double base = plot_y + plot_h;
      double shown = 0;
      gboolean any_hidden = FALSE;

      for (guint s = 0; s < n; s++)
        {
          GdkRGBA color;
          double h;

          if (row->values[s] < 0)
            {
              any_hidden = TRUE;
              continue;
            }
          if (row->values[s] == 0)
            continue;
          h = plot_h * row->values[s] / max;
          series_color (s, n, &color);
          gdk_cairo_set_source_rgba (cr, &color);
          cairo_rectangle (cr, x, base - h, bar_w, h);
          cairo_fill (cr);
          base -= h;
          shown += row->values[s];
        }

      /* The hidden parts together: what the shown total leaves over; an
       * unknown amount (a short stub) when the total is hidden too. */
      if (row->total >= 0 && row->total > shown)
        {
          double h = plot_h * (row->total - shown) / max;

          draw_hatched (cr, x, base - h, bar_w, h, &fg);
          base -= h;
        }
      else if (row->total < 0 && (any_hidden || shown == 0))
        {
          draw_hatched (cr, x, base - 6, bar_w, 6, &fg);
          base -= 6;
        }

      if (row->total >= 0)
        {
          g_autofree char *text = g_strdup_printf ("%.0f", row->total);
          g_autoptr(PangoLayout) layout = make_layout (self, text, TRUE);
          int lw, lh;

          pango_layout_get_pixel_size (layout, &lw, &lh);
          draw_text (cr, layout, x + (bar_w - lw) / 2, base - lh - 2, &fg, 0.85);
        }

      if (r % label_every == 0)
        {
          g_autoptr(PangoLayout) layout = make_layout (self, row->label, TRUE);
          int lw, lh;

          pango_layout_get_pixel_size (layout, &lw, &lh);
          draw_text (cr, layout, plot_x + slot * r + (slot - lw) / 2, plot_y + plot_h + 4, &fg, 0.75);
        }
    }
}

static double
label_column_width (LifelineBarChart *self,
                    double            width)
{
  double widest = 0;

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = self->rows->pdata[r];
      g_autoptr(PangoLayout) layout = make_layout (self, row->label, FALSE);
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      widest = MAX (widest, lw);
    }
  return MIN (widest + 12, width * 0.4);
}

static void
draw_bars (LifelineBarChart *self,
           cairo_t          *cr,
           double            width,
           double            height)
{
  double label_w = label_column_width (self, width);
  double max = 0, bar_x, bar_room;
  g_autoptr(PangoLayout) probe = make_layout (self, "0000", FALSE);
  int value_w, th;
  GdkRGBA fg, color;

  foreground (GTK_WIDGET (self), &fg);
  series_color (0, 1, &color);
  pango_layout_get_pixel_size (probe, &value_w, &th);

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = self->rows->pdata[r];

      max = MAX (max, row->values[0]);
    }
  if (max <= 0)
    max = 1;

  bar_x = PAD + label_w;
  bar_room = width - bar_x - PAD - value_w - 8;
  if (bar_room < 20)
    return;

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = self->rows->pdata[r];
      double y = PAD + r * BAR_ROW;
      double bar_h = BAR_ROW - 10;
      g_autoptr(PangoLayout) label = make_layout (self, row->label, FALSE);
      g_autoptr(PangoLayout) value = NULL;
      int lw, lh;

      pango_layout_set_width (label, (int)((label_w - 12) * PANGO_SCALE));
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, &lw, &lh);
      draw_text (cr, label, PAD, y + (BAR_ROW - lh) / 2, &fg, 0.9);

      if (row->values[0] < 0)
        {
          draw_hatched (cr, bar_x, y + 5, STUB, bar_h, &fg);
          value = make_layout (self, _("fewer than 5"), TRUE);
          pango_layout_get_pixel_size (value, &lw, &lh);
          draw_text (cr, value, bar_x + STUB + 6, y + (BAR_ROW - lh) / 2, &fg, 0.7);
        }
      else
        {
          g_autofree char *text = g_strdup_printf ("%.0f", row->values[0]);
          double w = MAX (bar_room * row->values[0] / max, row->values[0] > 0 ? 2 : 0);

          gdk_cairo_set_source_rgba (cr, &color);
          cairo_rectangle (cr, bar_x, y + 5, w, bar_h);
          cairo_fill (cr);
          value = make_layout (self, text, FALSE);
          pango_layout_get_pixel_size (value, &lw, &lh);
          draw_text (cr, value, bar_x + w + 6, y + (BAR_ROW - lh) / 2, &fg, 0.9);
        }
    }

  legend (self, cr, width, PAD + self->rows->len * BAR_ROW + 6);
}

static void
lifeline_bar_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  LifelineBarChart *self = LIFELINE_BAR_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->rows->len == 0)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, self->empty_text ? self->empty_text : _("No reports in this range"), FALSE);
      GdkRGBA fg;
      int lw, lh;

      foreground (widget, &fg);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      draw_text (cr, layout, (width - lw) / 2, (height - lh) / 2, &fg, 0.6);
    }
  else if (self->orientation == GTK_ORIENTATION_VERTICAL)
    draw_columns (self, cr, width, height);
  else
    draw_bars (self, cr, width, height);

  cairo_destroy (cr);
}

static void
lifeline_bar_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  LifelineBarChart *self = LIFELINE_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
      return;
    }

  if (self->rows->len == 0)
    *minimum = *natural = 80;
  else
    {
      double width = for_size > 0 ? for_size : 480;
      double legend_h = legend (self, NULL, width, 0);

      if (self->orientation == GTK_ORIENTATION_VERTICAL)
        *minimum = *natural = (int)ceil (PLOT_HEIGHT + legend_h + 60);
      else
        *minimum = *natural = (int)ceil (2 * PAD + self->rows->len * BAR_ROW + legend_h + 10);
    }
}

static GtkSizeRequestMode
lifeline_bar_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
on_dark_changed (LifelineBarChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lifeline_bar_chart_dispose (GObject *object)
{
  LifelineBarChart *self = LIFELINE_BAR_CHART (object);

  g_clear_signal_handler (&self->dark_handler, adw_style_manager_get_default ());

  G_OBJECT_CLASS (lifeline_bar_chart_parent_class)->dispose (object);
}

static void
lifeline_bar_chart_finalize (GObject *object)
{
  LifelineBarChart *self = LIFELINE_BAR_CHART (object);

  g_strfreev (self->series);
  g_ptr_array_unref (self->rows);
  g_free (self->empty_text);

  G_OBJECT_CLASS (lifeline_bar_chart_parent_class)->finalize (object);
}

static void
lifeline_bar_chart_class_init (LifelineBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lifeline_bar_chart_dispose;
  object_class->finalize = lifeline_bar_chart_finalize;

  widget_class->snapshot = lifeline_bar_chart_snapshot;
  widget_class->measure = lifeline_bar_chart_measure;
  widget_class->get_request_mode = lifeline_bar_chart_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
lifeline_bar_chart_init (LifelineBarChart *self)
{
  self->orientation = GTK_ORIENTATION_VERTICAL;
  self->rows = g_ptr_array_new_with_free_func (row_free);
  self->dark_handler = g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                                                G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
}

GtkWidget *
lifeline_bar_chart_new (GtkOrientation orientation)
{
  LifelineBarChart *self = g_object_new (LIFELINE_TYPE_BAR_CHART, NULL);

  self->orientation = orientation;
  return GTK_WIDGET (self);
}

void
lifeline_bar_chart_set_orientation (LifelineBarChart *self,
                                    GtkOrientation    orientation)
{
  g_return_if_fail (LIFELINE_IS_BAR_CHART (self));

  self->orientation = orientation;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lifeline_bar_chart_set_series (LifelineBarChart   *self,
                               const char * const *names)
{
  g_return_if_fail (LIFELINE_IS_BAR_CHART (self));
  g_return_if_fail (names != NULL && names[0] != NULL);

  g_strfreev (self->series);
  self->series = g_strdupv ((char **)names);
  lifeline_bar_chart_clear (self);
}

void
lifeline_bar_chart_clear (LifelineBarChart *self)
{
  g_return_if_fail (LIFELINE_IS_BAR_CHART (self));

  g_ptr_array_set_size (self->rows, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
lifeline_bar_chart_add_row (LifelineBarChart *self,
                            const char       *label,
                            const double     *values,
                            double            total)
{
  Row *row;
  guint n;

  g_return_if_fail (LIFELINE_IS_BAR_CHART (self));
  g_return_if_fail (self->series != NULL);
  g_return_if_fail (values != NULL);

  n = g_strv_length (self->series);
  row = g_new0 (Row, 1);
  row->label = g_strdup (label);
  row->values = g_memdup2 (values, n * sizeof (double));
  row->total = total;
  g_ptr_array_add (self->rows, row);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
lifeline_bar_chart_get_n_rows (LifelineBarChart *self)
{
  g_return_val_if_fail (LIFELINE_IS_BAR_CHART (self), 0);

  return self->rows->len;
}

void
lifeline_bar_chart_set_empty_text (LifelineBarChart *self,
                                   const char       *text)
{
  g_return_if_fail (LIFELINE_IS_BAR_CHART (self));

  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
