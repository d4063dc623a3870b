#include "oss_hyphen.h"

#include <stdlib.h>
#include <string.h>

HyphenDict *oss_hyphen_load(const char *path) {
    return hnj_hyphen_load(path);
}

void oss_hyphen_free(HyphenDict *dict) {
    if (dict) hnj_hyphen_free(dict);
}

int oss_hyphen_charset(const HyphenDict *dict, char *charset, int charset_size) {
    if (charset_size > 0) {
        size_t length = strnlen(dict->cset, sizeof dict->cset);
        if (length >= (size_t)charset_size) length = (size_t)charset_size - 1;
        memcpy(charset, dict->cset, length);
        charset[length] = '\0';
    }
    return dict->utf8 ? 1 : 0;
}

int oss_hyphen_points(HyphenDict *dict, const char *word, int size, unsigned char *points) {
    if (!dict || !word || size <= 0 || !points) return -1;
    char *hyphens = malloc((size_t)size + 5);
    if (!hyphens) return -1;
    /* Non-NULL pointers to NULL arrays: libhyphen fills them only for
     * non-standard patterns, and reads them through in any case. */
    char **rep = NULL;
    int *pos = NULL;
    int *cut = NULL;
    if (hnj_hyphen_hyphenate2(dict, word, size, hyphens, NULL, &rep, &pos, &cut) != 0) {
        free(hyphens);
        return -1;
    }
    int count = 0;
    if (dict->utf8) {
        for (int i = 0; i < size; i++)
            if ((((unsigned char)word[i]) & 0xC0) != 0x80) count++;
    } else {
        count = size;
    }
    for (int i = 0; i < count; i++) {
        int standard = !(rep && rep[i]);
        points[i] = (standard && (hyphens[i] & 1)) ? 1 : 0;
    }
    if (rep) {
        for (int i = 0; i < size; i++) free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(hyphens);
    return count;
}
