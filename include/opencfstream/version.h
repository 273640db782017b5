/* OpenCFStream version. Releases with the same major number are ABI compatible. */
#ifndef OPENCFSTREAM_VERSION_H
#define OPENCFSTREAM_VERSION_H

#include "export.h"

#define OCFS_VERSION_MAJOR 0
#define OCFS_VERSION_MINOR 1
#define OCFS_VERSION_PATCH 0
#define OCFS_VERSION_STRING "0.1.0"
#define OCFS_VERSION_HEX \
  ((OCFS_VERSION_MAJOR << 16) | (OCFS_VERSION_MINOR << 8) | (OCFS_VERSION_PATCH))

OCFS_EXTERN_C_BEGIN

/* The version of the library actually linked, to detect a header/library mismatch. */
OCFS_EXPORT unsigned ocfs_version(void);
OCFS_EXPORT const char *ocfs_version_string(void);

OCFS_EXTERN_C_END

#endif /* OPENCFSTREAM_VERSION_H */
