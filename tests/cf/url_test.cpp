// CFURL, file-URL subset: paths to URLs and back, percent escapes, directories, non-file URLs.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::take_text;
using ocfs_test::text;

constexpr const char *kNoRepresentation = "<no file system representation>";

// A file URL keeps its path in URL form ("/tmp/a b", a drive as "/C:/dir"); the file-system
// representation is the native path. On POSIX that is the URL form itself; on Windows the '/'
// before a drive letter is dropped and every '/' becomes '\\' ("/C:/dir/f" -> "C:\\dir\\f",
// "/tmp/a b" -> "\\tmp\\a b"). Used only for representation expectations and inputs.
std::string native(const char *url_form) {
  std::string path = url_form;
#ifdef _WIN32
  if (path.size() >= 3 && path[0] == '/' && path[2] == ':') path.erase(0, 1);
  std::replace(path.begin(), path.end(), '/', '\\');
#endif
  return path;
}

#ifdef _WIN32
constexpr const char *kNativeSeparator = "\\";
#else
constexpr const char *kNativeSeparator = "/";
#endif

// The working directory as a UTF-8 native path, as the library records it for relative paths.
std::string working_directory() {
  std::error_code error;
  std::filesystem::path cwd = std::filesystem::current_path(error);
  if (error) return {};
  std::u8string utf8 = cwd.u8string();
  return std::string(utf8.begin(), utf8.end());
}

Owned<ocfs_url_ref> url_from_path(const char *path, ocfs_bool is_directory = OCFS_FALSE,
                                  ocfs_url_path_style style = OCFS_URL_POSIX_PATH_STYLE) {
  return own(ocfs_url_create_with_file_system_path(nullptr, str(path), style, is_directory));
}

Owned<ocfs_url_ref> url_from_string(const char *url_string) {
  return own(ocfs_url_create_with_string(nullptr, str(url_string), nullptr));
}

// The native path through ocfs_url_get_file_system_representation.
std::string representation(ocfs_url_ref url, ocfs_bool resolve_against_base = OCFS_TRUE) {
  uint8_t buffer[4096];
  if (!ocfs_url_get_file_system_representation(url, resolve_against_base, buffer, sizeof buffer)) {
    return kNoRepresentation;
  }
  return reinterpret_cast<const char *>(buffer);
}

std::string path_of(ocfs_url_ref url, ocfs_url_path_style style = OCFS_URL_POSIX_PATH_STYLE) {
  return take_text(ocfs_url_copy_file_system_path(url, style));
}

// ---- From file-system paths ------------------------------------------------------------------

struct PathCase {
  const char *name;
  const char *path;
  bool is_directory;
  const char *url_string;
  const char *posix_path;  // copied POSIX-style path (URL form); native() of it is the
                           // file-system representation (not resolved)
  bool has_directory_path;
};

void PrintTo(const PathCase &c, std::ostream *os) {
  *os << c.name;
}

class UrlFromPath : public testing::TestWithParam<PathCase> {};

TEST_P(UrlFromPath, MakesTheExpectedFileUrl) {
  const PathCase &c = GetParam();
  auto url = url_from_path(c.path, c.is_directory ? OCFS_TRUE : OCFS_FALSE);
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(url), ocfs_url_get_type_id());
  EXPECT_EQ(text(ocfs_url_get_string(url)), c.url_string);
  EXPECT_EQ(representation(url, OCFS_FALSE), native(c.posix_path));
  EXPECT_EQ(path_of(url), c.posix_path);
  EXPECT_EQ(ocfs_url_has_directory_path(url), c.has_directory_path ? OCFS_TRUE : OCFS_FALSE);
}

INSTANTIATE_TEST_SUITE_P(
    UrlPaths, UrlFromPath,
    testing::Values(
        PathCase{"SpaceIsEscaped", "/tmp/a b", false, "file:///tmp/a%20b", "/tmp/a b", false},
        PathCase{"PlainPath", "/usr/lib/x.so", false, "file:///usr/lib/x.so", "/usr/lib/x.so",
                 false},
        PathCase{"PercentIsEscaped", "/tmp/100%", false, "file:///tmp/100%25", "/tmp/100%", false},
        PathCase{"HashAndQuestionMarkAreEscaped", "/tmp/a#b?c", false, "file:///tmp/a%23b%3Fc",
                 "/tmp/a#b?c", false},
        PathCase{"NonPathCharactersAreEscaped", "/tmp/a;b[c]{d}|e^f`g<h>\"i\\j", false,
                 "file:///tmp/a%3Bb%5Bc%5D%7Bd%7D%7Ce%5Ef%60g%3Ch%3E%22i%5Cj",
                 "/tmp/a;b[c]{d}|e^f`g<h>\"i\\j", false},
        PathCase{"PathCharactersAreKept", "/tmp/a:b@c!$&'()*+,=~-._", false,
                 "file:///tmp/a:b@c!$&'()*+,=~-._", "/tmp/a:b@c!$&'()*+,=~-._", false},
        PathCase{"NonAsciiIsEscapedAsUtf8", "/tmp/\u00e9t\u00e9", false,
                 "file:///tmp/%C3%A9t%C3%A9", "/tmp/\u00e9t\u00e9", false},
        PathCase{"DirectoryGetsTrailingSlash", "/tmp/dir", true, "file:///tmp/dir/", "/tmp/dir",
                 true},
        PathCase{"DirectoryKeepsSingleSlash", "/tmp/dir/", true, "file:///tmp/dir/", "/tmp/dir",
                 true},
        PathCase{"FileDropsTrailingSlash", "/tmp/dir/", false, "file:///tmp/dir", "/tmp/dir",
                 false},
        PathCase{"RootDirectory", "/", true, "file:///", "/", true},
        PathCase{"RootIsAlwaysADirectory", "/", false, "file:///", "/", true},
        PathCase{"RelativePathStaysRelative", "dir/file name", false, "dir/file%20name",
                 "dir/file name", false},
        PathCase{"RelativeDirectory", "sub", true, "sub/", "sub", true}),
    [](const testing::TestParamInfo<PathCase> &param_info) { return param_info.param.name; });

TEST(Url, AbsolutePathIsTheSameResolvedOrNot) {
  auto url = url_from_path("/tmp/a b");
  EXPECT_EQ(representation(url, OCFS_TRUE), native("/tmp/a b"));
  EXPECT_EQ(representation(url, OCFS_FALSE), native("/tmp/a b"));
}

TEST(Url, RelativePathResolvesAgainstTheWorkingDirectory) {
  const std::string cwd = working_directory();
  ASSERT_FALSE(cwd.empty());
  auto url = url_from_path("dir/file name");
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(representation(url, OCFS_FALSE), native("dir/file name"));
  EXPECT_EQ(representation(url, OCFS_TRUE), cwd + kNativeSeparator + native("dir/file name"));
}

TEST(Url, WindowsStylePathBecomesFileUrl) {
  auto url = url_from_path("C:\\dir\\f", OCFS_FALSE, OCFS_URL_WINDOWS_PATH_STYLE);
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(text(ocfs_url_get_string(url)), "file:///C:/dir/f");
  EXPECT_EQ(path_of(url, OCFS_URL_WINDOWS_PATH_STYLE), "C:\\dir\\f");
  EXPECT_EQ(path_of(url), "/C:/dir/f");  // the POSIX style gives the URL form everywhere
  EXPECT_EQ(representation(url), native("/C:/dir/f"));
}

TEST(Url, WindowsStyleDirectory) {
  auto url = url_from_path("C:\\dir", OCFS_TRUE, OCFS_URL_WINDOWS_PATH_STYLE);
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(text(ocfs_url_get_string(url)), "file:///C:/dir/");
  EXPECT_TRUE(ocfs_url_has_directory_path(url));
}

TEST(Url, HfsStyleIsRejected) {
  EXPECT_EQ(url_from_path("Macintosh HD:tmp:x", OCFS_FALSE, OCFS_URL_HFS_PATH_STYLE).get(),
            nullptr);
}

TEST(Url, EmptyOrNullPathIsRejected) {
  EXPECT_EQ(url_from_path("").get(), nullptr);
  EXPECT_EQ(url_from_path("", OCFS_TRUE).get(), nullptr);
  EXPECT_EQ(ocfs_url_create_with_file_system_path(nullptr, nullptr, OCFS_URL_POSIX_PATH_STYLE,
                                                  OCFS_FALSE),
            nullptr);
}

TEST(Url, PathWithNulIsRejected) {
  const uint8_t bytes[] = {'/', 't', 'm', 'p', '\0', 'x'};
  auto path = own(ocfs_string_create_with_bytes(nullptr, bytes, sizeof bytes,
                                                OCFS_STRING_ENCODING_UTF8, OCFS_FALSE));
  ASSERT_NE(path.get(), nullptr);
  ASSERT_EQ(ocfs_string_get_length(path), 6);
  EXPECT_EQ(
      ocfs_url_create_with_file_system_path(nullptr, path, OCFS_URL_POSIX_PATH_STYLE, OCFS_FALSE),
      nullptr);
  EXPECT_EQ(
      ocfs_url_create_from_file_system_representation(nullptr, bytes, sizeof bytes, OCFS_FALSE),
      nullptr);
}

TEST(Url, LiteralPathString) {
  auto url = own(ocfs_url_create_with_file_system_path(nullptr, OCFS_STR("/var/log"),
                                                       OCFS_URL_POSIX_PATH_STYLE, OCFS_FALSE));
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(text(ocfs_url_get_string(url)), "file:///var/log");
}

// ---- From file-system representations --------------------------------------------------------

// The input is a native path ("\\tmp\\a b" on Windows).
TEST(Url, FromFileSystemRepresentation) {
  const std::string path = native("/tmp/a b");
  auto url = own(ocfs_url_create_from_file_system_representation(
      nullptr, reinterpret_cast<const uint8_t *>(path.data()), static_cast<ocfs_index>(path.size()),
      OCFS_FALSE));
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(text(ocfs_url_get_string(url)), "file:///tmp/a%20b");
  EXPECT_EQ(representation(url), path);
  EXPECT_EQ(path_of(url), "/tmp/a b");
  EXPECT_FALSE(ocfs_url_has_directory_path(url));
}

TEST(Url, FromFileSystemRepresentationUsesOnlyLengthBytes) {
  const std::string path = native("/tmp/abcdef");
  auto url = own(ocfs_url_create_from_file_system_representation(
      nullptr, reinterpret_cast<const uint8_t *>(path.data()), 6, OCFS_TRUE));
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(text(ocfs_url_get_string(url)), "file:///tmp/a/");
  EXPECT_EQ(representation(url), native("/tmp/a"));
  EXPECT_TRUE(ocfs_url_has_directory_path(url));
}

TEST(Url, FromEmptyFileSystemRepresentationIsRejected) {
  const uint8_t byte = '/';
  EXPECT_EQ(ocfs_url_create_from_file_system_representation(nullptr, &byte, 0, OCFS_FALSE),
            nullptr);
}

// ---- From URL strings -----------------------------------------------------------------------

struct StringCase {
  const char *name;
  const char *url_string;
  const char *posix_path;  // kNoRepresentation for a URL without a file path
  bool is_directory;
};

void PrintTo(const StringCase &c, std::ostream *os) {
  *os << c.name;
}

class UrlFromString : public testing::TestWithParam<StringCase> {};

TEST_P(UrlFromString, ParsesTheFilePath) {
  const StringCase &c = GetParam();
  auto url = url_from_string(c.url_string);
  ASSERT_NE(url.get(), nullptr);
  EXPECT_EQ(text(ocfs_url_get_string(url)), c.url_string);
  if (std::strcmp(c.posix_path, kNoRepresentation) == 0) {
    EXPECT_EQ(representation(url), kNoRepresentation);
    EXPECT_EQ(ocfs_url_copy_file_system_path(url, OCFS_URL_POSIX_PATH_STYLE), nullptr);
  } else {
    EXPECT_EQ(representation(url), native(c.posix_path));
    EXPECT_EQ(path_of(url), c.posix_path);
  }
  EXPECT_EQ(ocfs_url_has_directory_path(url), c.is_directory ? OCFS_TRUE : OCFS_FALSE);
}

INSTANTIATE_TEST_SUITE_P(
    UrlStrings, UrlFromString,
    testing::Values(StringCase{"EscapesAreDecoded", "file:///tmp/x%41", "/tmp/xA", false},
                    StringCase{"LowercaseEscapes", "file:///tmp/x%4a%20y", "/tmp/xJ y", false},
                    StringCase{"Localhost", "file://localhost/tmp", "/tmp", false},
                    StringCase{"NoAuthority", "file:/tmp/x", "/tmp/x", false},
                    StringCase{"DirectoryUrl", "file:///tmp/dir/", "/tmp/dir", true},
                    StringCase{"Root", "file:///", "/", true},
                    StringCase{"HttpHasNoFilePath", "http://example.invalid/index.html",
                               kNoRepresentation, false},
                    StringCase{"EscapedNulHasNoFilePath", "file:///tmp/a%00b", kNoRepresentation,
                               false}),
    [](const testing::TestParamInfo<StringCase> &param_info) { return param_info.param.name; });

TEST(Url, IllegalUrlStringsAreRejected) {
  // CFURLCreateWithString returns NULL for a malformed percent escape or an illegal character.
  for (const char *illegal : {"file:///tmp/%4", "file:///tmp/%zz", "file:///tmp/a b"}) {
    EXPECT_EQ(url_from_string(illegal).get(), nullptr) << illegal;
  }
}

TEST(Url, NullStringIsRejected) {
  EXPECT_EQ(ocfs_url_create_with_string(nullptr, nullptr, nullptr), nullptr);
}

// ---- File-system representation buffers -----------------------------------------------------

TEST(Url, RepresentationNeedsRoomForTheNul) {
  auto url = url_from_path("/tmp/a b");  // 8 bytes + NUL
  uint8_t buffer[16];
  std::memset(buffer, 'x', sizeof buffer);
  EXPECT_FALSE(ocfs_url_get_file_system_representation(url, OCFS_TRUE, buffer, 8));
  EXPECT_FALSE(ocfs_url_get_file_system_representation(url, OCFS_TRUE, buffer, 0));
  EXPECT_TRUE(ocfs_url_get_file_system_representation(url, OCFS_TRUE, buffer, 9));
  EXPECT_EQ(std::memcmp(buffer, native("/tmp/a b").c_str(), 9), 0);
  EXPECT_EQ(buffer[9], 'x');
}

// ---- Equality and formatting ----------------------------------------------------------------

TEST(Url, EqualityComparesTheUrlString) {
  auto from_path = url_from_path("/tmp/a b");
  auto same_path = url_from_path("/tmp/a b");
  auto from_string = url_from_string("file:///tmp/a%20b");
  auto directory = url_from_path("/tmp/a b", OCFS_TRUE);
  auto other = url_from_path("/tmp/a c");

  EXPECT_TRUE(ocfs_equal(from_path, same_path));
  EXPECT_EQ(ocfs_hash(from_path), ocfs_hash(same_path));
  EXPECT_TRUE(ocfs_equal(from_path, from_string));
  EXPECT_EQ(ocfs_hash(from_path), ocfs_hash(from_string));
  EXPECT_FALSE(ocfs_equal(from_path, directory));
  EXPECT_FALSE(ocfs_equal(from_path, other));
  EXPECT_FALSE(ocfs_equal(from_path, ocfs_url_get_string(from_path)));  // a URL is not a string
}

TEST(Url, FormatGivesTheUrlString) {
  auto url = url_from_path("/tmp/a b");
  EXPECT_EQ(
      take_text(ocfs_string_create_with_format(nullptr, nullptr, OCFS_STR("<%@>"), url.get())),
      "<file:///tmp/a%20b>");
}

}  // namespace
