/* OpenCFStream: symbol export and C/C++ linkage macros.
 *
 * Every public function is declared with OCFS_EXPORT. Symbols are hidden by default, so only what
 * is declared here is part of the ABI. Define OCFS_STATIC when linking the static library (the
 * CMake package does this for you). */
#ifndef OPENCFSTREAM_EXPORT_H
#define OPENCFSTREAM_EXPORT_H

#if defined(OCFS_STATIC)
#define OCFS_EXPORT
#elif defined(_WIN32)
#if defined(OCFS_BUILDING)
#define OCFS_EXPORT __declspec(dllexport)
#else
#define OCFS_EXPORT __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define OCFS_EXPORT __attribute__((visibility("default")))
#else
#define OCFS_EXPORT
#endif

#ifdef __cplusplus
#define OCFS_EXTERN_C_BEGIN extern "C" {
#define OCFS_EXTERN_C_END }
#else
#define OCFS_EXTERN_C_BEGIN
#define OCFS_EXTERN_C_END
#endif

/* printf-style format checking where the compiler offers it. */
#if defined(__GNUC__) || defined(__clang__)
#define OCFS_PRINTF_LIKE(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define OCFS_PRINTF_LIKE(fmt_index, first_arg)
#endif

#endif /* OPENCFSTREAM_EXPORT_H */
