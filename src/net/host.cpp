#include "net/host.hpp"

#include <cstring>

#include "cf/classes.hpp"
#include "cf/string.hpp"

ocfs_host::~ocfs_host() {
  ocfs_release(names);
  ocfs_release(addressing);
}

namespace ocfs::net {

bool address_from_data(ocfs_data_ref address, platform::SocketAddress &out) {
  if (!cf::is_a(address, cf::TypeId::kData)) return false;
  ocfs_index length = ocfs_data_get_length(address);
  return length > 0 &&
         platform::copy_address(ocfs_data_get_byte_ptr(address), static_cast<size_t>(length), out);
}

}  // namespace ocfs::net

namespace ocfs::cf {

namespace {

std::string describe_host(const Object *object) {
  const auto *host = static_cast<const ocfs_host *>(object);
  ocfs_type_ref what =
      host->names != nullptr ? ocfs_array_get_value_at_index(host->names, 0) : nullptr;
  return described(
      object, what != nullptr ? "name = " + std::string(utf8_of(static_cast<ocfs_string_ref>(what)))
                              : "address");
}

}  // namespace

const Class kHostClass = {"CFHost", destroy_as<ocfs_host>, nullptr,
                          nullptr,  describe_host,         nullptr};

}  // namespace ocfs::cf

using ocfs::cf::as;

namespace {

ocfs_array_ref single_value_array(ocfs_type_ref value) {
  return ocfs_array_create(nullptr, &value, 1, &ocfs_type_array_callbacks);
}

ocfs_array_ref array_of(ocfs_array_ref array, ocfs_bool *has_been_resolved) {
  if (has_been_resolved != nullptr) *has_been_resolved = array != nullptr ? OCFS_TRUE : OCFS_FALSE;
  return array;
}

}  // namespace

extern "C" {

ocfs_type_id ocfs_host_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kHost);
}

ocfs_host_ref ocfs_host_create_with_name(ocfs_allocator_ref, ocfs_string_ref hostname) {
  if (!ocfs::cf::is_string(hostname) || ocfs_string_get_length(hostname) == 0) return nullptr;
  ocfs_string_ref copy = ocfs_string_create_copy(nullptr, hostname);
  ocfs_host *host = ocfs::cf::make<ocfs_host>();
  if (host != nullptr && copy != nullptr) host->names = single_value_array(copy);
  ocfs_release(copy);
  if (host != nullptr && host->names == nullptr) {
    ocfs_release(host);
    return nullptr;
  }
  return host;
}

ocfs_host_ref ocfs_host_create_with_address(ocfs_allocator_ref, ocfs_data_ref address) {
  ocfs::platform::SocketAddress parsed;
  if (!ocfs::net::address_from_data(address, parsed)) return nullptr;
  ocfs_data_ref copy =
      ocfs_data_create(nullptr, parsed.bytes, static_cast<ocfs_index>(parsed.length));
  ocfs_host *host = ocfs::cf::make<ocfs_host>();
  if (host != nullptr && copy != nullptr) host->addressing = single_value_array(copy);
  ocfs_release(copy);
  if (host != nullptr && host->addressing == nullptr) {
    ocfs_release(host);
    return nullptr;
  }
  return host;
}

ocfs_host_ref ocfs_host_create_copy(ocfs_allocator_ref, ocfs_host_ref original_ref) {
  ocfs_host *original = as<ocfs_host>(original_ref);
  if (original == nullptr) return nullptr;
  ocfs_host *host = ocfs::cf::make<ocfs_host>();
  if (host == nullptr) return nullptr;
  host->names = ocfs::cf::retained(original->names);
  host->addressing = ocfs::cf::retained(original->addressing);
  return host;
}

ocfs_array_ref ocfs_host_get_names(ocfs_host_ref host_ref, ocfs_bool *has_been_resolved) {
  ocfs_host *host = as<ocfs_host>(host_ref);
  return array_of(host != nullptr ? host->names : nullptr, has_been_resolved);
}

ocfs_array_ref ocfs_host_get_addressing(ocfs_host_ref host_ref, ocfs_bool *has_been_resolved) {
  ocfs_host *host = as<ocfs_host>(host_ref);
  return array_of(host != nullptr ? host->addressing : nullptr, has_been_resolved);
}

}  // extern "C"
