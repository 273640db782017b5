// Helpers for the TLS socket-stream tests: settings dictionaries, a loopback TLS server from the
// test support library, and reading the TLS properties back.
#ifndef OCFS_TESTS_NET_TLS_TEST_UTIL_HPP
#define OCFS_TESTS_NET_TLS_TEST_UTIL_HPP

#include <initializer_list>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "net_test_util.hpp"
#include "tls/test_certificates.hpp"
#include "tls/tls_test_server.hpp"

namespace ocfs_test {

using tls::Behavior;
using tls::KeyAndCert;
using tls::TestPki;
using tls::TlsServerConfig;
using tls::TlsTestServer;

using Entry = std::pair<ocfs_string_ref, ocfs_type_ref>;

inline Owned<ocfs_dictionary_ref> dictionary_of(const std::vector<Entry> &entries) {
  std::vector<const void *> keys, values;
  for (const Entry &entry : entries) {
    keys.push_back(entry.first);
    values.push_back(entry.second);
  }
  return own(ocfs_dictionary_create(
      nullptr, keys.data(), values.data(), static_cast<ocfs_index>(keys.size()),
      &ocfs_type_dictionary_key_callbacks, &ocfs_type_dictionary_value_callbacks));
}

inline Owned<ocfs_dictionary_ref> dictionary(std::initializer_list<Entry> entries) {
  return dictionary_of(std::vector<Entry>(entries));
}

inline Owned<ocfs_data_ref> data_of(const std::vector<uint8_t> &bytes) {
  return own(ocfs_data_create(nullptr, bytes.data(), static_cast<ocfs_index>(bytes.size())));
}

inline Owned<ocfs_array_ref> array_of(std::initializer_list<ocfs_type_ref> values) {
  std::vector<const void *> items(values.begin(), values.end());
  return own(ocfs_array_create(nullptr, items.data(), static_cast<ocfs_index>(items.size()),
                               &ocfs_type_array_callbacks));
}

// Settings that trust the test CA only, plus `extra` entries.
class TrustSettings {
 public:
  explicit TrustSettings(const TestPki &pki)
      : ca_(data_of(pki.ca().der_cert())), anchors_(array_of({ca_.get()})) {}
  Owned<ocfs_dictionary_ref> with(std::initializer_list<Entry> extra = {}) const {
    std::vector<Entry> entries = {{ocfs_stream_ssl_anchor_certificates, anchors_.get()},
                                  {ocfs_stream_ssl_anchor_certificates_only, ocfs_boolean_true}};
    entries.insert(entries.end(), extra.begin(), extra.end());
    return dictionary_of(entries);
  }

 private:
  Owned<ocfs_data_ref> ca_;
  Owned<ocfs_array_ref> anchors_;
};

// The identity's private key as DER, for kOCFSStreamSSLPrivateKey.
inline std::vector<uint8_t> private_key_der(const KeyAndCert &identity) {
  unsigned char *bytes = nullptr;
  int length = i2d_PrivateKey(identity.key.get(), &bytes);
  std::vector<uint8_t> der(bytes, bytes + std::max(length, 0));
  OPENSSL_free(bytes);
  return der;
}

// Settings for our own identity (client certificate or server) in the interim form: DER
// certificates and the key as CFData.
inline Owned<ocfs_dictionary_ref> identity_settings(const KeyAndCert &identity,
                                                    std::initializer_list<Entry> extra = {}) {
  auto certificate = data_of(identity.der_cert());
  auto certificates = array_of({certificate.get()});
  auto key = data_of(private_key_der(identity));
  std::vector<Entry> entries = {{ocfs_stream_ssl_certificates, certificates.get()},
                                {ocfs_stream_ssl_private_key, key.get()}};
  entries.insert(entries.end(), extra.begin(), extra.end());
  return dictionary_of(entries);
}

inline bool set_read(const Pair &pair, ocfs_string_ref key, ocfs_type_ref value) {
  return ocfs_read_stream_set_property(pair.read, key, value) != 0;
}
inline bool set_write(const Pair &pair, ocfs_string_ref key, ocfs_type_ref value) {
  return ocfs_write_stream_set_property(pair.write, key, value) != 0;
}

inline std::string string_property(ocfs_read_stream_ref stream, ocfs_string_ref key) {
  Owned<ocfs_type_ref> value(ocfs_read_stream_copy_property(stream, key));
  if (value.get() == nullptr) return "(null)";
  return text(static_cast<ocfs_string_ref>(value.get()));
}

inline std::string tls_version(const Pair &pair) {
  return string_property(pair.read, ocfs_stream_property_ssl_protocol_version);
}

inline std::string peer_subject(const Pair &pair) {
  return string_property(pair.read, ocfs_stream_property_ssl_peer_subject);
}

// -1: the property is absent; 0 / 1: its boolean value.
inline int boolean_property(ocfs_read_stream_ref stream, ocfs_string_ref key) {
  Owned<ocfs_type_ref> value(ocfs_read_stream_copy_property(stream, key));
  if (value.get() == nullptr) return -1;
  return ocfs_boolean_get_value(static_cast<ocfs_boolean_ref>(value.get())) ? 1 : 0;
}

inline bool open_pair(const Pair &pair) {
  bool read_opened = ocfs_read_stream_open(pair.read);
  bool write_opened = ocfs_write_stream_open(pair.write);
  return read_opened && write_opened;
}

// Every byte of `data` through the write half, then the same number of bytes back: the echo.
inline std::string blocking_round_trip(const Pair &pair, const std::string &data) {
  if (!write_all(pair.write, data))
    return "<write failed " + error_text(ocfs_write_stream_get_error(pair.write)) + ">";
  return read_exact(pair.read, data.size());
}

// A server that speaks plaintext first and upgrades on "STARTTLS" (Behavior::kStartTls);
// `inject` adds "INJECTED\r\n" right behind its "220 Ready\r\n".
inline TlsServerConfig starttls_config(const KeyAndCert &identity, bool inject = false) {
  TlsServerConfig config;
  config.hosts.push_back({"a.test", identity});
  config.behavior = Behavior::kStartTls;
  config.starttls_inject = inject;
  return config;
}

// A pair to such a server after the plaintext exchange (greeting read, "STARTTLS" sent, "220
// Ready" read), ready for the app to set TLS.
inline Pair starttls_pair(const TlsTestServer &server, const std::string &greeting) {
  Pair pair = pair_to_host("127.0.0.1", server.port());
  EXPECT_TRUE(open_pair(pair));
  EXPECT_EQ(read_exact(pair.read, greeting.size()), greeting);
  EXPECT_TRUE(write_all(pair.write, "STARTTLS\r\n"));
  EXPECT_EQ(read_exact(pair.read, 11), "220 Ready\r\n");
  return pair;
}

}  // namespace ocfs_test

#endif  // OCFS_TESTS_NET_TLS_TEST_UTIL_HPP
