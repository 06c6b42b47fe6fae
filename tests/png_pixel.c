/* png_pixel.c: a check program of tests/cli_plot.sh: the size of a PNG,
 * the colour of one of its pixels or of a column of them, and where a
 * longitude and latitude fall on a map that `plankmap plot map` draws.
 *
 *   png_pixel size FILE.png                  -> "W H"
 *   png_pixel rgb FILE.png X Y               -> "rrggbb" (X, Y from top left)
 *   png_pixel column FILE.png X              -> "rrggbb" of each pixel of
 *                                               column X, top down
 *   png_pixel where WIDTH_MM DPI PROJ LON LAT -> "X Y" (pixel of LON, LAT)
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_plot.h"

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The image as 8-bit RGB, rows from the top. */
static unsigned char *read_rgb(const char *path, png_image *img)
{
  unsigned char *buf = NULL;

  memset(img, 0, sizeof *img);
  img->version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(img, path)) goto fail;
  img->format = PNG_FORMAT_RGB;
  if (!(buf = malloc(PNG_IMAGE_SIZE(*img))) ||
      !png_image_finish_read(img, NULL, buf, 0, NULL))
    goto fail;
  return buf;
fail:
  fprintf(stderr, "png_pixel: %s: %s\n", path, img->message);
  png_image_free(img);
  free(buf);
  return NULL;
}

static int rgb(const char *path, long x, long y)
{
  png_image img;
  unsigned char *buf = read_rgb(path, &img), *p;

  if (!buf) return 1;
  if (x < 0 || y < 0 || x >= (long)img.width || y >= (long)img.height) {
    fprintf(stderr, "png_pixel: (%ld, %ld) is outside the %u x %u image\n",
            x, y, img.width, img.height);
    free(buf);
    return 1;
  }
  p = buf + 3 * ((size_t)y * img.width + (size_t)x);
  printf("%02x%02x%02x\n", p[0], p[1], p[2]);
  free(buf);
  return 0;
}

static int column(const char *path, long x)
{
  png_image img;
  unsigned char *buf = read_rgb(path, &img), *p;
  size_t y;

  if (!buf) return 1;
  if (x < 0 || x >= (long)img.width) {
    fprintf(stderr, "png_pixel: column %ld is outside the %u x %u image\n",
            x, img.width, img.height);
    free(buf);
    return 1;
  }
  for (y = 0; y < img.height; y++) {
    p = buf + 3 * (y * img.width + (size_t)x);
    printf("%02x%02x%02x\n", p[0], p[1], p[2]);
  }
  free(buf);
  return 0;
}

static int size(const char *path)
{
  png_image img;
  unsigned char *buf = read_rgb(path, &img);

  if (!buf) return 1;
  printf("%u %u\n", img.width, img.height);
  free(buf);
  return 0;
}

static int where(char **argv)
{
  pm_figure_spec spec = {0};
  double px, py;

  spec.width_mm = atof(argv[0]);
  spec.dpi = atof(argv[1]);
  if (pm_plot_map_pixel(&spec, argv[2], atof(argv[3]), atof(argv[4]), &px,
                        &py)) {
    fprintf(stderr, "png_pixel: %s\n", pm_error_message());
    return 1;
  }
  printf("%ld %ld\n", (long)floor(px), (long)floor(py));
  return 0;
}

int main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "size") == 0) return size(argv[2]);
  if (argc == 5 && strcmp(argv[1], "rgb") == 0)
    return rgb(argv[2], atol(argv[3]), atol(argv[4]));
  if (argc == 4 && strcmp(argv[1], "column") == 0)
    return column(argv[2], atol(argv[3]));
  if (argc == 7 && strcmp(argv[1], "where") == 0) return where(argv + 2);
  fprintf(stderr, "usage: png_pixel size FILE | rgb FILE X Y | column FILE "
          "X | where WIDTH_MM DPI PROJECTION LON LAT\n");
  return 2;
}
