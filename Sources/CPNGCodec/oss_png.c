#include "oss_png.h"

#include <png.h>
#include <stdio.h>
#include <string.h>

static void copy_message(const png_image *image, char *error, size_t error_size) {
    if (error && error_size) {
        snprintf(error, error_size, "%s", image->message[0] ? image->message : "libpng error");
    }
}

static int begin_read(png_image *image, const char *path, char *error, size_t error_size) {
    memset(image, 0, sizeof *image);
    image->version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(image, path)) {
        copy_message(image, error, error_size);
        png_image_free(image);
        return -1;
    }
    return 0;
}

int oss_png_read_size(const char *path, uint32_t *width, uint32_t *height, char *error, size_t error_size) {
    png_image image;
    if (begin_read(&image, path, error, error_size) != 0) return -1;
    *width = image.width;
    *height = image.height;
    png_image_free(&image);
    return 0;
}

int oss_png_read_rgba(const char *path, uint8_t *pixels, uint32_t width, uint32_t height, char *error, size_t error_size) {
    png_image image;
    if (begin_read(&image, path, error, error_size) != 0) return -1;
    if (image.width != width || image.height != height) {
        snprintf(error, error_size, "the image changed size while being read");
        png_image_free(&image);
        return -1;
    }
    image.format = PNG_FORMAT_RGBA;
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        copy_message(&image, error, error_size);
        png_image_free(&image);
        return -1;
    }
    return 0;
}

int oss_png_write_rgb(const char *path, const uint8_t *pixels, uint32_t width, uint32_t height, char *error, size_t error_size) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = PNG_FORMAT_RGB;
    if (!png_image_write_to_file(&image, path, 0, pixels, 0, NULL)) {
        copy_message(&image, error, error_size);
        return -1;
    }
    return 0;
}
