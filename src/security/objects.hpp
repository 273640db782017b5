// The Security objects behind ocfs_certificate_ref, ocfs_identity_ref, ocfs_policy_ref and
// ocfs_trust_ref (Apple's SecCertificate, SecIdentity, SecPolicy, SecTrust), and the OpenSSL
// helpers the security layer shares. Internal: the stream layer uses security.hpp instead.
#ifndef OCFS_SRC_SECURITY_OBJECTS_HPP
#define OCFS_SRC_SECURITY_OBJECTS_HPP

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <opencfstream/security.h>

#include "cf/object.hpp"

namespace ocfs::security {

using Der = std::vector<uint8_t>;

struct X509Free {
  void operator()(X509 *certificate) const noexcept { X509_free(certificate); }
};
struct EvpPkeyFree {
  void operator()(EVP_PKEY *key) const noexcept { EVP_PKEY_free(key); }
};
struct BioFree {
  void operator()(BIO *bio) const noexcept { BIO_free(bio); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

// Owns one CF reference of a security object (or any CF object).
template <typename T>
class Ref {
 public:
  Ref() = default;
  explicit Ref(T *ref) : ref_(ref) {}
  Ref(const Ref &other) : ref_(cf::retained(other.ref_)) {}
  Ref &operator=(const Ref &other) {
    if (this != &other) reset(cf::retained(other.ref_));
    return *this;
  }
  Ref(Ref &&other) noexcept : ref_(other.release()) {}
  Ref &operator=(Ref &&other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  ~Ref() { reset(); }

  T *get() const { return ref_; }
  T *operator->() const { return ref_; }
  T &operator*() const { return *ref_; }
  explicit operator bool() const { return ref_ != nullptr; }
  T *release() {
    T *ref = ref_;
    ref_ = nullptr;
    return ref;
  }
  void reset(T *ref = nullptr) {
    ocfs_release(ref_);
    ref_ = ref;
  }

 private:
  T *ref_ = nullptr;
};

}  // namespace ocfs::security

struct ocfs_certificate : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kCertificate;
  ocfs_certificate(ocfs::security::Der bytes, ocfs::security::X509Ptr parsed)
      : Object(kTypeId), der(std::move(bytes)), x509(std::move(parsed)) {}

  const ocfs::security::Der der;       // exactly the bytes it was created from
  const ocfs::security::X509Ptr x509;  // parsed once; never modified
};

struct ocfs_identity : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kIdentity;
  ocfs_identity(ocfs_certificate *cert, ocfs::security::EvpPkeyPtr private_key,
                ocfs::security::Der private_key_der)
      : Object(kTypeId),
        certificate(cert),
        key(std::move(private_key)),
        key_der(std::move(private_key_der)) {}

  const ocfs::security::Ref<ocfs_certificate> certificate;
  const ocfs::security::EvpPkeyPtr key;
  const ocfs::security::Der key_der;  // PKCS#8 DER
};

struct ocfs_policy : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kPolicy;
  enum class Kind { kBasicX509, kSsl };
  ocfs_policy(Kind k, bool is_server, std::optional<std::string> name)
      : Object(kTypeId), kind(k), server(is_server), hostname(std::move(name)) {}

  const Kind kind;
  const bool server;                          // SSL: evaluating a server's certificate
  const std::optional<std::string> hostname;  // SSL: UTF-8 name to match, as given
};

struct ocfs_trust : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kTrust;
  ocfs_trust() : Object(kTypeId) {}

  // What an evaluation found: its verdict, the errSec code and OpenSSL's reason for a failure,
  // and the chain it built.
  struct Outcome {
    uint32_t result = OCFS_TRUST_RESULT_INVALID;
    int32_t status = OCFS_SEC_SUCCESS;
    std::string description;  // "“name” certificate is not trusted"
    std::string reason;       // OpenSSL's verification error text
    std::vector<ocfs::security::Ref<ocfs_certificate>> chain;
  };

  std::mutex mutex;                                                 // everything below
  std::vector<ocfs::security::Ref<ocfs_certificate>> certificates;  // leaf first, as given
  std::vector<ocfs::security::Ref<ocfs_policy>> policies;
  std::optional<std::vector<ocfs::security::Ref<ocfs_certificate>>> anchors;  // custom ones
  bool anchors_only = false;
  std::optional<double> verify_time;  // CFAbsoluteTime; none = now
  std::optional<Outcome> outcome;     // the last evaluation, dropped by any change
  // Certificates of earlier chains: kept alive with the trust, since an app may still hold one
  // borrowed from ocfs_trust_get_certificate_at_index.
  std::vector<ocfs::security::Ref<ocfs_certificate>> retired;
};

namespace ocfs::security {

// A new certificate object from DER bytes (exactly one certificate) or from a parsed X509 (its
// reference is taken over). Null on failure.
ocfs_certificate *make_certificate(const uint8_t *der, size_t length);
ocfs_certificate *make_certificate(X509Ptr x509);

// Every certificate in PEM text (one or more blocks) or one DER certificate; empty if none.
std::vector<X509Ptr> read_certificates(const uint8_t *data, size_t length);
// One unencrypted private key from PEM (any of OpenSSL's formats) or DER; null if none. Never
// asks for a password.
EvpPkeyPtr read_private_key(const uint8_t *data, size_t length);

// A new identity from a certificate and its key (checked to match). Null when they do not match
// or the key cannot be encoded.
ocfs_identity *make_identity(ocfs_certificate *certificate, EvpPkeyPtr key);

// A new trust over `certificates` (leaf first, at least one) with `policies` (empty: basic X.509).
ocfs_trust *make_trust(std::vector<Ref<ocfs_certificate>> certificates,
                       std::vector<Ref<ocfs_policy>> policies);

// The certificate's subject summary (see ocfs_certificate_copy_subject_summary) as UTF-8.
std::string subject_summary(const ocfs_certificate *certificate);

// A CFError in NSOSStatusErrorDomain with `status`, a description and a failure reason (+1).
ocfs_error_ref make_status_error(int32_t status, const std::string &description,
                                 const std::string &reason);

// OpenSSL's error queue as text, emptying it ("" when empty).
std::string take_openssl_errors();

}  // namespace ocfs::security

#endif  // OCFS_SRC_SECURITY_OBJECTS_HPP
