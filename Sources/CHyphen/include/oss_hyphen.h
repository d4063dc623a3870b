#ifndef OSS_HYPHEN_H
#define OSS_HYPHEN_H

#include <hyphen.h>

/* libhyphen (Debian libhyphen-dev) behind three calls, so that its
 * allocation and its non-standard results stay in C. */

/* Loads the pattern file `path` (such as /usr/share/hyphen/hyph_nl_NL.dic);
 * NULL when it cannot be read. Free with oss_hyphen_free. */
HyphenDict *oss_hyphen_load(const char *path);

void oss_hyphen_free(HyphenDict *dict);

/* 1 when the patterns are UTF-8, 0 when they are in a one-byte charset;
 * `charset` (at least 21 bytes) receives the charset's name. */
int oss_hyphen_charset(const HyphenDict *dict, char *charset, int charset_size);

/* Hyphenates `word` (`size` bytes in the dictionary's charset, lowercase, no
 * NUL inside, NUL-terminated). `points` (at least size + 5 bytes) receives one
 * byte per character (per byte in a one-byte charset, per code point in
 * UTF-8): 1 when the word may break after that character, else 0.
 * Non-standard breaks (that change letters) are left out. Returns the number
 * of characters, or -1 on failure. */
int oss_hyphen_points(HyphenDict *dict, const char *word, int size, unsigned char *points);

#endif
