#include "oss_png_memory.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fresh png_image for 8-bit RGB pixels of this size (libpng wants one per call). */
static void describe_rgb(png_image *image, uint32_t width, uint32_t height) {
    memset(image, 0, sizeof *image);
    image->version = PNG_IMAGE_VERSION;
    image->width = width;
    image->height = height;
    image->format = PNG_FORMAT_RGB;
}

uint8_t *oss_png_encode_rgb(const uint8_t *pixels, uint32_t width, uint32_t height, size_t *size,
                            char *error, size_t error_size) {
    png_image image;
    describe_rgb(&image, width, height);
    png_alloc_size_t needed = 0;
    if (!png_image_write_to_memory(&image, NULL, &needed, 0, pixels, 0, NULL) || needed == 0) {
        snprintf(error, error_size, "%s", image.message[0] ? image.message : "cannot encode the picture");
        png_image_free(&image);
        return NULL;
    }
    uint8_t *buffer = malloc(needed);
    if (buffer == NULL) {
        snprintf(error, error_size, "out of memory for a %zu-byte picture", (size_t)needed);
        return NULL;
    }
    describe_rgb(&image, width, height);
    if (!png_image_write_to_memory(&image, buffer, &needed, 0, pixels, 0, NULL)) {
        snprintf(error, error_size, "%s", image.message[0] ? image.message : "cannot encode the picture");
        free(buffer);
        return NULL;
    }
    *size = needed;
    return buffer;
}

void oss_png_buffer_free(uint8_t *buffer) { free(buffer); }
