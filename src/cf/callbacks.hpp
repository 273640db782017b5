// Element callbacks shared by arrays and dictionaries: how a collection retains, releases,
// compares, hashes and describes what it stores. A null callbacks table means raw pointers.
#ifndef OCFS_SRC_CF_CALLBACKS_HPP
#define OCFS_SRC_CF_CALLBACKS_HPP

#include <string>

#include <opencfstream/base.h>

#include "cf/object.hpp"
#include "cf/string.hpp"

namespace ocfs::cf {

struct ElementCallbacks {
  const void *(*retain)(ocfs_allocator_ref, const void *) = nullptr;
  void (*release)(ocfs_allocator_ref, const void *) = nullptr;
  ocfs_string_ref (*copy_description)(const void *) = nullptr;
  ocfs_bool (*equal)(const void *, const void *) = nullptr;
  ocfs_hash_code (*hash)(const void *) = nullptr;

  // Copies the matching fields of any of the public callbacks structs (array, dictionary key or
  // dictionary value: they share their leading layout).
  template <typename Public>
  static ElementCallbacks from(const Public *callbacks) {
    ElementCallbacks result;
    if (callbacks == nullptr) return result;
    result.retain = callbacks->retain;
    result.release = callbacks->release;
    result.copy_description = callbacks->copyDescription;
    result.equal = callbacks->equal;
    return result;
  }

  const void *acquire(const void *value) const {
    return retain != nullptr ? retain(nullptr, value) : value;
  }
  void dispose(const void *value) const {
    if (release != nullptr) release(nullptr, value);
  }
  bool same(const void *a, const void *b) const {
    return a == b || (equal != nullptr && equal(a, b));
  }
  ocfs_hash_code hash_of(const void *value) const {
    return hash != nullptr ? hash(value)
                           : static_cast<ocfs_hash_code>(reinterpret_cast<uintptr_t>(value) >> 4);
  }
  std::string describe(const void *value) const {
    if (copy_description == nullptr) return "<" + pointer_text(value) + ">";
    ocfs_string_ref description = copy_description(value);
    std::string text(utf8_of(description));
    ocfs_release(description);
    return text;
  }
};

}  // namespace ocfs::cf

#endif  // OCFS_SRC_CF_CALLBACKS_HPP
