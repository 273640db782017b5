// Polymorphic functions (retain, release, equal, hash, describe) over the class table.
#include "cf/object.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "cf/classes.hpp"
#include "cf/string.hpp"

namespace ocfs::cf {
namespace {

const Class kInvalidClass = {"<invalid>", nullptr, nullptr, nullptr, nullptr, nullptr};

const Class *const kClasses[] = {
    &kInvalidClass,     &kAllocatorClass,   &kStringClass,        &kNumberClass,
    &kBooleanClass,     &kNullClass,        &kDataClass,          &kArrayClass,
    &kDictionaryClass,  &kErrorClass,       &kUrlClass,           &kReadStreamClass,
    &kWriteStreamClass, &kRunLoopClass,     &kRunLoopSourceClass, &kRunLoopTimerClass,
    &kHostClass,        &kCertificateClass, &kIdentityClass,      &kPolicyClass,
    &kTrustClass,       &kSslContextClass,
};
static_assert(sizeof(kClasses) / sizeof(kClasses[0]) == static_cast<size_t>(TypeId::kCount),
              "every TypeId needs a class");

const Object *object_of(const void *ref) {
  return static_cast<const Object *>(ref);
}

}  // namespace

const Class &class_of(TypeId type) {
  auto index = static_cast<size_t>(type);
  return index < static_cast<size_t>(TypeId::kCount) ? *kClasses[index] : kInvalidClass;
}

TypeId type_of(const void *ref) {
  if (is_const_string(ref)) return TypeId::kString;
  const Object *object = object_of(ref);
  return object->marker == kHeapMarker ? object->type : TypeId::kInvalid;
}

std::string pointer_text(const void *pointer) {
  // Not %p: its spelling differs between C libraries (msvcrt omits the 0x); Apple prints 0x....
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%" PRIxPTR, reinterpret_cast<uintptr_t>(pointer));
  return buffer;
}

std::string description_prefix(const void *ref) {
  return std::string("<") + class_of(type_of(ref)).name + " " + pointer_text(ref) + ">";
}

ocfs_hash_code hash_bytes(const void *data, size_t length) {
  // FNV-1a: cheap, good enough for dictionary buckets, identical on every platform.
  uint64_t hash = 1469598103934665603ULL;
  const auto *bytes = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < length; ++i) {
    hash ^= bytes[i];
    hash *= 1099511628211ULL;
  }
  return static_cast<ocfs_hash_code>(hash);
}

std::string describe(ocfs_type_ref ref) {
  if (ref == nullptr) return "(null)";
  if (is_const_string(ref)) {
    return described_string(ref, utf8_of(static_cast<ocfs_string_ref>(ref)));
  }
  const Class &cls = class_of(type_of(ref));
  return cls.describe != nullptr ? cls.describe(object_of(ref)) : description_prefix(ref);
}

std::string format_of(ocfs_type_ref ref) {
  if (ref == nullptr) return "(null)";
  if (is_const_string(ref)) return std::string(utf8_of(static_cast<ocfs_string_ref>(ref)));
  const Class &cls = class_of(type_of(ref));
  return cls.format != nullptr ? cls.format(object_of(ref)) : describe(ref);
}

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

ocfs_type_ref ocfs_retain(ocfs_type_ref ref) {
  if (ref == nullptr || is_const_string(ref)) return ref;
  const Object *object = object_of(ref);
  if (!object->immortal) {
    const_cast<Object *>(object)->refcount.fetch_add(1, std::memory_order_relaxed);
  }
  return ref;
}

void ocfs_release(ocfs_type_ref ref) {
  if (ref == nullptr || is_const_string(ref)) return;
  auto *object = const_cast<Object *>(object_of(ref));
  if (object->immortal) return;
  // acq_rel: the thread that frees must see every write made through other references.
  if (object->refcount.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    class_of(object->type).destroy(object);
  }
}

ocfs_index ocfs_get_retain_count(ocfs_type_ref ref) {
  if (ref == nullptr) return 0;
  if (is_const_string(ref) || object_of(ref)->immortal) return OCFS_IMMORTAL_RETAIN_COUNT;
  return static_cast<ocfs_index>(object_of(ref)->refcount.load(std::memory_order_relaxed));
}

ocfs_type_id ocfs_get_type_id(ocfs_type_ref ref) {
  return ref == nullptr ? 0 : public_type_id(type_of(ref));
}

ocfs_bool ocfs_equal(ocfs_type_ref a, ocfs_type_ref b) {
  if (a == b) return OCFS_TRUE;
  if (a == nullptr || b == nullptr) return OCFS_FALSE;
  TypeId type = type_of(a);
  if (type != type_of(b)) return OCFS_FALSE;
  if (type == TypeId::kString)
    return utf8_of(static_cast<ocfs_string_ref>(a)) == utf8_of(static_cast<ocfs_string_ref>(b));
  const Class &cls = class_of(type);
  return cls.equal != nullptr && cls.equal(object_of(a), object_of(b));
}

ocfs_hash_code ocfs_hash(ocfs_type_ref ref) {
  if (ref == nullptr) return 0;
  if (is_string(ref)) {
    std::string_view text = utf8_of(static_cast<ocfs_string_ref>(ref));
    return hash_bytes(text.data(), text.size());
  }
  const Class &cls = class_of(type_of(ref));
  if (cls.hash != nullptr) return cls.hash(object_of(ref));
  return static_cast<ocfs_hash_code>(reinterpret_cast<uintptr_t>(ref) >> 4);
}

ocfs_string_ref ocfs_copy_description(ocfs_type_ref ref) {
  if (ref == nullptr) return nullptr;
  return make_string(describe(ref));
}

ocfs_string_ref ocfs_copy_type_id_description(ocfs_type_id type_id) {
  if (type_id == 0 || type_id >= static_cast<ocfs_type_id>(TypeId::kCount)) return nullptr;
  return make_string(class_of(static_cast<TypeId>(type_id)).name);
}

ocfs_allocator_ref ocfs_get_allocator(ocfs_type_ref) {
  return nullptr;
}

void ocfs_show(ocfs_type_ref ref) {
  // Like CFShow: a string prints its characters, anything else its description.
  std::string text = is_string(ref) ? format_of(ref) : describe(ref);
  std::fprintf(stderr, "%s\n", text.c_str());
}

}  // extern "C"
