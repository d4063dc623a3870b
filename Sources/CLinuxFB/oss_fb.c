/* Definitions only (see oss_fb.h); a C target needs one source file. */
#include "oss_fb.h"
