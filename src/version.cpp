#include <opencfstream/version.h>

extern "C" {

unsigned ocfs_version(void) {
  return OCFS_VERSION_HEX;
}

const char *ocfs_version_string(void) {
  return OCFS_VERSION_STRING;
}

}  // extern "C"
