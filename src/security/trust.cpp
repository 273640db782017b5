// SecTrust: a certificate chain, the policies it must satisfy and the anchors it may end at,
// evaluated with OpenSSL's X509_verify_cert (never a hand-rolled check).
#include <ctime>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "cf/classes.hpp"
#include "cf/string.hpp"
#include "platform/platform.hpp"
#include "security/objects.hpp"
#include "tls/system_trust.hpp"

namespace ocfs::security {
namespace {

// CFAbsoluteTime counts from 2001-01-01 00:00:00 UTC.
constexpr double kUnixTimeOfAbsoluteZero = 978307200.0;

struct StoreFree {
  void operator()(X509_STORE *store) const noexcept { X509_STORE_free(store); }
};
struct StoreContextFree {
  void operator()(X509_STORE_CTX *context) const noexcept { X509_STORE_CTX_free(context); }
};
struct ChainFree {
  void operator()(STACK_OF(X509) * chain) const noexcept { sk_X509_pop_free(chain, X509_free); }
};
struct StackFree {  // a stack that borrows its certificates
  void operator()(STACK_OF(X509) * stack) const noexcept { sk_X509_free(stack); }
};
using StorePtr = std::unique_ptr<X509_STORE, StoreFree>;
using StoreContextPtr = std::unique_ptr<X509_STORE_CTX, StoreContextFree>;
using ChainPtr = std::unique_ptr<STACK_OF(X509), ChainFree>;
using StackPtr = std::unique_ptr<STACK_OF(X509), StackFree>;

using Certificates = std::vector<Ref<ocfs_certificate>>;
using Outcome = ocfs_trust::Outcome;

// The store an evaluation trusts: the system's roots (the TLS engine's own loader: OpenSSL's
// default paths, and the ROOT stores on Windows) unless only the custom anchors count, plus
// those anchors.
StorePtr make_store(const ocfs_trust &trust) {
  StorePtr store;
  if (!trust.anchors || !trust.anchors_only) {
    SSL_CTX *context = SSL_CTX_new(TLS_method());
    if (context == nullptr) return nullptr;
    tls::load_system_trust(context);
    X509_STORE *system = SSL_CTX_get_cert_store(context);
    if (system != nullptr && X509_STORE_up_ref(system) == 1) store.reset(system);
    SSL_CTX_free(context);
  } else {
    store.reset(X509_STORE_new());
  }
  if (!store) return nullptr;
  if (trust.anchors) {
    for (const Ref<ocfs_certificate> &anchor : *trust.anchors)
      X509_STORE_add_cert(store.get(), anchor->x509.get());  // a duplicate is not an error
  }
  ERR_clear_error();  // a missing default file or directory leaves errors behind
  return store;
}

// The host-name rule of an SSL policy on `param`: an IP literal against IP subjectAltNames, a
// DNS name with X509_check_host's rules without partial wildcards, one trailing dot ignored.
// False when the name cannot be used (empty, an embedded NUL): it then matches nothing.
bool apply_host_name(X509_VERIFY_PARAM *param, std::string name) {
  if (name.empty() || name.find('\0') != std::string::npos) return false;
  if (platform::is_numeric_host(name))
    return X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) == 1;
  if (name.back() == '.') name.pop_back();
  if (name.empty()) return false;
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return X509_VERIFY_PARAM_set1_host(param, name.data(), name.size()) == 1;
}

int32_t status_for(int verify_error) {
  switch (verify_error) {
    case X509_V_OK:
      return OCFS_SEC_SUCCESS;
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
      return OCFS_SEC_CERTIFICATE_EXPIRED;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return OCFS_SEC_HOST_NAME_MISMATCH;
    case X509_V_ERR_CERT_REVOKED:
      return OCFS_SEC_CERTIFICATE_REVOKED;
    case X509_V_ERR_INVALID_PURPOSE:
      return OCFS_SEC_INVALID_EXTENDED_KEY_USAGE;
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
      return OCFS_SEC_PATH_LENGTH_CONSTRAINT_EXCEEDED;
    default:
      return OCFS_SEC_NOT_TRUSTED;
  }
}

// Failures no setting can fix (Apple's FatalTrustFailure): a revoked, explicitly rejected or
// broken certificate. Everything else is recoverable (another anchor, name or time would do).
bool is_fatal(int verify_error) {
  switch (verify_error) {
    case X509_V_ERR_CERT_REVOKED:
    case X509_V_ERR_CERT_REJECTED:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
      return true;
    default:
      return false;
  }
}

std::string description_for(int verify_error, const std::string &name) {
  const std::string quoted = "\xE2\x80\x9C" + name + "\xE2\x80\x9D certificate ";  // “name”
  switch (verify_error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return quoted + "has expired";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return quoted + "is not yet valid";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return quoted + "name does not match the host name";
    case X509_V_ERR_CERT_REVOKED:
      return quoted + "has been revoked";
    case X509_V_ERR_INVALID_PURPOSE:
      return quoted + "is not permitted for this usage";
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
      return quoted + "chain is longer than its issuers allow";
    default:
      return quoted + "is not trusted";
  }
}

// The object for a certificate of a built chain: one the trust already holds (what it was given,
// its anchors, an earlier chain) when the certificate is the same, so borrowed references stay
// valid across evaluations; else a new one.
Ref<ocfs_certificate> certificate_for(X509 *x509, const std::vector<const Certificates *> &pools) {
  for (const Certificates *pool : pools) {
    for (const Ref<ocfs_certificate> &known : *pool) {
      if (known->x509.get() == x509 || X509_cmp(known->x509.get(), x509) == 0) return known;
    }
  }
  X509_up_ref(x509);
  return Ref<ocfs_certificate>(make_certificate(X509Ptr(x509)));
}

// One X509_verify_cert run for `policy`; the chain it built goes to `chain`.
int verify_once(const ocfs_trust &trust, X509_STORE *store, STACK_OF(X509) * untrusted,
                const ocfs_policy &policy, ChainPtr &chain, int &error_depth) {
  StoreContextPtr context(X509_STORE_CTX_new());
  X509 *leaf = trust.certificates.front()->x509.get();
  if (!context || X509_STORE_CTX_init(context.get(), store, leaf, untrusted) != 1) {
    error_depth = 0;
    return X509_V_ERR_OUT_OF_MEM;
  }
  X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(context.get());
  // Apple trusts an anchor wherever it sits in the chain (an intermediate, the leaf itself).
  if (trust.anchors && !trust.anchors->empty())
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  if (trust.verify_time) {
    X509_VERIFY_PARAM_set_time(param,
                               static_cast<time_t>(*trust.verify_time + kUnixTimeOfAbsoluteZero));
  }
  bool usable_name = true;
  if (policy.kind == ocfs_policy::Kind::kSsl) {
    X509_STORE_CTX_set_purpose(context.get(),
                               policy.server ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT);
    if (policy.hostname) usable_name = apply_host_name(param, *policy.hostname);
  }
  int verified = X509_verify_cert(context.get());
  int error = verified == 1 ? X509_V_OK : X509_STORE_CTX_get_error(context.get());
  error_depth = verified == 1 ? 0 : X509_STORE_CTX_get_error_depth(context.get());
  if (verified == 1 && !usable_name) error = X509_V_ERR_HOSTNAME_MISMATCH;
  if (verified != 1 && error == X509_V_OK) error = X509_V_ERR_UNSPECIFIED;
  chain.reset(X509_STORE_CTX_get1_chain(context.get()));
  ERR_clear_error();
  return error;
}

Outcome evaluate(ocfs_trust &trust) {
  Certificates &retired = trust.retired;
  Outcome outcome;
  StackPtr untrusted(sk_X509_new_null());
  StorePtr store = make_store(trust);
  if (!untrusted || !store || trust.certificates.empty()) {
    outcome.result = OCFS_TRUST_RESULT_OTHER_ERROR;
    outcome.status = OCFS_SEC_ALLOCATE;
    outcome.description = "The trust could not be evaluated.";
    outcome.reason = "out of memory";
    outcome.chain = trust.certificates;
    return outcome;
  }
  for (size_t i = 1; i < trust.certificates.size(); ++i)
    sk_X509_push(untrusted.get(), trust.certificates[i]->x509.get());

  int error = X509_V_OK;
  int depth = 0;
  ChainPtr chain;
  for (const Ref<ocfs_policy> &policy : trust.policies) {
    error = verify_once(trust, store.get(), untrusted.get(), *policy, chain, depth);
    if (error != X509_V_OK) break;
  }

  // The chain as built, made of the objects the trust already has where possible.
  Certificates previous = trust.outcome ? trust.outcome->chain : Certificates();
  static const Certificates kNone;
  std::vector<const Certificates *> pools = {
      &trust.certificates, trust.anchors ? &*trust.anchors : &kNone, &previous, &retired};
  for (int i = 0; chain && i < sk_X509_num(chain.get()); ++i) {
    Ref<ocfs_certificate> certificate = certificate_for(sk_X509_value(chain.get(), i), pools);
    if (certificate) outcome.chain.push_back(std::move(certificate));
  }
  if (outcome.chain.empty()) outcome.chain = trust.certificates;
  // Certificates of the previous chain stay alive with the trust (an app may still hold one it
  // got from ocfs_trust_get_certificate_at_index).
  for (Ref<ocfs_certificate> &old : previous) {
    bool kept = false;
    for (const auto *pool : {&outcome.chain, &retired})
      for (const auto &held : *pool)
        kept = kept || held.get() == old.get();
    if (!kept) retired.push_back(old);
  }

  outcome.status = status_for(error);
  if (error == X509_V_OK) {
    outcome.result = OCFS_TRUST_RESULT_UNSPECIFIED;
    return outcome;
  }
  outcome.result = is_fatal(error) ? OCFS_TRUST_RESULT_FATAL_TRUST_FAILURE
                                   : OCFS_TRUST_RESULT_RECOVERABLE_TRUST_FAILURE;
  const ocfs_certificate *culprit = depth >= 0 && static_cast<size_t>(depth) < outcome.chain.size()
                                        ? outcome.chain[static_cast<size_t>(depth)].get()
                                        : trust.certificates.front().get();
  outcome.description = description_for(error, subject_summary(culprit));
  outcome.reason = X509_verify_cert_error_string(error);
  if (depth > 0) outcome.reason += " (certificate " + std::to_string(depth) + " of the chain)";
  return outcome;
}

}  // namespace

ocfs_trust *make_trust(std::vector<Ref<ocfs_certificate>> certificates,
                       std::vector<Ref<ocfs_policy>> policies) {
  if (certificates.empty()) return nullptr;
  if (policies.empty()) {
    Ref<ocfs_policy> basic(ocfs_policy_create_basic_x509());
    if (!basic) return nullptr;
    policies.push_back(std::move(basic));
  }
  ocfs_trust *trust = cf::make<ocfs_trust>();
  if (trust == nullptr) return nullptr;
  trust->certificates = std::move(certificates);
  trust->policies = std::move(policies);
  return trust;
}

}  // namespace ocfs::security

namespace ocfs::cf {
namespace {

std::string describe_trust(const Object *object) {
  auto *trust = const_cast<ocfs_trust *>(static_cast<const ocfs_trust *>(object));
  std::lock_guard<std::mutex> lock(trust->mutex);
  std::string body = "certificates = " + std::to_string(trust->certificates.size()) +
                     ", leaf = " + security::subject_summary(trust->certificates.front().get());
  body += ", result = " + std::to_string(trust->outcome ? trust->outcome->result
                                                        : uint32_t{OCFS_TRUST_RESULT_INVALID});
  return described(object, body);
}

}  // namespace

const Class kTrustClass = {"SecTrust", destroy_as<ocfs_trust>, nullptr,
                           nullptr,    describe_trust,         nullptr};

}  // namespace ocfs::cf

namespace {

using ocfs::cf::as;
using ocfs::cf::TypeId;
using ocfs::security::Ref;

// One object of type T, or a CFArray of them (at least `minimum`); false for anything else.
template <typename T>
bool collect(ocfs_type_ref value, size_t minimum, std::vector<Ref<T>> &out) {
  out.clear();
  if (T *single = as<T>(value)) {
    out.emplace_back(ocfs::cf::retained(single));
    return true;
  }
  if (!ocfs::cf::is_a(value, TypeId::kArray)) return false;
  auto array = static_cast<ocfs_array_ref>(value);
  for (ocfs_index i = 0; i < ocfs_array_get_count(array); ++i) {
    T *element = as<T>(ocfs_array_get_value_at_index(array, i));
    if (element == nullptr) return false;
    out.emplace_back(ocfs::cf::retained(element));
  }
  return out.size() >= minimum;
}

ocfs_array_ref array_of(const std::vector<Ref<ocfs_certificate>> &certificates) {
  std::vector<const void *> values;
  for (const auto &certificate : certificates)
    values.push_back(certificate.get());
  return ocfs_array_create(nullptr, values.data(), static_cast<ocfs_index>(values.size()),
                           &ocfs_type_array_callbacks);
}

// The outcome of the last evaluation, evaluating first when there is none (or `fresh`).
const ocfs_trust::Outcome &outcome_of(ocfs_trust &trust, bool fresh) {
  if (fresh || !trust.outcome) trust.outcome = ocfs::security::evaluate(trust);
  return *trust.outcome;
}

}  // namespace

extern "C" {

ocfs_type_id ocfs_trust_get_type_id(void) {
  return ocfs::cf::public_type_id(TypeId::kTrust);
}

int32_t ocfs_trust_create_with_certificates(ocfs_type_ref certificates, ocfs_type_ref policies,
                                            ocfs_trust_ref *trust) {
  if (trust != nullptr) *trust = nullptr;
  std::vector<Ref<ocfs_certificate>> chain;
  std::vector<Ref<ocfs_policy>> rules;
  if (trust == nullptr || !collect(certificates, 1, chain) ||
      (policies != nullptr && !collect(policies, 0, rules))) {
    return OCFS_SEC_PARAM;
  }
  *trust = ocfs::security::make_trust(std::move(chain), std::move(rules));
  return *trust != nullptr ? OCFS_SEC_SUCCESS : OCFS_SEC_ALLOCATE;
}

int32_t ocfs_trust_set_policies(ocfs_trust_ref trust_ref, ocfs_type_ref policies) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  std::vector<Ref<ocfs_policy>> rules;
  if (trust == nullptr || !collect(policies, 0, rules)) return OCFS_SEC_PARAM;
  if (rules.empty()) {
    Ref<ocfs_policy> basic(ocfs_policy_create_basic_x509());
    if (!basic) return OCFS_SEC_ALLOCATE;
    rules.push_back(std::move(basic));
  }
  std::lock_guard<std::mutex> lock(trust->mutex);
  trust->policies = std::move(rules);
  trust->outcome.reset();
  return OCFS_SEC_SUCCESS;
}

int32_t ocfs_trust_copy_policies(ocfs_trust_ref trust_ref, ocfs_array_ref *policies) {
  if (policies != nullptr) *policies = nullptr;
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr || policies == nullptr) return OCFS_SEC_PARAM;
  std::lock_guard<std::mutex> lock(trust->mutex);
  std::vector<const void *> values;
  for (const auto &policy : trust->policies)
    values.push_back(policy.get());
  *policies = ocfs_array_create(nullptr, values.data(), static_cast<ocfs_index>(values.size()),
                                &ocfs_type_array_callbacks);
  return *policies != nullptr ? OCFS_SEC_SUCCESS : OCFS_SEC_ALLOCATE;
}

int32_t ocfs_trust_set_anchor_certificates(ocfs_trust_ref trust_ref, ocfs_array_ref anchors) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr) return OCFS_SEC_PARAM;
  std::optional<std::vector<Ref<ocfs_certificate>>> custom;
  if (anchors != nullptr) {
    custom.emplace();
    // An array only (a single certificate is not accepted, as on Apple).
    if (!ocfs::cf::is_a(anchors, TypeId::kArray) || !collect(anchors, 0, *custom))
      return OCFS_SEC_PARAM;
  }
  std::lock_guard<std::mutex> lock(trust->mutex);
  // Apple's rule: custom anchors are the only ones until AnchorCertificatesOnly(false); none
  // means the system's.
  trust->anchors_only = custom.has_value();
  trust->anchors = std::move(custom);
  trust->outcome.reset();
  return OCFS_SEC_SUCCESS;
}

int32_t ocfs_trust_set_anchor_certificates_only(ocfs_trust_ref trust_ref, ocfs_bool anchors_only) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr) return OCFS_SEC_PARAM;
  std::lock_guard<std::mutex> lock(trust->mutex);
  trust->anchors_only = anchors_only != OCFS_FALSE;
  trust->outcome.reset();
  return OCFS_SEC_SUCCESS;
}

int32_t ocfs_trust_copy_custom_anchor_certificates(ocfs_trust_ref trust_ref,
                                                   ocfs_array_ref *anchors) {
  if (anchors != nullptr) *anchors = nullptr;
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr || anchors == nullptr) return OCFS_SEC_PARAM;
  std::lock_guard<std::mutex> lock(trust->mutex);
  if (!trust->anchors) return OCFS_SEC_SUCCESS;
  *anchors = array_of(*trust->anchors);
  return *anchors != nullptr ? OCFS_SEC_SUCCESS : OCFS_SEC_ALLOCATE;
}

int32_t ocfs_trust_set_verify_time(ocfs_trust_ref trust_ref, double absolute_time) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr || !(absolute_time == absolute_time)) return OCFS_SEC_PARAM;  // NaN
  std::lock_guard<std::mutex> lock(trust->mutex);
  trust->verify_time = absolute_time;
  trust->outcome.reset();
  return OCFS_SEC_SUCCESS;
}

ocfs_index ocfs_trust_get_certificate_count(ocfs_trust_ref trust_ref) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr) return 0;
  std::lock_guard<std::mutex> lock(trust->mutex);
  return static_cast<ocfs_index>(outcome_of(*trust, false).chain.size());
}

ocfs_certificate_ref ocfs_trust_get_certificate_at_index(ocfs_trust_ref trust_ref,
                                                         ocfs_index index) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr || index < 0) return nullptr;
  std::lock_guard<std::mutex> lock(trust->mutex);
  const auto &chain = outcome_of(*trust, false).chain;
  return static_cast<size_t>(index) < chain.size() ? chain[static_cast<size_t>(index)].get()
                                                   : nullptr;
}

ocfs_array_ref ocfs_trust_copy_certificate_chain(ocfs_trust_ref trust_ref) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr) return nullptr;
  std::lock_guard<std::mutex> lock(trust->mutex);
  return array_of(outcome_of(*trust, false).chain);
}

ocfs_bool ocfs_trust_evaluate_with_error(ocfs_trust_ref trust_ref, ocfs_error_ref *error) {
  if (error != nullptr) *error = nullptr;
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (trust == nullptr) {
    if (error != nullptr) {
      *error = ocfs::security::make_status_error(
          OCFS_SEC_PARAM, "The trust could not be evaluated.", "not a SecTrust");
    }
    return OCFS_FALSE;
  }
  std::lock_guard<std::mutex> lock(trust->mutex);
  const auto &outcome = outcome_of(*trust, true);
  bool trusted = outcome.result == OCFS_TRUST_RESULT_UNSPECIFIED ||
                 outcome.result == OCFS_TRUST_RESULT_PROCEED;
  if (!trusted && error != nullptr)
    *error = ocfs::security::make_status_error(outcome.status, outcome.description, outcome.reason);
  return trusted ? OCFS_TRUE : OCFS_FALSE;
}

int32_t ocfs_trust_evaluate(ocfs_trust_ref trust_ref, uint32_t *result) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (result != nullptr) *result = OCFS_TRUST_RESULT_INVALID;
  if (trust == nullptr || result == nullptr) return OCFS_SEC_PARAM;
  std::lock_guard<std::mutex> lock(trust->mutex);
  *result = outcome_of(*trust, true).result;
  return OCFS_SEC_SUCCESS;
}

int32_t ocfs_trust_get_trust_result(ocfs_trust_ref trust_ref, uint32_t *result) {
  ocfs_trust *trust = as<ocfs_trust>(trust_ref);
  if (result != nullptr) *result = OCFS_TRUST_RESULT_INVALID;
  if (trust == nullptr || result == nullptr) return OCFS_SEC_PARAM;
  std::lock_guard<std::mutex> lock(trust->mutex);
  if (trust->outcome) *result = trust->outcome->result;
  return OCFS_SEC_SUCCESS;
}

}  // extern "C"
