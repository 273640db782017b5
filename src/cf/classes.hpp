// The class of every built-in type. Each is defined next to its type's implementation; object.cpp
// indexes them by TypeId.
#ifndef OCFS_SRC_CF_CLASSES_HPP
#define OCFS_SRC_CF_CLASSES_HPP

#include "cf/object.hpp"

namespace ocfs::cf {

extern const Class kAllocatorClass;
extern const Class kStringClass;
extern const Class kNumberClass;
extern const Class kBooleanClass;
extern const Class kNullClass;
extern const Class kDataClass;
extern const Class kArrayClass;
extern const Class kDictionaryClass;
extern const Class kErrorClass;
extern const Class kUrlClass;
extern const Class kReadStreamClass;
extern const Class kWriteStreamClass;
extern const Class kRunLoopClass;
extern const Class kRunLoopSourceClass;
extern const Class kRunLoopTimerClass;
extern const Class kHostClass;
extern const Class kCertificateClass;
extern const Class kIdentityClass;
extern const Class kPolicyClass;
extern const Class kTrustClass;
extern const Class kSslContextClass;

}  // namespace ocfs::cf

#endif  // OCFS_SRC_CF_CLASSES_HPP
