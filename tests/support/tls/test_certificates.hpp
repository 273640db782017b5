// Certificates for the TLS tests, generated at test time (no private key is ever committed): a
// throw-away CA and leaf certificates issued from a LeafSpec, EC P-256 throughout for speed.
//
//   ocfs_test::tls::TestPki pki;                 // a fresh CA
//   KeyAndCert server = pki.good("localhost");   // CA-signed, SAN DNS:localhost, serverAuth
//   KeyAndCert old = pki.expired();              // not_after one day in the past
//   TempFile ca = temp_file(pki.ca().pem_cert()); // for SSL_CERT_FILE-style tests
//
// Every function throws std::runtime_error (with OpenSSL's error queue in the message) when
// OpenSSL fails, which GoogleTest reports as a test failure.
#ifndef OCFS_TESTS_SUPPORT_TLS_TEST_CERTIFICATES_HPP
#define OCFS_TESTS_SUPPORT_TLS_TEST_CERTIFICATES_HPP

#include <openssl/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocfs_test::tls {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY *key) const noexcept;
};
struct X509Deleter {
  void operator()(X509 *cert) const noexcept;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

// A private key and its certificate. Copies share the OpenSSL objects (reference counts); the
// objects are never modified after issue. Use key.get() / cert.get() for the raw pointers.
struct KeyAndCert {
  EvpPkeyPtr key;
  X509Ptr cert;

  KeyAndCert() = default;
  KeyAndCert(EvpPkeyPtr k, X509Ptr c) : key(std::move(k)), cert(std::move(c)) {}
  KeyAndCert(const KeyAndCert &other);
  KeyAndCert &operator=(const KeyAndCert &other);
  KeyAndCert(KeyAndCert &&) noexcept = default;
  KeyAndCert &operator=(KeyAndCert &&) noexcept = default;
  ~KeyAndCert() = default;

  explicit operator bool() const { return key && cert; }

  std::string pem_cert() const;           // "-----BEGIN CERTIFICATE-----..."
  std::string pem_key() const;            // unencrypted PKCS#8 "-----BEGIN PRIVATE KEY-----..."
  std::vector<uint8_t> der_cert() const;  // the certificate's DER bytes
  // A PKCS#12 archive (key, certificate and optionally `chain`'s certificate) as
  // SecPKCS12Import-style tests need it; OpenSSL 3's default algorithms (AES-256, PBKDF2).
  std::vector<uint8_t> pkcs12(const std::string &password, const KeyAndCert *chain = nullptr,
                              const std::string &friendly_name = "test identity") const;
  // The subject's commonName as raw bytes (may contain a NUL); empty when there is none.
  std::string common_name() const;
};

struct LeafSpec {
  std::string common_name;
  std::vector<std::string> dns_names;      // subjectAltName dNSName, bytes as given (NUL allowed)
  std::vector<std::string> ip_addresses;   // subjectAltName iPAddress, textual IPv4 or IPv6
  long not_before_offset_seconds = -3600;  // relative to now
  long not_after_offset_seconds = 86400;   // relative to now
  bool self_signed = false;                // signed by its own key instead of the CA
  bool server = true;                      // extendedKeyUsage serverAuth, else clientAuth
};

// A throw-away certificate authority: EC P-256 key, self-signed, basicConstraints critical
// CA:TRUE, keyUsage critical keyCertSign+cRLSign, valid from an hour ago for ten days.
class TestPki {
 public:
  explicit TestPki(const std::string &ca_common_name = "OpenCFStream Test CA");
  // A CA valid from `not_before` to `not_after` seconds relative to now (an expired root:
  // -10 days .. -1 day); its leaves are still valid now.
  TestPki(const std::string &ca_common_name, long not_before_offset_seconds,
          long not_after_offset_seconds);

  const KeyAndCert &ca() const { return ca_; }

  // A leaf certificate: basicConstraints critical CA:FALSE, keyUsage critical digitalSignature,
  // extendedKeyUsage serverAuth (clientAuth when !spec.server), subject/authority key
  // identifiers, subjectAltName with the spec's DNS and IP entries (none if both are empty).
  KeyAndCert issue(const LeafSpec &spec) const;

  // Ready-made leaves (all CA-signed unless the name says otherwise).
  KeyAndCert good(const std::string &host = "localhost") const;           // CN and DNS: host
  KeyAndCert wrong_host() const;                                          // CN and DNS: wrong.test
  KeyAndCert self_signed(const std::string &host = "localhost") const;    // issuer == subject
  KeyAndCert expired(const std::string &host = "localhost") const;        // valid -2 days .. -1 day
  KeyAndCert not_yet_valid(const std::string &host = "localhost") const;  // +1 day .. +2 days
  KeyAndCert ip_san() const;            // IP: 127.0.0.1 and ::1 (CN "ip-san.test", no DNS)
  KeyAndCert wildcard() const;          // CN and DNS: *.example.test
  KeyAndCert partial_wildcard() const;  // CN and DNS: f*.example.test
  KeyAndCert nul_in_name() const;       // CN and DNS: "good.test\0.evil.test" (20 bytes)
  KeyAndCert client(const std::string &common_name = "test client") const;  // clientAuth

  static std::string nul_name() { return std::string("good.test\0.evil.test", 20); }

  // Writes the CA certificate in PEM; false if the file could not be written.
  bool write_ca_pem_file(const std::filesystem::path &path) const;

 private:
  KeyAndCert ca_;
};

// A file in the system's temporary directory with the given contents, removed on destruction.
class TempFile {
 public:
  explicit TempFile(std::string_view contents = {}, std::string_view suffix = ".pem");
  ~TempFile();
  TempFile(TempFile &&other) noexcept;
  TempFile &operator=(TempFile &&other) noexcept;
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;

  const std::filesystem::path &path() const { return path_; }
  std::string string() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline TempFile temp_file(std::string_view contents, std::string_view suffix = ".pem") {
  return TempFile(contents, suffix);
}

// OpenSSL's error queue as text (emptied), for failure messages.
// OpenSSL's queued errors as text, emptying the queue ("" when there were none).
std::string openssl_error_text();
std::string openssl_errors();  // the same, or "no OpenSSL error"

}  // namespace ocfs_test::tls

#endif  // OCFS_TESTS_SUPPORT_TLS_TEST_CERTIFICATES_HPP
