// Helpers for stream tests: expected-error checks and temporary files.
#ifndef OCFS_TESTS_STREAM_STREAM_TEST_UTIL_HPP
#define OCFS_TESTS_STREAM_STREAM_TEST_UTIL_HPP

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cf_error_check.hpp"
#include "cf_test_util.hpp"

namespace ocfs_test {

inline std::vector<uint8_t> bytes_of(const std::string &text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

inline int64_t number_value(ocfs_type_ref number) {
  int64_t value = -1;
  EXPECT_TRUE(
      ocfs_number_get_value(static_cast<ocfs_number_ref>(number), OCFS_NUMBER_SINT64, &value));
  return value;
}

// A fresh temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    auto base = std::filesystem::temp_directory_path();
    for (int i = 0;; ++i) {
      path_ = base /
              ("ocfs-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "-" + std::to_string(i) + "-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
      if (std::filesystem::create_directory(path_)) break;
    }
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string &name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline Owned<ocfs_url_ref> file_url(const std::string &path) {
  Owned<ocfs_string_ref> string(
      ocfs_string_create_with_cstring(nullptr, path.c_str(), OCFS_STRING_ENCODING_UTF8));
#ifdef _WIN32
  ocfs_url_path_style style = OCFS_URL_WINDOWS_PATH_STYLE;
#else
  ocfs_url_path_style style = OCFS_URL_POSIX_PATH_STYLE;
#endif
  return own(ocfs_url_create_with_file_system_path(nullptr, string, style, OCFS_FALSE));
}

inline std::string read_file(const std::string &path) {
  std::string content;
  if (FILE *f = std::fopen(path.c_str(), "rb")) {
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
      content.append(buffer, n);
    std::fclose(f);
  }
  return content;
}

inline void write_file(const std::string &path, const std::string &content) {
  FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(content.data(), 1, content.size(), f);
  std::fclose(f);
}

}  // namespace ocfs_test

#endif  // OCFS_TESTS_STREAM_STREAM_TEST_UTIL_HPP
