// The C entry points that create socket stream pairs.
#include <opencfstream/socket_stream.h>

#include "cf/string.hpp"
#include "net/host.hpp"
#include "net/socket_pair.hpp"

namespace {

using ocfs::net::PairTarget;

// Apple's rule: both out-pointers are cleared first and stay NULL on failure.
void clear_outputs(ocfs_read_stream_ref *read_stream, ocfs_write_stream_ref *write_stream) {
  if (read_stream != nullptr) *read_stream = nullptr;
  if (write_stream != nullptr) *write_stream = nullptr;
}

void create(const PairTarget &target, ocfs_read_stream_ref *read_stream,
            ocfs_write_stream_ref *write_stream) {
  ocfs::net::create_socket_pair(target, read_stream, write_stream);
}

// A target for one known address (its numeric text stands in as the host name).
PairTarget target_for_address(const ocfs::platform::SocketAddress &address) {
  PairTarget target;
  target.host = ocfs::platform::address_text(address);
  target.port = ocfs::platform::address_port(address);
  target.addresses.push_back(address);
  return target;
}

}  // namespace

extern "C" {

void ocfs_stream_create_pair_with_socket_to_host(ocfs_allocator_ref, ocfs_string_ref host,
                                                 uint32_t port, ocfs_read_stream_ref *read_stream,
                                                 ocfs_write_stream_ref *write_stream) {
  clear_outputs(read_stream, write_stream);
  if (!ocfs::cf::is_string(host) || ocfs_string_get_length(host) == 0) return;
  PairTarget target;
  target.host = std::string(ocfs::cf::utf8_of(host));
  if (target.host.find('\0') != std::string::npos) return;  // never truncated at a NUL
  target.port = static_cast<uint16_t>(port & 0xFFFF);  // only the low 16 bits count, as on Apple
  create(target, read_stream, write_stream);
}

void ocfs_stream_create_pair_with_socket_to_cf_host(ocfs_allocator_ref, ocfs_host_ref host_ref,
                                                    int32_t port, ocfs_read_stream_ref *read_stream,
                                                    ocfs_write_stream_ref *write_stream) {
  clear_outputs(read_stream, write_stream);
  auto *host = ocfs::cf::as<ocfs_host>(host_ref);
  if (host == nullptr) return;
  PairTarget target;
  if (host->names != nullptr) {
    auto name = static_cast<ocfs_string_ref>(ocfs_array_get_value_at_index(host->names, 0));
    target.host = std::string(ocfs::cf::utf8_of(name));
    if (target.host.find('\0') != std::string::npos) return;
  } else {
    ocfs::platform::SocketAddress address;
    auto data = static_cast<ocfs_data_ref>(ocfs_array_get_value_at_index(host->addressing, 0));
    if (!ocfs::net::address_from_data(data, address)) return;
    ocfs::platform::set_address_port(address, static_cast<uint16_t>(port & 0xFFFF));
    target = target_for_address(address);
  }
  target.port = static_cast<uint16_t>(port & 0xFFFF);
  target.cf_host = host_ref;
  create(target, read_stream, write_stream);
}

void ocfs_stream_create_pair_with_socket(ocfs_allocator_ref, ocfs_socket_native_handle sock,
                                         ocfs_read_stream_ref *read_stream,
                                         ocfs_write_stream_ref *write_stream) {
  clear_outputs(read_stream, write_stream);
  if (sock == OCFS_INVALID_SOCKET) return;
  PairTarget target;
  target.adopted = sock;
  create(target, read_stream, write_stream);
}

void ocfs_stream_create_pair_with_peer_socket_signature(ocfs_allocator_ref,
                                                        const ocfs_socket_signature *signature,
                                                        ocfs_read_stream_ref *read_stream,
                                                        ocfs_write_stream_ref *write_stream) {
  clear_outputs(read_stream, write_stream);
  ocfs::platform::SocketAddress address;
  if (signature == nullptr || !ocfs::net::address_from_data(signature->address, address)) return;
  if (!ocfs::platform::is_tcp_signature(signature->protocolFamily, signature->socketType,
                                        signature->protocol, address)) {
    return;  // only TCP streams exist here
  }
  create(target_for_address(address), read_stream, write_stream);
}

}  // extern "C"
