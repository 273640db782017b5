// SSLContext: SecureTransport's configuration object, over the pair's TLS engine settings.
#include "net/ssl_context.hpp"

#include <cstring>

#include <openssl/ssl.h>

#include <opencfstream/socket_stream.h>
#include <opencfstream/string.h>

#include "cf/classes.hpp"
#include "security/security.hpp"
#include "tls/status_codes.hpp"

namespace ocfs::cf {

const Class kSslContextClass = {
    "SSLContext", destroy_as<ocfs_ssl_context>, nullptr, nullptr, nullptr, nullptr};

}  // namespace ocfs::cf

extern "C" {
const ocfs_string_ref ocfs_stream_property_ssl_context = OCFS_STR("kCFStreamPropertySSLContext");
}

namespace ocfs::net {
namespace {

constexpr int32_t kNoErr = 0;

struct VersionName {
  int protocol;  // SSLProtocol
  int openssl;   // OpenSSL's number
};
const VersionName kVersions[] = {{OCFS_TLS_PROTOCOL_1, TLS1_VERSION},
                                 {OCFS_TLS_PROTOCOL_11, TLS1_1_VERSION},
                                 {OCFS_TLS_PROTOCOL_12, TLS1_2_VERSION},
                                 {OCFS_TLS_PROTOCOL_13, TLS1_3_VERSION}};

std::optional<int> openssl_version(int protocol) {
  for (const VersionName &version : kVersions) {
    if (version.protocol == protocol) return version.openssl;
  }
  return std::nullopt;
}

int protocol_of(int openssl) {
  for (const VersionName &version : kVersions) {
    if (version.openssl == openssl) return version.protocol;
  }
  return OCFS_SSL_PROTOCOL_UNKNOWN;
}

// Runs `change` under the context's lock unless the handshake has started (errSecBadReq).
template <typename Change>
int32_t change(ocfs_ssl_context_ref context, Change &&apply) {
  if (!cf::is_a(context, cf::TypeId::kSslContext)) return OCFS_ERR_SEC_PARAM;
  std::lock_guard lock(context->mutex);
  if (context->state != OCFS_SSL_IDLE) return OCFS_ERR_SEC_BAD_REQ;
  return apply(*context);
}

// Runs `read` under the context's lock.
template <typename Read>
int32_t inspect(ocfs_ssl_context_ref context, Read &&read) {
  if (!cf::is_a(context, cf::TypeId::kSslContext)) return OCFS_ERR_SEC_PARAM;
  std::lock_guard lock(context->mutex);
  return read(static_cast<const ocfs_ssl_context &>(*context));
}

int32_t set_version(ocfs_ssl_context_ref context, int protocol, bool minimum) {
  std::optional<int> version = openssl_version(protocol);
  if (!version.has_value()) return OCFS_ERR_SEC_PARAM;  // SSL 2 / 3 and unknown values
  return change(context, [&](ocfs_ssl_context &c) {
    (minimum ? c.min_version : c.max_version) = *version;
    return kNoErr;
  });
}

int32_t get_version(ocfs_ssl_context_ref context, int *protocol, bool minimum) {
  if (protocol == nullptr) return OCFS_ERR_SEC_PARAM;
  return inspect(context, [&](const ocfs_ssl_context &c) {
    const std::optional<int> &version = minimum ? c.min_version : c.max_version;
    // Unset: the default range, TLS 1.2 to 1.3 (the negotiated level's).
    *protocol = protocol_of(version.value_or(minimum ? TLS1_2_VERSION : TLS1_3_VERSION));
    return kNoErr;
  });
}

}  // namespace

void apply_ssl_context(const ocfs_ssl_context &context, tls::Config &config) {
  std::lock_guard lock(context.mutex);
  config.server = context.server;
  if (context.peer_name.has_value()) config.peer_name = *context.peer_name;
  if (context.min_version.has_value()) config.min_version = *context.min_version;
  if (context.max_version.has_value()) config.max_version = *context.max_version;
  if (context.client_authentication.has_value()) {
    config.client_authentication = *context.client_authentication;
  }
  if (context.identity.has_value()) {
    config.certificate_chain = context.identity->first;
    config.private_key = context.identity->second;
  }
}

void report_ssl_state(ocfs_ssl_context &context, int state, int version, uint32_t cipher) {
  std::lock_guard lock(context.mutex);
  context.state = state;
  if (state == OCFS_SSL_CONNECTED) {
    context.negotiated_version = version;
    context.negotiated_cipher = cipher;
  }
}

}  // namespace ocfs::net

using ocfs::net::change;
using ocfs::net::inspect;
using ocfs::net::kNoErr;

extern "C" {

ocfs_type_id ocfs_ssl_context_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kSslContext);
}

ocfs_ssl_context_ref ocfs_ssl_context_create(ocfs_allocator_ref, int protocol_side,
                                             int connection_type) {
  if (connection_type != OCFS_SSL_STREAM_TYPE ||
      (protocol_side != OCFS_SSL_SERVER_SIDE && protocol_side != OCFS_SSL_CLIENT_SIDE)) {
    return nullptr;
  }
  ocfs_ssl_context *context = ocfs::cf::make<ocfs_ssl_context>();
  if (context != nullptr) context->server = protocol_side == OCFS_SSL_SERVER_SIDE;
  return context;
}

int32_t ocfs_ssl_set_peer_domain_name(ocfs_ssl_context_ref context, const char *name,
                                      size_t length) {
  if (name == nullptr || length == 0) {
    return change(context, [](ocfs_ssl_context &c) {
      c.peer_name = std::optional<std::string>();
      return kNoErr;
    });
  }
  std::string text(name, length);
  if (!ocfs::tls::is_valid_peer_name(text)) return OCFS_ERR_SEC_PARAM;  // never truncated
  return change(context, [&](ocfs_ssl_context &c) {
    c.peer_name = std::optional<std::string>(std::move(text));
    return kNoErr;
  });
}

int32_t ocfs_ssl_get_peer_domain_name_length(ocfs_ssl_context_ref context, size_t *length) {
  if (length == nullptr) return OCFS_ERR_SEC_PARAM;
  return inspect(context, [&](const ocfs_ssl_context &c) {
    *length = c.peer_name.has_value() && c.peer_name->has_value() ? (*c.peer_name)->size() : 0;
    return kNoErr;
  });
}

int32_t ocfs_ssl_get_peer_domain_name(ocfs_ssl_context_ref context, char *buffer, size_t *length) {
  if (length == nullptr || (buffer == nullptr && *length > 0)) return OCFS_ERR_SEC_PARAM;
  return inspect(context, [&](const ocfs_ssl_context &c) {
    std::string name = c.peer_name.has_value() ? c.peer_name->value_or("") : "";
    if (name.size() > *length) return static_cast<int32_t>(ocfs::tls::kErrSSLBufferOverflow);
    if (!name.empty()) std::memcpy(buffer, name.data(), name.size());
    *length = name.size();
    return kNoErr;
  });
}

int32_t ocfs_ssl_set_protocol_version_min(ocfs_ssl_context_ref context, int protocol) {
  return ocfs::net::set_version(context, protocol, true);
}
int32_t ocfs_ssl_get_protocol_version_min(ocfs_ssl_context_ref context, int *protocol) {
  return ocfs::net::get_version(context, protocol, true);
}
int32_t ocfs_ssl_set_protocol_version_max(ocfs_ssl_context_ref context, int protocol) {
  return ocfs::net::set_version(context, protocol, false);
}
int32_t ocfs_ssl_get_protocol_version_max(ocfs_ssl_context_ref context, int *protocol) {
  return ocfs::net::get_version(context, protocol, false);
}

int32_t ocfs_ssl_get_negotiated_protocol_version(ocfs_ssl_context_ref context, int *protocol) {
  if (protocol == nullptr) return OCFS_ERR_SEC_PARAM;
  return inspect(context, [&](const ocfs_ssl_context &c) {
    *protocol = ocfs::net::protocol_of(c.negotiated_version);  // Unknown before the handshake
    return kNoErr;
  });
}

int32_t ocfs_ssl_get_negotiated_cipher(ocfs_ssl_context_ref context, uint32_t *cipher) {
  if (cipher == nullptr) return OCFS_ERR_SEC_PARAM;
  return inspect(context, [&](const ocfs_ssl_context &c) {
    *cipher = c.negotiated_cipher;
    return c.state == OCFS_SSL_CONNECTED ? kNoErr : OCFS_ERR_SEC_BAD_REQ;
  });
}

int32_t ocfs_ssl_set_client_side_authenticate(ocfs_ssl_context_ref context, int authenticate) {
  std::optional<ocfs::tls::ClientAuthentication> mode;
  switch (authenticate) {
    case OCFS_SSL_NEVER_AUTHENTICATE:
      mode = ocfs::tls::ClientAuthentication::kNever;
      break;
    case OCFS_SSL_ALWAYS_AUTHENTICATE:
      mode = ocfs::tls::ClientAuthentication::kAlways;
      break;
    case OCFS_SSL_TRY_AUTHENTICATE:
      mode = ocfs::tls::ClientAuthentication::kTry;
      break;
    default:
      return OCFS_ERR_SEC_PARAM;
  }
  return change(context, [&](ocfs_ssl_context &c) {
    c.client_authentication = mode;
    return kNoErr;
  });
}

int32_t ocfs_ssl_set_certificate(ocfs_ssl_context_ref context, ocfs_array_ref certificates) {
  std::optional<std::pair<std::vector<ocfs::tls::Der>, ocfs::tls::Der>> identity;
  if (certificates != nullptr) {
    if (!ocfs::cf::is_a(certificates, ocfs::cf::TypeId::kArray)) return OCFS_ERR_SEC_PARAM;
    identity.emplace();
    ocfs::tls::Der leaf;
    if (ocfs_array_get_count(certificates) == 0 ||
        !ocfs::security::identity_material(ocfs_array_get_value_at_index(certificates, 0), leaf,
                                           identity->second)) {
      return OCFS_ERR_SEC_PARAM;
    }
    identity->first.push_back(std::move(leaf));
    for (ocfs_index i = 1; i < ocfs_array_get_count(certificates); ++i) {
      ocfs::tls::Der der;
      if (!ocfs::security::certificate_der(ocfs_array_get_value_at_index(certificates, i), der)) {
        return OCFS_ERR_SEC_PARAM;
      }
      identity->first.push_back(std::move(der));
    }
  }
  return change(context, [&](ocfs_ssl_context &c) {
    c.identity = std::move(identity);
    return kNoErr;
  });
}

int32_t ocfs_ssl_get_session_state(ocfs_ssl_context_ref context, int *state) {
  if (state == nullptr) return OCFS_ERR_SEC_PARAM;
  return inspect(context, [&](const ocfs_ssl_context &c) {
    *state = c.state;
    return kNoErr;
  });
}

}  // extern "C"
