// The check every stream suite makes of a CopyError result, in one place.
#ifndef OCFS_TESTS_SUPPORT_CF_ERROR_CHECK_HPP
#define OCFS_TESTS_SUPPORT_CF_ERROR_CHECK_HPP

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace ocfs_test {

// A userInfo number as int64, or a value no test expects when it is missing or not a number.
inline int64_t user_info_number(ocfs_dictionary_ref info, const char *key_text) {
  auto key = str(key_text);
  ocfs_type_ref value = ocfs_dictionary_get_value(info, key);
  int64_t result = -12345;
  if (value == nullptr || ocfs_get_type_id(value) != ocfs_number_get_type_id()) return result;
  ocfs_number_get_value(static_cast<ocfs_number_ref>(value), OCFS_NUMBER_SINT64, &result);
  return result;
}

// Checks a CopyError result: domain string, code, and the _kCFStreamErrorDomainKey /
// _kCFStreamErrorCodeKey pair in userInfo. Takes ownership of `error`.
inline void expect_cf_error(ocfs_error_ref error, const char *domain, ocfs_index code,
                            ocfs_index stream_domain, int32_t stream_code) {
  Owned<ocfs_error_ref> owned(error);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(text(ocfs_error_get_domain(error)), domain);
  EXPECT_EQ(ocfs_error_get_code(error), code);
  Owned<ocfs_dictionary_ref> info(ocfs_error_copy_user_info(error));
  ASSERT_NE(info.get(), nullptr);
  EXPECT_EQ(user_info_number(info, "_kCFStreamErrorDomainKey"), stream_domain);
  EXPECT_EQ(user_info_number(info, "_kCFStreamErrorCodeKey"), stream_code);
}

}  // namespace ocfs_test

#endif  // OCFS_TESTS_SUPPORT_CF_ERROR_CHECK_HPP
