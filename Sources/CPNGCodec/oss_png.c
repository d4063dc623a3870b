#include "oss_png.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct oss_png_reader {
    png_image image;
    FILE *file;
};

static void copy_message(const png_image *image, char *error, size_t error_size) {
    if (error && error_size) {
        snprintf(error, error_size, "%s", image->message[0] ? image->message : "libpng error");
    }
}

static oss_png_reader *begin(FILE *file, uint32_t *width, uint32_t *height, char *error, size_t error_size) {
    oss_png_reader *reader = calloc(1, sizeof *reader);
    if (!reader) {
        snprintf(error, error_size, "out of memory");
        fclose(file);
        return NULL;
    }
    reader->file = file;
    reader->image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_stdio(&reader->image, file)) {
        copy_message(&reader->image, error, error_size);
        oss_png_reader_close(reader);
        return NULL;
    }
    *width = reader->image.width;
    *height = reader->image.height;
    return reader;
}

oss_png_reader *oss_png_reader_open_fd(int fd, uint32_t *width, uint32_t *height, char *error, size_t error_size) {
    FILE *file = fdopen(fd, "rb");
    if (!file) {
        snprintf(error, error_size, "cannot read the file");
        close(fd);
        return NULL;
    }
    return begin(file, width, height, error, error_size);
}

oss_png_reader *oss_png_reader_open_path(const char *path, uint32_t *width, uint32_t *height, char *error, size_t error_size) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        snprintf(error, error_size, "cannot open the file");
        return NULL;
    }
    return begin(file, width, height, error, error_size);
}

int oss_png_reader_finish(oss_png_reader *reader, uint8_t *pixels, size_t size, char *error, size_t error_size) {
    reader->image.format = PNG_FORMAT_RGBA;
    if (size != (size_t)PNG_IMAGE_SIZE(reader->image)) {
        snprintf(error, error_size, "the picture's size does not match its header");
        return -1;
    }
    if (!png_image_finish_read(&reader->image, NULL, pixels, 0, NULL)) {
        copy_message(&reader->image, error, error_size);
        return -1;
    }
    return 0;
}

void oss_png_reader_close(oss_png_reader *reader) {
    if (!reader) return;
    png_image_free(&reader->image);
    if (reader->file) fclose(reader->file);
    free(reader);
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
