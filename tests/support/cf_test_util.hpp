// Small RAII and comparison helpers shared by the test suites.
#ifndef OCFS_TESTS_SUPPORT_CF_TEST_UTIL_HPP
#define OCFS_TESTS_SUPPORT_CF_TEST_UTIL_HPP

#include <string>
#include <utility>

#include <opencfstream/ocfs.h>

namespace ocfs_test {

// Owns one reference; releases it when it goes out of scope.
template <typename Ref>
class Owned {
 public:
  Owned() = default;
  explicit Owned(Ref ref) : ref_(ref) {}
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  Owned(Owned &&other) noexcept : ref_(std::exchange(other.ref_, nullptr)) {}
  Owned &operator=(Owned &&other) noexcept {
    reset(std::exchange(other.ref_, nullptr));
    return *this;
  }
  ~Owned() { reset(); }

  Ref get() const { return ref_; }
  operator Ref() const { return ref_; }
  Ref *out() {
    reset();
    return &ref_;
  }
  void reset(Ref ref = nullptr) {
    if (ref_ != nullptr) ocfs_release(ref_);
    ref_ = ref;
  }

 private:
  Ref ref_ = nullptr;
};

template <typename Ref>
Owned<Ref> own(Ref ref) {
  return Owned<Ref>(ref);
}

// A string's UTF-8 text ("<null>" for NULL), for readable assertions.
inline std::string text(ocfs_string_ref string) {
  if (string == nullptr) return "<null>";
  const char *bytes = ocfs_string_get_cstring_ptr(string, OCFS_STRING_ENCODING_UTF8);
  return bytes != nullptr ? bytes : "<not UTF-8>";
}

// Takes ownership of a +1 string and returns its text.
inline std::string take_text(ocfs_string_ref string) {
  Owned<ocfs_string_ref> owned(string);
  return text(string);
}

inline Owned<ocfs_string_ref> str(const char *utf8) {
  return own(ocfs_string_create_with_cstring(nullptr, utf8, OCFS_STRING_ENCODING_UTF8));
}

}  // namespace ocfs_test

#endif  // OCFS_TESTS_SUPPORT_CF_TEST_UTIL_HPP
