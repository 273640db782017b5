// CFDictionary and CFMutableDictionary: entries kept in insertion order, found through a hash
// index built from the key callbacks (ocfs_hash / ocfs_equal for the standard ones).
#include <unordered_map>
#include <vector>

#include <opencfstream/dictionary.h>

#include "cf/callbacks.hpp"
#include "cf/classes.hpp"
#include "cf/object.hpp"

struct ocfs_dictionary : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kDictionary;

  struct Entry {
    const void *key;
    const void *value;
    ocfs_hash_code hash;
    bool alive;
  };

  ocfs_dictionary() : Object(kTypeId) {}
  ~ocfs_dictionary() {
    for (const Entry &entry : entries) {
      if (!entry.alive) continue;
      keys.dispose(entry.key);
      values.dispose(entry.value);
    }
  }

  ocfs::cf::ElementCallbacks keys;
  ocfs::cf::ElementCallbacks values;
  ocfs_dictionary_key_callbacks public_keys{};
  ocfs_dictionary_value_callbacks public_values{};
  bool has_key_callbacks = false;
  bool has_value_callbacks = false;
  std::vector<Entry> entries;  // insertion order; removed entries are tombstones until compaction
  std::unordered_multimap<ocfs_hash_code, size_t> index;  // hash -> position in `entries`
  size_t count = 0;
  bool mutable_ = false;
  ocfs_index capacity = 0;  // 0 = unlimited (mutable only)
};

namespace ocfs::cf {
namespace {

using Entry = ocfs_dictionary::Entry;

ocfs_dictionary *new_dictionary(const ocfs_dictionary_key_callbacks *key_callbacks,
                                const ocfs_dictionary_value_callbacks *value_callbacks,
                                bool is_mutable, ocfs_index capacity) {
  if ((key_callbacks != nullptr && key_callbacks->version != 0) ||
      (value_callbacks != nullptr && value_callbacks->version != 0)) {
    return nullptr;
  }
  ocfs_dictionary *d = make<ocfs_dictionary>();
  if (d == nullptr) return nullptr;
  d->keys = ElementCallbacks::from(key_callbacks);
  d->values = ElementCallbacks::from(value_callbacks);
  if (key_callbacks != nullptr) {
    d->keys.hash = key_callbacks->hash;
    d->public_keys = *key_callbacks;
    d->has_key_callbacks = true;
  }
  if (value_callbacks != nullptr) {
    d->public_values = *value_callbacks;
    d->has_value_callbacks = true;
  }
  d->mutable_ = is_mutable;
  d->capacity = capacity;
  return d;
}

ocfs_dictionary *mutable_dictionary(ocfs_mutable_dictionary_ref dictionary) {
  ocfs_dictionary *d = as<ocfs_dictionary>(dictionary);
  return d != nullptr && d->mutable_ ? d : nullptr;
}

// The live entry whose key equals `key`, or null.
Entry *find_entry(const ocfs_dictionary &d, const void *key) {
  auto &self = const_cast<ocfs_dictionary &>(d);
  auto [begin, end] = self.index.equal_range(d.keys.hash_of(key));
  for (auto it = begin; it != end; ++it) {
    Entry &entry = self.entries[it->second];
    if (entry.alive && d.keys.same(entry.key, key)) return &entry;
  }
  return nullptr;
}

void compact_if_sparse(ocfs_dictionary &d) {
  if (d.entries.size() < 16 || d.count * 2 > d.entries.size()) return;
  std::vector<Entry> live;
  live.reserve(d.count);
  d.index.clear();
  for (const Entry &entry : d.entries) {
    if (!entry.alive) continue;
    d.index.emplace(entry.hash, live.size());
    live.push_back(entry);
  }
  d.entries.swap(live);
}

void replace_value(ocfs_dictionary &d, Entry &entry, const void *value) {
  const void *old = entry.value;
  entry.value = d.values.acquire(value);
  d.values.dispose(old);
}

bool add_entry(ocfs_dictionary &d, const void *key, const void *value) {
  if (d.capacity > 0 && d.count >= static_cast<size_t>(d.capacity)) return false;
  ocfs_hash_code hash = d.keys.hash_of(key);
  d.index.emplace(hash, d.entries.size());
  d.entries.push_back(Entry{d.keys.acquire(key), d.values.acquire(value), hash, true});
  ++d.count;
  return true;
}

void remove_entry(ocfs_dictionary &d, Entry &entry) {
  auto position = static_cast<size_t>(&entry - d.entries.data());
  auto [begin, end] = d.index.equal_range(entry.hash);
  for (auto it = begin; it != end; ++it) {
    if (it->second == position) {
      d.index.erase(it);
      break;
    }
  }
  entry.alive = false;
  --d.count;
  d.keys.dispose(entry.key);
  d.values.dispose(entry.value);
  compact_if_sparse(d);
}

ocfs_dictionary *copy_dictionary(const ocfs_dictionary &source, bool is_mutable,
                                 ocfs_index capacity) {
  ocfs_dictionary *copy = new_dictionary(
      source.has_key_callbacks ? &source.public_keys : nullptr,
      source.has_value_callbacks ? &source.public_values : nullptr, is_mutable, capacity);
  if (copy == nullptr) return nullptr;
  for (const Entry &entry : source.entries) {
    if (entry.alive) add_entry(*copy, entry.key, entry.value);
  }
  return copy;
}

template <typename Visit>
void for_each_entry(const ocfs_dictionary &d, Visit visit) {
  for (const Entry &entry : d.entries) {
    if (entry.alive) visit(entry);
  }
}

std::string describe_dictionary(const Object *object) {
  const auto &d = *static_cast<const ocfs_dictionary *>(object);
  std::string text = std::string("type = ") + (d.mutable_ ? "mutable dict" : "immutable dict") +
                     ", count = " + std::to_string(d.count) + ",\nentries =>";
  size_t i = 0;
  for_each_entry(d, [&](const Entry &entry) {
    text += "\n\t" + std::to_string(i++) + " : " + d.keys.describe(entry.key) + " = " +
            d.values.describe(entry.value);
  });
  return described(object, text + "\n");
}

bool dictionaries_equal(const Object *a, const Object *b) {
  const auto &x = *static_cast<const ocfs_dictionary *>(a);
  const auto &y = *static_cast<const ocfs_dictionary *>(b);
  if (x.count != y.count) return false;
  bool equal = true;
  for_each_entry(x, [&](const Entry &entry) {
    const Entry *other = equal ? find_entry(y, entry.key) : nullptr;
    equal = other != nullptr && x.values.same(entry.value, other->value);
  });
  return equal;
}

}  // namespace

const Class kDictionaryClass = {
    "CFDictionary",
    destroy_as<ocfs_dictionary>,
    dictionaries_equal,
    [](const Object *object) -> ocfs_hash_code {
      return static_cast<const ocfs_dictionary *>(object)->count;
    },
    describe_dictionary,
    nullptr,
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

namespace {

const void *retain_type(ocfs_allocator_ref, const void *value) {
  return ocfs_retain(value);
}
void release_type(ocfs_allocator_ref, const void *value) {
  ocfs_release(value);
}

// Stores a string key as an immutable copy, so a caller mutating its key cannot corrupt the table.
const void *retain_copied_string(ocfs_allocator_ref, const void *value) {
  if (is_string(value))
    return ocfs_string_create_copy(nullptr, static_cast<ocfs_string_ref>(value));
  return ocfs_retain(value);
}

}  // namespace

extern "C" {

const ocfs_dictionary_key_callbacks ocfs_type_dictionary_key_callbacks = {
    0, retain_type, release_type, ocfs_copy_description, ocfs_equal, ocfs_hash};
const ocfs_dictionary_key_callbacks ocfs_copy_string_dictionary_key_callbacks = {
    0, retain_copied_string, release_type, ocfs_copy_description, ocfs_equal, ocfs_hash};
const ocfs_dictionary_value_callbacks ocfs_type_dictionary_value_callbacks = {
    0, retain_type, release_type, ocfs_copy_description, ocfs_equal};

ocfs_type_id ocfs_dictionary_get_type_id(void) {
  return public_type_id(TypeId::kDictionary);
}

ocfs_dictionary_ref ocfs_dictionary_create(ocfs_allocator_ref, const void **keys,
                                           const void **values, ocfs_index count,
                                           const ocfs_dictionary_key_callbacks *key_callbacks,
                                           const ocfs_dictionary_value_callbacks *value_callbacks) {
  if (count < 0 || (count > 0 && (keys == nullptr || values == nullptr))) return nullptr;
  ocfs_dictionary *d = new_dictionary(key_callbacks, value_callbacks, false, 0);
  if (d == nullptr) return nullptr;
  for (ocfs_index i = 0; i < count; ++i) {
    if (find_entry(*d, keys[i]) == nullptr) add_entry(*d, keys[i], values[i]);  // first one wins
  }
  return d;
}

ocfs_dictionary_ref ocfs_dictionary_create_copy(ocfs_allocator_ref,
                                                ocfs_dictionary_ref dictionary) {
  const ocfs_dictionary *source = as<ocfs_dictionary>(dictionary);
  if (source == nullptr) return nullptr;
  if (!source->mutable_) return static_cast<ocfs_dictionary_ref>(ocfs_retain(source));
  return copy_dictionary(*source, false, 0);
}

ocfs_mutable_dictionary_ref ocfs_dictionary_create_mutable(
    ocfs_allocator_ref, ocfs_index capacity, const ocfs_dictionary_key_callbacks *key_callbacks,
    const ocfs_dictionary_value_callbacks *value_callbacks) {
  if (capacity < 0) return nullptr;
  return new_dictionary(key_callbacks, value_callbacks, true, capacity);
}

ocfs_mutable_dictionary_ref ocfs_dictionary_create_mutable_copy(ocfs_allocator_ref,
                                                                ocfs_index capacity,
                                                                ocfs_dictionary_ref dictionary) {
  const ocfs_dictionary *source = as<ocfs_dictionary>(dictionary);
  if (source == nullptr || capacity < 0) return nullptr;
  if (capacity > 0 && source->count > static_cast<size_t>(capacity)) return nullptr;
  return copy_dictionary(*source, true, capacity);
}

ocfs_index ocfs_dictionary_get_count(ocfs_dictionary_ref dictionary) {
  const ocfs_dictionary *d = as<ocfs_dictionary>(dictionary);
  return d != nullptr ? static_cast<ocfs_index>(d->count) : 0;
}

ocfs_index ocfs_dictionary_get_count_of_key(ocfs_dictionary_ref dictionary, const void *key) {
  return ocfs_dictionary_contains_key(dictionary, key) ? 1 : 0;
}

ocfs_index ocfs_dictionary_get_count_of_value(ocfs_dictionary_ref dictionary, const void *value) {
  const ocfs_dictionary *d = as<ocfs_dictionary>(dictionary);
  if (d == nullptr) return 0;
  ocfs_index count = 0;
  for_each_entry(*d, [&](const Entry &entry) { count += d->values.same(entry.value, value); });
  return count;
}

ocfs_bool ocfs_dictionary_contains_key(ocfs_dictionary_ref dictionary, const void *key) {
  const ocfs_dictionary *d = as<ocfs_dictionary>(dictionary);
  return d != nullptr && find_entry(*d, key) != nullptr;
}

ocfs_bool ocfs_dictionary_contains_value(ocfs_dictionary_ref dictionary, const void *value) {
  return ocfs_dictionary_get_count_of_value(dictionary, value) > 0;
}

const void *ocfs_dictionary_get_value(ocfs_dictionary_ref dictionary, const void *key) {
  const void *value = nullptr;
  ocfs_dictionary_get_value_if_present(dictionary, key, &value);
  return value;
}

ocfs_bool ocfs_dictionary_get_value_if_present(ocfs_dictionary_ref dictionary, const void *key,
                                               const void **value) {
  const ocfs_dictionary *d = as<ocfs_dictionary>(dictionary);
  const Entry *entry = d != nullptr ? find_entry(*d, key) : nullptr;
  if (entry == nullptr) return OCFS_FALSE;
  if (value != nullptr) *value = entry->value;
  return OCFS_TRUE;
}

void ocfs_dictionary_get_keys_and_values(ocfs_dictionary_ref dictionary, const void **keys,
                                         const void **values) {
  const ocfs_dictionary *d = as<ocfs_dictionary>(dictionary);
  if (d == nullptr) return;
  size_t i = 0;
  for_each_entry(*d, [&](const Entry &entry) {
    if (keys != nullptr) keys[i] = entry.key;
    if (values != nullptr) values[i] = entry.value;
    ++i;
  });
}

void ocfs_dictionary_apply_function(ocfs_dictionary_ref dictionary,
                                    ocfs_dictionary_applier_fn applier, void *context) {
  const ocfs_dictionary *d = as<ocfs_dictionary>(dictionary);
  if (d == nullptr || applier == nullptr) return;
  // Iterate a snapshot so an applier that reads the dictionary sees a stable table.
  std::vector<Entry> snapshot;
  for_each_entry(*d, [&](const Entry &entry) { snapshot.push_back(entry); });
  for (const Entry &entry : snapshot)
    applier(entry.key, entry.value, context);
}

void ocfs_dictionary_add_value(ocfs_mutable_dictionary_ref dictionary, const void *key,
                               const void *value) {
  ocfs_dictionary *d = mutable_dictionary(dictionary);
  if (d != nullptr && find_entry(*d, key) == nullptr) add_entry(*d, key, value);
}

void ocfs_dictionary_replace_value(ocfs_mutable_dictionary_ref dictionary, const void *key,
                                   const void *value) {
  ocfs_dictionary *d = mutable_dictionary(dictionary);
  if (d == nullptr) return;
  if (Entry *entry = find_entry(*d, key)) replace_value(*d, *entry, value);
}

void ocfs_dictionary_set_value(ocfs_mutable_dictionary_ref dictionary, const void *key,
                               const void *value) {
  ocfs_dictionary *d = mutable_dictionary(dictionary);
  if (d == nullptr) return;
  if (Entry *entry = find_entry(*d, key)) {
    replace_value(*d, *entry, value);
  } else {
    add_entry(*d, key, value);
  }
}

void ocfs_dictionary_remove_value(ocfs_mutable_dictionary_ref dictionary, const void *key) {
  ocfs_dictionary *d = mutable_dictionary(dictionary);
  if (d == nullptr) return;
  if (Entry *entry = find_entry(*d, key)) remove_entry(*d, *entry);
}

void ocfs_dictionary_remove_all_values(ocfs_mutable_dictionary_ref dictionary) {
  ocfs_dictionary *d = mutable_dictionary(dictionary);
  if (d == nullptr) return;
  std::vector<Entry> old;
  old.swap(d->entries);
  d->index.clear();
  d->count = 0;
  for (const Entry &entry : old) {
    if (!entry.alive) continue;
    d->keys.dispose(entry.key);
    d->values.dispose(entry.value);
  }
}

}  // extern "C"
