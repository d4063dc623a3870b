#ifndef OSS_PNG_H
#define OSS_PNG_H

#include <stddef.h>
#include <stdint.h>

/* PNG reading and writing through libpng's simplified API (png_image_*),
 * with 8-bit RGBA pixels in memory. Each function returns 0 on success, or
 * -1 with a message in `error` (at least 64 bytes). */

/* Reads the size of the PNG at `path`. */
int oss_png_read_size(const char *path, uint32_t *width, uint32_t *height, char *error, size_t error_size);

/* Reads the PNG at `path` as RGBA into `pixels`, which holds width*height*4
 * bytes for the size oss_png_read_size reported. */
int oss_png_read_rgba(const char *path, uint8_t *pixels, uint32_t width, uint32_t height, char *error, size_t error_size);

/* Writes `pixels` (RGB, 3 bytes a pixel, rows of width*3 bytes) to `path`. */
int oss_png_write_rgb(const char *path, const uint8_t *pixels, uint32_t width, uint32_t height, char *error, size_t error_size);

#endif
