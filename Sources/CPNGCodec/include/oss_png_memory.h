#ifndef OSS_PNG_MEMORY_H
#define OSS_PNG_MEMORY_H

#include <stddef.h>
#include <stdint.h>

/* Encodes `pixels` (RGB, rows of width*3 bytes) as a PNG in memory, so the
 * caller writes the bytes through its own checked, safe file writer.
 * Returns a buffer of *size bytes (release it with oss_png_buffer_free),
 * or NULL with a message in `error`. */
uint8_t *oss_png_encode_rgb(const uint8_t *pixels, uint32_t width, uint32_t height, size_t *size,
                            char *error, size_t error_size);

/* Releases a buffer of oss_png_encode_rgb, so that Swift never calls free. */
void oss_png_buffer_free(uint8_t *buffer);

#endif
