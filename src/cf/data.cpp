// CFData and CFMutableData. Immutable data may borrow the caller's bytes (the no-copy creator);
// mutable data always owns a std::vector.
#include <cstdio>
#include <cstring>

#include <opencfstream/data.h>

#include "cf/byte_buffer.hpp"
#include "cf/classes.hpp"
#include "cf/object.hpp"

struct ocfs_data : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kData;

  ocfs_data() : Object(kTypeId) {}
  ~ocfs_data() {
    if (borrowed != nullptr)
      ocfs_allocator_deallocate(deallocator, const_cast<uint8_t *>(borrowed));
    ocfs_release(deallocator);
  }

  const uint8_t *bytes() const { return borrowed != nullptr ? borrowed : owned.data(); }
  size_t length() const { return borrowed != nullptr ? borrowed_length : owned.size(); }

  ocfs::cf::ByteBuffer owned;
  const uint8_t *borrowed = nullptr;  // no-copy bytes, freed with `deallocator`
  size_t borrowed_length = 0;
  ocfs_allocator_ref deallocator = nullptr;
  bool mutable_ = false;
  ocfs_index capacity = 0;  // 0 = unlimited (mutable only)
};

namespace ocfs::cf {
namespace {

ocfs_data *mutable_data(ocfs_mutable_data_ref data) {
  ocfs_data *d = as<ocfs_data>(data);
  return d != nullptr && d->mutable_ ? d : nullptr;
}

bool within_capacity(const ocfs_data &data, size_t new_length) {
  return data.capacity == 0 || new_length <= static_cast<size_t>(data.capacity);
}

bool range_inside(ocfs_range range, size_t length) {
  return range.location >= 0 && range.length >= 0 &&
         static_cast<size_t>(range.location) <= length &&
         static_cast<size_t>(range.length) <= length - static_cast<size_t>(range.location);
}

ocfs_data *new_data(const uint8_t *bytes, size_t length, bool is_mutable, ocfs_index capacity) {
  ocfs_data *data = make<ocfs_data>();
  if (data == nullptr) return nullptr;
  if (!data->owned.replace(0, 0, bytes, length)) {
    ocfs_release(data);
    return nullptr;
  }
  data->mutable_ = is_mutable;
  data->capacity = capacity;
  return data;
}

std::string describe_data(const Object *object) {
  const auto &data = *static_cast<const ocfs_data *>(object);
  const uint8_t *bytes = data.bytes();
  size_t length = data.length();
  auto hex = [&](size_t from, size_t to) {
    std::string text;
    char pair[3];
    for (size_t i = from; i < to; ++i) {
      std::snprintf(pair, sizeof pair, "%02x", bytes[i]);
      text += pair;
    }
    return text;
  };
  // Like CF: all bytes up to 24, else the first 16 and the last 8.
  std::string shown =
      length <= 24 ? hex(0, length) : hex(0, 16) + " ... " + hex(length - 8, length);
  return described(
      object, "length = " + std::to_string(length) + ", capacity = " +
                  std::to_string(data.capacity > 0 ? static_cast<size_t>(data.capacity) : length) +
                  ", bytes = 0x" + shown);
}

}  // namespace

const Class kDataClass = {
    "CFData",
    destroy_as<ocfs_data>,
    [](const Object *a, const Object *b) {
      const auto &x = *static_cast<const ocfs_data *>(a);
      const auto &y = *static_cast<const ocfs_data *>(b);
      return x.length() == y.length() &&
             (x.length() == 0 || std::memcmp(x.bytes(), y.bytes(), x.length()) == 0);
    },
    [](const Object *object) {
      const auto &data = *static_cast<const ocfs_data *>(object);
      return hash_bytes(data.bytes(), data.length());
    },
    describe_data,
    nullptr,
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

ocfs_type_id ocfs_data_get_type_id(void) {
  return public_type_id(TypeId::kData);
}

ocfs_data_ref ocfs_data_create(ocfs_allocator_ref, const uint8_t *bytes, ocfs_index length) {
  if (length < 0 || (bytes == nullptr && length > 0)) return nullptr;
  return new_data(bytes, static_cast<size_t>(length), false, 0);
}

ocfs_data_ref ocfs_data_create_with_bytes_no_copy(ocfs_allocator_ref, const uint8_t *bytes,
                                                  ocfs_index length,
                                                  ocfs_allocator_ref bytes_deallocator) {
  if (length < 0 || (bytes == nullptr && length > 0)) return nullptr;
  ocfs_data *data = make<ocfs_data>();
  if (data == nullptr) return nullptr;
  if (bytes != nullptr) {
    data->borrowed = bytes;
    data->borrowed_length = static_cast<size_t>(length);
    data->deallocator = static_cast<ocfs_allocator_ref>(ocfs_retain(bytes_deallocator));
  }
  return data;
}

ocfs_data_ref ocfs_data_create_copy(ocfs_allocator_ref, ocfs_data_ref data) {
  const ocfs_data *source = as<ocfs_data>(data);
  if (source == nullptr) return nullptr;
  if (!source->mutable_) return static_cast<ocfs_data_ref>(ocfs_retain(source));
  return new_data(source->bytes(), source->length(), false, 0);
}

ocfs_mutable_data_ref ocfs_data_create_mutable(ocfs_allocator_ref, ocfs_index capacity) {
  if (capacity < 0) return nullptr;
  return new_data(nullptr, 0, true, capacity);
}

ocfs_mutable_data_ref ocfs_data_create_mutable_copy(ocfs_allocator_ref, ocfs_index capacity,
                                                    ocfs_data_ref data) {
  const ocfs_data *source = as<ocfs_data>(data);
  if (source == nullptr || capacity < 0) return nullptr;
  if (capacity > 0 && source->length() > static_cast<size_t>(capacity)) return nullptr;
  return new_data(source->bytes(), source->length(), true, capacity);
}

ocfs_index ocfs_data_get_length(ocfs_data_ref data) {
  const ocfs_data *d = as<ocfs_data>(data);
  return d != nullptr ? static_cast<ocfs_index>(d->length()) : 0;
}

const uint8_t *ocfs_data_get_byte_ptr(ocfs_data_ref data) {
  const ocfs_data *d = as<ocfs_data>(data);
  return d != nullptr ? d->bytes() : nullptr;
}

uint8_t *ocfs_data_get_mutable_byte_ptr(ocfs_mutable_data_ref data) {
  ocfs_data *d = mutable_data(data);
  return d != nullptr ? d->owned.data() : nullptr;
}

void ocfs_data_get_bytes(ocfs_data_ref data, ocfs_range range, uint8_t *buffer) {
  const ocfs_data *d = as<ocfs_data>(data);
  if (d == nullptr || buffer == nullptr || !range_inside(range, d->length())) return;
  if (range.length > 0) {
    std::memcpy(buffer, d->bytes() + range.location, static_cast<size_t>(range.length));
  }
}

void ocfs_data_set_length(ocfs_mutable_data_ref data, ocfs_index length) {
  ocfs_data *d = mutable_data(data);
  if (d == nullptr || length < 0 || !within_capacity(*d, static_cast<size_t>(length))) return;
  d->owned.resize(static_cast<size_t>(length));  // on failure the data stays as it was
}

void ocfs_data_increase_length(ocfs_mutable_data_ref data, ocfs_index extra_length) {
  ocfs_data *d = mutable_data(data);
  auto length = static_cast<ocfs_index>(d != nullptr ? d->owned.size() : 0);
  if (d == nullptr || extra_length < 0 || extra_length > OCFS_INDEX_MAX - length) return;
  ocfs_data_set_length(data, length + extra_length);
}

void ocfs_data_append_bytes(ocfs_mutable_data_ref data, const uint8_t *bytes, ocfs_index length) {
  ocfs_data *d = mutable_data(data);
  if (d == nullptr || length <= 0 || bytes == nullptr) return;
  ocfs_data_replace_bytes(data, ocfs_range{static_cast<ocfs_index>(d->owned.size()), 0}, bytes,
                          length);
}

void ocfs_data_replace_bytes(ocfs_mutable_data_ref data, ocfs_range range, const uint8_t *new_bytes,
                             ocfs_index new_length) {
  ocfs_data *d = mutable_data(data);
  if (d == nullptr || new_length < 0 || (new_bytes == nullptr && new_length > 0)) return;
  if (!range_inside(range, d->owned.size())) return;
  size_t result_length =
      d->owned.size() - static_cast<size_t>(range.length) + static_cast<size_t>(new_length);
  if (!within_capacity(*d, result_length)) return;
  // On failure the data stays as it was; the buffer handles `new_bytes` pointing into itself.
  d->owned.replace(static_cast<size_t>(range.location), static_cast<size_t>(range.length),
                   new_bytes, static_cast<size_t>(new_length));
}

void ocfs_data_delete_bytes(ocfs_mutable_data_ref data, ocfs_range range) {
  ocfs_data_replace_bytes(data, range, nullptr, 0);
}

}  // extern "C"
