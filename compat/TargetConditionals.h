/* OpenCFStream compat: <TargetConditionals.h>.
 *
 * Every TARGET_OS_* macro Apple code tests is defined. The Apple platforms are 0, so code takes its
 * non-Apple (or macOS-less) branches; TARGET_OS_WIN32 and TARGET_OS_LINUX tell the truth. */
#ifndef OCFS_COMPAT_TARGETCONDITIONALS_H
#define OCFS_COMPAT_TARGETCONDITIONALS_H

#define TARGET_OS_MAC 0
#define TARGET_OS_OSX 0
#define TARGET_OS_IPHONE 0
#define TARGET_OS_IOS 0
#define TARGET_OS_TV 0
#define TARGET_OS_WATCH 0
#define TARGET_OS_VISION 0
#define TARGET_OS_XR 0
#define TARGET_OS_BRIDGE 0
#define TARGET_OS_MACCATALYST 0
#define TARGET_OS_UIKITFORMAC 0
#define TARGET_OS_DRIVERKIT 0
#define TARGET_OS_SIMULATOR 0
#define TARGET_OS_EMBEDDED 0
#define TARGET_IPHONE_SIMULATOR 0
#define TARGET_OS_NANO 0
#define TARGET_OS_UNIX 0

#if defined(_WIN32)
#define TARGET_OS_WIN32 1
#define TARGET_OS_WINDOWS 1
#else
#define TARGET_OS_WIN32 0
#define TARGET_OS_WINDOWS 0
#endif

#if defined(__linux__)
#define TARGET_OS_LINUX 1
#else
#define TARGET_OS_LINUX 0
#endif

#if defined(__x86_64__) || defined(_M_X64)
#define TARGET_CPU_X86_64 1
#else
#define TARGET_CPU_X86_64 0
#endif
#if defined(__aarch64__) || defined(_M_ARM64)
#define TARGET_CPU_ARM64 1
#else
#define TARGET_CPU_ARM64 0
#endif
#if defined(__i386__) || defined(_M_IX86)
#define TARGET_CPU_X86 1
#else
#define TARGET_CPU_X86 0
#endif
#define TARGET_CPU_PPC 0
#define TARGET_CPU_PPC64 0
#define TARGET_CPU_ARM 0

#define TARGET_RT_LITTLE_ENDIAN 1
#define TARGET_RT_BIG_ENDIAN 0
#if defined(_WIN64) || defined(__LP64__) || defined(_LP64)
#define TARGET_RT_64_BIT 1
#else
#define TARGET_RT_64_BIT 0
#endif

#endif /* OCFS_COMPAT_TARGETCONDITIONALS_H */
