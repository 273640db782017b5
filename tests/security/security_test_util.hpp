// Helpers shared by the Security object tests: CF wrappers for test certificates and keys, error
// checks, and a scoped environment variable for system-trust tests.
#ifndef OCFS_TESTS_SECURITY_SECURITY_TEST_UTIL_HPP
#define OCFS_TESTS_SECURITY_SECURITY_TEST_UTIL_HPP

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <opencfstream/ocfs.h>

#include "cf_test_util.hpp"
#include "tls/test_certificates.hpp"

namespace ocfs_test::security {

using ocfs_test::tls::KeyAndCert;
using ocfs_test::tls::TestPki;

// Any reference as another reference type (for wrong-type argument tests and array values).
template <typename To>
To ref_cast(ocfs_type_ref ref) {
  return static_cast<To>(const_cast<void *>(ref));
}

inline Owned<ocfs_data_ref> data_of(const std::vector<uint8_t> &bytes) {
  return own(ocfs_data_create(nullptr, bytes.data(), static_cast<ocfs_index>(bytes.size())));
}

inline Owned<ocfs_data_ref> data_of(const std::string &bytes) {
  return own(ocfs_data_create(nullptr, reinterpret_cast<const uint8_t *>(bytes.data()),
                              static_cast<ocfs_index>(bytes.size())));
}

inline std::vector<uint8_t> bytes_of(ocfs_data_ref data) {
  if (data == nullptr) return {};
  const uint8_t *bytes = ocfs_data_get_byte_ptr(data);
  return std::vector<uint8_t>(bytes, bytes + ocfs_data_get_length(data));
}

inline Owned<ocfs_certificate_ref> certificate_of(const KeyAndCert &leaf) {
  return own(ocfs_certificate_create_with_data(nullptr, data_of(leaf.der_cert())));
}

// A CFArray of the given objects (retained by the array).
inline Owned<ocfs_array_ref> array_of(std::initializer_list<ocfs_type_ref> values) {
  std::vector<const void *> items(values.begin(), values.end());
  return own(ocfs_array_create(nullptr, items.data(), static_cast<ocfs_index>(items.size()),
                               &ocfs_type_array_callbacks));
}

inline std::vector<uint8_t> der_at(ocfs_trust_ref trust, ocfs_index index) {
  ocfs_certificate_ref certificate = ocfs_trust_get_certificate_at_index(trust, index);
  if (certificate == nullptr) return {};
  Owned<ocfs_data_ref> data(ocfs_certificate_copy_data(certificate));
  return bytes_of(data);
}

// The parts of a CFError a test looks at.
struct ErrorParts {
  std::string domain;
  ocfs_index code = 0;
  std::string description;
  std::string reason;
};

// Takes ownership of `error`.
inline ErrorParts parts_of(ocfs_error_ref error) {
  Owned<ocfs_error_ref> owned(error);
  ErrorParts parts;
  if (error == nullptr) return parts;
  parts.domain = text(ocfs_error_get_domain(error));
  parts.code = ocfs_error_get_code(error);
  parts.description = take_text(ocfs_error_copy_description(error));
  parts.reason = take_text(ocfs_error_copy_failure_reason(error));
  return parts;
}

// Sets (or with nullopt removes) an environment variable for the scope, restoring it after.
class ScopedEnv {
 public:
  ScopedEnv(const char *name, const std::optional<std::string> &value) : name_(name) {
    if (const char *old = std::getenv(name)) old_ = old;
    set(value);
  }
  ~ScopedEnv() { set(old_); }
  ScopedEnv(const ScopedEnv &) = delete;
  ScopedEnv &operator=(const ScopedEnv &) = delete;

 private:
  void set(const std::optional<std::string> &value) {
#ifdef _WIN32
    _putenv_s(name_.c_str(), value ? value->c_str() : "");
#else
    if (value)
      setenv(name_.c_str(), value->c_str(), 1);
    else
      unsetenv(name_.c_str());
#endif
  }

  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace ocfs_test::security

#endif  // OCFS_TESTS_SECURITY_SECURITY_TEST_UTIL_HPP
