#ifndef OSS_PNG_H
#define OSS_PNG_H

#include <stddef.h>
#include <stdint.h>

/* PNG reading and writing through libpng's simplified API (png_image_*),
 * with 8-bit RGBA pixels in memory. Each function returns 0 on success, or
 * -1 with a message in `error` (at least 64 bytes). */

/* A PNG being read: its header is parsed once, and the pixels decoded from
 * the same open file, so the size checked is the size decoded. */
typedef struct oss_png_reader oss_png_reader;

/* Starts reading the PNG on descriptor `fd` (taken over: closed by
 * oss_png_reader_close, also on failure) and reports its size. NULL on failure. */
oss_png_reader *oss_png_reader_open_fd(int fd, uint32_t *width, uint32_t *height, char *error, size_t error_size);

/* As oss_png_reader_open_fd, for a path opened as it is (links followed). */
oss_png_reader *oss_png_reader_open_path(const char *path, uint32_t *width, uint32_t *height, char *error, size_t error_size);

/* Decodes the pixels as RGBA into `pixels`, which holds exactly `size`
 * bytes; fails unless `size` is width*height*4 of the header reported. */
int oss_png_reader_finish(oss_png_reader *reader, uint8_t *pixels, size_t size, char *error, size_t error_size);

void oss_png_reader_close(oss_png_reader *reader);

/* Writes `pixels` (RGB, 3 bytes a pixel, rows of width*3 bytes) to `path`. */
int oss_png_write_rgb(const char *path, const uint8_t *pixels, uint32_t width, uint32_t height, char *error, size_t error_size);

#endif
