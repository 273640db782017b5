// The object model behind every ocfs_* reference: a small header, a class table, and the helpers
// each type uses to allocate itself.
//
// Every heap object starts with Object, whose first byte is kHeapMarker. Constant strings made by
// OCFS_STR are not heap objects: the reference points at the string literal itself, whose first
// byte is kConstStringMarker. That one byte tells the two apart, so OCFS_STR needs no run-time
// registration and works in C file-scope initialisers.
#ifndef OCFS_SRC_CF_OBJECT_HPP
#define OCFS_SRC_CF_OBJECT_HPP

#include <atomic>
#include <cstdint>
#include <new>
#include <string>
#include <utility>

#include <opencfstream/base.h>

namespace ocfs::cf {

enum class TypeId : uint16_t {
  kInvalid = 0,
  kAllocator,
  kString,
  kNumber,
  kBoolean,
  kNull,
  kData,
  kArray,
  kDictionary,
  kError,
  kUrl,
  kReadStream,
  kWriteStream,
  kRunLoop,
  kRunLoopSource,
  kRunLoopTimer,
  kHost,
  kCertificate,
  kIdentity,
  kPolicy,
  kTrust,
  kSslContext,
  kCount
};

inline constexpr uint8_t kHeapMarker = 0xCF;
inline constexpr uint8_t kConstStringMarker = 0x01;

struct Object;

// What every type tells the runtime about itself. Null slots get the default behaviour: identity
// equality, pointer hash, "<Name 0x...>" description.
struct Class {
  const char *name;
  void (*destroy)(Object *object);
  bool (*equal)(const Object *a, const Object *b);  // both of this class
  ocfs_hash_code (*hash)(const Object *object);
  // The whole debug description (CFCopyDescription); null = "<Name 0x...>".
  std::string (*describe)(const Object *object);
  // The text %@ inserts (a string's characters, a number's value); null = the debug description.
  std::string (*format)(const Object *object);
};

struct Object {
  uint8_t marker = kHeapMarker;
  bool immortal = false;
  TypeId type;
  std::atomic<uint32_t> refcount{1};

  explicit constexpr Object(TypeId t, bool is_immortal = false) : immortal(is_immortal), type(t) {}
  Object(const Object &) = delete;
  Object &operator=(const Object &) = delete;
};

const Class &class_of(TypeId type);

inline bool is_const_string(const void *ref) {
  return *static_cast<const unsigned char *>(ref) == kConstStringMarker;
}

// The type of any non-null reference, constant strings included.
TypeId type_of(const void *ref);

inline bool is_a(const void *ref, TypeId type) {
  return ref != nullptr && type_of(ref) == type;
}

// Checked downcast: null when `ref` is null or of another type. Constant strings are not Objects,
// so strings use string_view_of in string.hpp instead.
template <typename T>
T *as(const void *ref) {
  if (ref == nullptr || is_const_string(ref)) return nullptr;
  auto *object = static_cast<Object *>(const_cast<void *>(ref));
  return object->type == T::kTypeId ? static_cast<T *>(object) : nullptr;
}

// Allocates a T with its reference count at 1. Null when memory runs out (no exception escapes).
template <typename T, typename... Args>
T *make(Args &&...args) {
  return new (std::nothrow) T(std::forward<Args>(args)...);
}

// The destroy slot for a type allocated with make<T>.
template <typename T>
void destroy_as(Object *object) {
  delete static_cast<T *>(object);
}

// Retain that keeps the static type (for members holding a reference).
template <typename T>
T *retained(T *ref) {
  ocfs_retain(ref);
  return ref;
}

// "0x" and the address in lower-case hex, the same on every platform.
std::string pointer_text(const void *pointer);

// The "<Name 0x...>" prefix of most debug descriptions.
std::string description_prefix(const void *ref);

// "<Name 0x...>{body}", CF's usual description shape.
inline std::string described(const Object *object, const std::string &body) {
  return description_prefix(object) + "{" + body + "}";
}

ocfs_hash_code hash_bytes(const void *data, size_t length);

// Public type ids are the enum values; 0 is never a valid one.
inline ocfs_type_id public_type_id(TypeId type) {
  return static_cast<ocfs_type_id>(type);
}

}  // namespace ocfs::cf

#endif  // OCFS_SRC_CF_OBJECT_HPP
