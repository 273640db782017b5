// CFArray and CFMutableArray over a vector of element pointers and the element callbacks.
#include <algorithm>
#include <vector>

#include <opencfstream/array.h>

#include "cf/callbacks.hpp"
#include "cf/classes.hpp"
#include "cf/object.hpp"

struct ocfs_array : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kArray;

  explicit ocfs_array(const ocfs::cf::ElementCallbacks &element_callbacks)
      : Object(kTypeId), callbacks(element_callbacks) {}
  ~ocfs_array() {
    for (const void *value : values)
      callbacks.dispose(value);
  }

  ocfs::cf::ElementCallbacks callbacks;
  ocfs_array_callbacks public_callbacks{};  // as given, for copies
  bool has_callbacks = false;
  std::vector<const void *> values;
  bool mutable_ = false;
  ocfs_index capacity = 0;  // 0 = unlimited (mutable only)
};

namespace ocfs::cf {
namespace {

ocfs_array *new_array(const ocfs_array_callbacks *callbacks, bool is_mutable, ocfs_index capacity) {
  if (callbacks != nullptr && callbacks->version != 0) return nullptr;
  ocfs_array *array = make<ocfs_array>(ElementCallbacks::from(callbacks));
  if (array == nullptr) return nullptr;
  if (callbacks != nullptr) {
    array->public_callbacks = *callbacks;
    array->has_callbacks = true;
  }
  array->mutable_ = is_mutable;
  array->capacity = capacity;
  return array;
}

const ocfs_array_callbacks *callbacks_of(const ocfs_array &array) {
  return array.has_callbacks ? &array.public_callbacks : nullptr;
}

ocfs_array *mutable_array(ocfs_mutable_array_ref array) {
  ocfs_array *a = as<ocfs_array>(array);
  return a != nullptr && a->mutable_ ? a : nullptr;
}

bool range_inside(ocfs_range range, size_t count) {
  return range.location >= 0 && range.length >= 0 && static_cast<size_t>(range.location) <= count &&
         static_cast<size_t>(range.length) <= count - static_cast<size_t>(range.location);
}

bool has_room(const ocfs_array &array, size_t extra) {
  return array.capacity == 0 || array.values.size() + extra <= static_cast<size_t>(array.capacity);
}

ocfs_array *copy_array(const ocfs_array &source, bool is_mutable, ocfs_index capacity) {
  ocfs_array *copy = new_array(callbacks_of(source), is_mutable, capacity);
  if (copy == nullptr) return nullptr;
  copy->values.reserve(source.values.size());
  for (const void *value : source.values)
    copy->values.push_back(copy->callbacks.acquire(value));
  return copy;
}

// Index of the first/last element equal to `value` inside `range`, or OCFS_NOT_FOUND.
ocfs_index find_value(const ocfs_array *array, ocfs_range range, const void *value, bool last) {
  if (array == nullptr || !range_inside(range, array->values.size())) return OCFS_NOT_FOUND;
  for (ocfs_index k = 0; k < range.length; ++k) {
    ocfs_index i = last ? range.location + range.length - 1 - k : range.location + k;
    if (array->callbacks.same(array->values[static_cast<size_t>(i)], value)) return i;
  }
  return OCFS_NOT_FOUND;
}

std::string describe_array(const Object *object) {
  const auto &array = *static_cast<const ocfs_array *>(object);
  std::string text = std::string("type = ") + (array.mutable_ ? "mutable-small" : "immutable") +
                     ", count = " + std::to_string(array.values.size()) + ", values = (";
  for (size_t i = 0; i < array.values.size(); ++i) {
    text += "\n\t" + std::to_string(i) + " : " + array.callbacks.describe(array.values[i]);
  }
  return described(object, text + (array.values.empty() ? ")" : "\n)"));
}

}  // namespace

const Class kArrayClass = {
    "CFArray",
    destroy_as<ocfs_array>,
    [](const Object *a, const Object *b) {
      const auto &x = *static_cast<const ocfs_array *>(a);
      const auto &y = *static_cast<const ocfs_array *>(b);
      if (x.values.size() != y.values.size()) return false;
      for (size_t i = 0; i < x.values.size(); ++i) {
        if (!x.callbacks.same(x.values[i], y.values[i])) return false;
      }
      return true;
    },
    [](const Object *object) -> ocfs_hash_code {
      return static_cast<const ocfs_array *>(object)->values.size();
    },
    describe_array,
    nullptr,
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

const ocfs_array_callbacks ocfs_type_array_callbacks = {
    0,
    [](ocfs_allocator_ref, const void *value) { return ocfs_retain(value); },
    [](ocfs_allocator_ref, const void *value) { ocfs_release(value); },
    ocfs_copy_description,
    ocfs_equal,
};

ocfs_type_id ocfs_array_get_type_id(void) {
  return public_type_id(TypeId::kArray);
}

ocfs_array_ref ocfs_array_create(ocfs_allocator_ref, const void **values, ocfs_index count,
                                 const ocfs_array_callbacks *callbacks) {
  if (count < 0 || (values == nullptr && count > 0)) return nullptr;
  ocfs_array *array = new_array(callbacks, false, 0);
  if (array == nullptr) return nullptr;
  array->values.reserve(static_cast<size_t>(count));
  for (ocfs_index i = 0; i < count; ++i)
    array->values.push_back(array->callbacks.acquire(values[i]));
  return array;
}

ocfs_array_ref ocfs_array_create_copy(ocfs_allocator_ref, ocfs_array_ref array) {
  const ocfs_array *source = as<ocfs_array>(array);
  if (source == nullptr) return nullptr;
  if (!source->mutable_) return static_cast<ocfs_array_ref>(ocfs_retain(source));
  return copy_array(*source, false, 0);
}

ocfs_mutable_array_ref ocfs_array_create_mutable(ocfs_allocator_ref, ocfs_index capacity,
                                                 const ocfs_array_callbacks *callbacks) {
  if (capacity < 0) return nullptr;
  return new_array(callbacks, true, capacity);
}

ocfs_mutable_array_ref ocfs_array_create_mutable_copy(ocfs_allocator_ref, ocfs_index capacity,
                                                      ocfs_array_ref array) {
  const ocfs_array *source = as<ocfs_array>(array);
  if (source == nullptr || capacity < 0) return nullptr;
  if (capacity > 0 && source->values.size() > static_cast<size_t>(capacity)) return nullptr;
  return copy_array(*source, true, capacity);
}

ocfs_index ocfs_array_get_count(ocfs_array_ref array) {
  const ocfs_array *a = as<ocfs_array>(array);
  return a != nullptr ? static_cast<ocfs_index>(a->values.size()) : 0;
}

const void *ocfs_array_get_value_at_index(ocfs_array_ref array, ocfs_index index) {
  const ocfs_array *a = as<ocfs_array>(array);
  if (a == nullptr || index < 0 || static_cast<size_t>(index) >= a->values.size()) return nullptr;
  return a->values[static_cast<size_t>(index)];
}

void ocfs_array_get_values(ocfs_array_ref array, ocfs_range range, const void **values) {
  const ocfs_array *a = as<ocfs_array>(array);
  if (a == nullptr || values == nullptr || !range_inside(range, a->values.size())) return;
  std::copy_n(a->values.begin() + range.location, range.length, values);
}

ocfs_index ocfs_array_get_count_of_value(ocfs_array_ref array, ocfs_range range,
                                         const void *value) {
  const ocfs_array *a = as<ocfs_array>(array);
  if (a == nullptr || !range_inside(range, a->values.size())) return 0;
  auto begin = a->values.begin() + range.location;
  return std::count_if(begin, begin + range.length,
                       [&](const void *element) { return a->callbacks.same(element, value); });
}

ocfs_bool ocfs_array_contains_value(ocfs_array_ref array, ocfs_range range, const void *value) {
  return find_value(as<ocfs_array>(array), range, value, false) != OCFS_NOT_FOUND;
}

ocfs_index ocfs_array_get_first_index_of_value(ocfs_array_ref array, ocfs_range range,
                                               const void *value) {
  return find_value(as<ocfs_array>(array), range, value, false);
}

ocfs_index ocfs_array_get_last_index_of_value(ocfs_array_ref array, ocfs_range range,
                                              const void *value) {
  return find_value(as<ocfs_array>(array), range, value, true);
}

void ocfs_array_apply_function(ocfs_array_ref array, ocfs_range range,
                               ocfs_array_applier_fn applier, void *context) {
  const ocfs_array *a = as<ocfs_array>(array);
  if (a == nullptr || applier == nullptr || !range_inside(range, a->values.size())) return;
  for (ocfs_index i = range.location; i < range.location + range.length; ++i) {
    applier(a->values[static_cast<size_t>(i)], context);
  }
}

void ocfs_array_append_value(ocfs_mutable_array_ref array, const void *value) {
  ocfs_array_insert_value_at_index(array, ocfs_array_get_count(array), value);
}

void ocfs_array_insert_value_at_index(ocfs_mutable_array_ref array, ocfs_index index,
                                      const void *value) {
  ocfs_array *a = mutable_array(array);
  if (a == nullptr || index < 0 || static_cast<size_t>(index) > a->values.size() ||
      !has_room(*a, 1)) {
    return;
  }
  a->values.insert(a->values.begin() + index, a->callbacks.acquire(value));
}

void ocfs_array_set_value_at_index(ocfs_mutable_array_ref array, ocfs_index index,
                                   const void *value) {
  ocfs_array *a = mutable_array(array);
  if (a == nullptr || index < 0 || static_cast<size_t>(index) > a->values.size()) return;
  if (static_cast<size_t>(index) == a->values.size()) {
    ocfs_array_insert_value_at_index(array, index, value);  // Apple allows setting at count
    return;
  }
  const void *old = a->values[static_cast<size_t>(index)];
  a->values[static_cast<size_t>(index)] = a->callbacks.acquire(value);
  a->callbacks.dispose(old);
}

void ocfs_array_remove_value_at_index(ocfs_mutable_array_ref array, ocfs_index index) {
  ocfs_array *a = mutable_array(array);
  if (a == nullptr || index < 0 || static_cast<size_t>(index) >= a->values.size()) return;
  const void *old = a->values[static_cast<size_t>(index)];
  a->values.erase(a->values.begin() + index);
  a->callbacks.dispose(old);
}

void ocfs_array_remove_all_values(ocfs_mutable_array_ref array) {
  ocfs_array *a = mutable_array(array);
  if (a == nullptr) return;
  std::vector<const void *> old;
  old.swap(a->values);
  for (const void *value : old)
    a->callbacks.dispose(value);
}

void ocfs_array_append_array(ocfs_mutable_array_ref array, ocfs_array_ref other,
                             ocfs_range other_range) {
  ocfs_array *a = mutable_array(array);
  const ocfs_array *source = as<ocfs_array>(other);
  if (a == nullptr || source == nullptr || !range_inside(other_range, source->values.size()) ||
      !has_room(*a, static_cast<size_t>(other_range.length))) {
    return;
  }
  // Copy the slice first: `other` may be `array` itself.
  std::vector<const void *> slice(
      source->values.begin() + other_range.location,
      source->values.begin() + other_range.location + other_range.length);
  for (const void *value : slice)
    a->values.push_back(a->callbacks.acquire(value));
}

void ocfs_array_exchange_values_at_indices(ocfs_mutable_array_ref array, ocfs_index index1,
                                           ocfs_index index2) {
  ocfs_array *a = mutable_array(array);
  auto count = static_cast<ocfs_index>(a != nullptr ? a->values.size() : 0);
  if (a == nullptr || index1 < 0 || index2 < 0 || index1 >= count || index2 >= count) return;
  std::swap(a->values[static_cast<size_t>(index1)], a->values[static_cast<size_t>(index2)]);
}

void ocfs_array_sort_values(ocfs_mutable_array_ref array, ocfs_range range,
                            ocfs_comparator_fn comparator, void *context) {
  ocfs_array *a = mutable_array(array);
  if (a == nullptr || comparator == nullptr || !range_inside(range, a->values.size())) return;
  auto begin = a->values.begin() + range.location;
  std::stable_sort(begin, begin + range.length,
                   [&](const void *x, const void *y) { return comparator(x, y, context) < 0; });
}

}  // extern "C"
