// CFURL, reduced to what file streams need: file URLs made from paths or "file:" strings.
//
// A file URL keeps its path in URL form: decoded, '/'-separated, no trailing slash except for the
// root, a Windows drive as "/C:/dir". Native paths (POSIX or Windows style) are derived from it on
// demand. A relative path records the working directory at creation as its base, as CF does.
#include <cstring>
#include <optional>

#include <opencfstream/url.h>

#include "cf/classes.hpp"
#include "cf/object.hpp"
#include "cf/string.hpp"
#include "cf/url.hpp"
#include "platform/platform.hpp"

struct ocfs_url : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kUrl;

  ocfs_url() : Object(kTypeId) {}
  ~ocfs_url() { ocfs_release(string); }

  ocfs_string_ref string = nullptr;  // the URL text
  bool is_file = false;
  bool is_directory = false;
  std::string path;            // URL-form path, see above (file URLs only)
  std::string base_directory;  // native working directory for a relative path
};

namespace ocfs::cf {
namespace {

constexpr char kPathCharacters[] = "-._~/!$&'()*+,=:@";
constexpr char kUrlCharacters[] = "-._~:/?#[]@!$&'()*+,;=%";

bool is_alphanumeric(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_one_of(unsigned char c, const char *set) {
  return c != '\0' && std::strchr(set, c) != nullptr;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_encode_path(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (is_alphanumeric(c) || is_one_of(c, kPathCharacters)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// CF's legal-string check: URL characters only, and every '%' followed by two hex digits.
bool is_legal_url_string(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!is_alphanumeric(c) && !is_one_of(c, kUrlCharacters)) return false;
    if (c == '%' &&
        (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0)) {
      return false;
    }
  }
  return true;
}

std::string percent_decode(std::string_view text) {  // input already checked legal
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Windows paths ("C:\dir\file") become "/C:/dir/file".
std::string url_form_of(std::string_view path, ocfs_url_path_style style) {
  std::string converted(path);
  if (style == OCFS_URL_WINDOWS_PATH_STYLE) {
    for (char &c : converted) {
      if (c == '\\') c = '/';
    }
    if (converted.size() >= 2 && converted[1] == ':') converted.insert(0, "/");
  }
  return converted;
}

std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/')
    path.pop_back();
  return path;
}

std::string windows_form_of(const std::string &path) {
  std::string converted = path;
  if (converted.size() >= 3 && converted[0] == '/' && converted[2] == ':') converted.erase(0, 1);
  for (char &c : converted) {
    if (c == '/') c = '\\';
  }
  return converted;
}

std::string native_form_of(const std::string &path) {
  return platform::native_paths_are_windows_style() ? windows_form_of(path) : path;
}

bool is_absolute(const std::string &path) {
  return !path.empty() && path[0] == '/';
}

ocfs_url *finish(ocfs_url *url, std::string text) {
  if (url == nullptr) return nullptr;
  url->string = make_string(std::move(text));
  if (url->string == nullptr) {
    ocfs_release(url);
    return nullptr;
  }
  return url;
}

ocfs_url *make_file_url(std::string url_path, bool is_directory) {
  ocfs_url *url = make<ocfs_url>();
  if (url == nullptr) return nullptr;
  url->is_file = true;
  url->path = without_trailing_slashes(std::move(url_path));
  url->is_directory = is_directory || url->path == "/";  // the root is always a directory
  if (!is_absolute(url->path)) url->base_directory = platform::current_directory();
  std::string text = is_absolute(url->path) ? "file://" : "";
  text += percent_encode_path(url->path);
  if (url->is_directory && url->path != "/") text += '/';
  return finish(url, std::move(text));
}

// The file path a "file:" URL string names (after the scheme), or nothing.
std::optional<std::string> file_path_of(std::string_view rest) {
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    size_t slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    if (slash == std::string_view::npos || (!host.empty() && host != "localhost")) {
      return std::nullopt;
    }
    rest.remove_prefix(slash);
  }
  if (rest.empty() || rest[0] != '/') return std::nullopt;
  std::string path = percent_decode(rest.substr(0, rest.find_first_of("?#")));
  if (path.find('\0') != std::string::npos || !is_valid_utf8(path)) return std::nullopt;
  return path;
}

// The directory a relative reference resolves against.
std::string directory_of(const ocfs_url &base) {
  if (base.is_directory) return base.path == "/" ? "" : base.path;
  size_t slash = base.path.rfind('/');
  return slash == std::string::npos ? "" : base.path.substr(0, slash);
}

}  // namespace

std::optional<std::string> native_path_of(ocfs_url_ref url, bool resolve_against_base) {
  const ocfs_url *u = as<ocfs_url>(url);
  if (u == nullptr || !u->is_file) return std::nullopt;
  std::string path = native_form_of(u->path);
  if (resolve_against_base && !is_absolute(u->path) && !u->base_directory.empty()) {
    path = u->base_directory + (platform::native_paths_are_windows_style() ? "\\" : "/") + path;
  }
  return path;
}

const Class kUrlClass = {
    "CFURL",
    destroy_as<ocfs_url>,
    [](const Object *a, const Object *b) {
      return ocfs_equal(static_cast<const ocfs_url *>(a)->string,
                        static_cast<const ocfs_url *>(b)->string) != 0;
    },
    [](const Object *object) { return ocfs_hash(static_cast<const ocfs_url *>(object)->string); },
    [](const Object *object) {
      return std::string(utf8_of(static_cast<const ocfs_url *>(object)->string));
    },
    nullptr,
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

ocfs_type_id ocfs_url_get_type_id(void) {
  return public_type_id(TypeId::kUrl);
}

ocfs_url_ref ocfs_url_create_with_file_system_path(ocfs_allocator_ref, ocfs_string_ref path,
                                                   ocfs_url_path_style style,
                                                   ocfs_bool is_directory) {
  if (!is_string(path)) return nullptr;
  if (style != OCFS_URL_POSIX_PATH_STYLE && style != OCFS_URL_WINDOWS_PATH_STYLE) return nullptr;
  std::string_view text = utf8_of(path);
  if (text.empty() || text.find('\0') != std::string_view::npos) return nullptr;
  return make_file_url(url_form_of(text, style), is_directory != 0);
}

ocfs_url_ref ocfs_url_create_from_file_system_representation(ocfs_allocator_ref,
                                                             const uint8_t *buffer,
                                                             ocfs_index length,
                                                             ocfs_bool is_directory) {
  if (buffer == nullptr || length <= 0) return nullptr;
  std::string path(reinterpret_cast<const char *>(buffer), static_cast<size_t>(length));
  if (path.find('\0') != std::string::npos || !is_valid_utf8(path)) return nullptr;
  ocfs_url_path_style style = ocfs::platform::native_paths_are_windows_style()
                                  ? OCFS_URL_WINDOWS_PATH_STYLE
                                  : OCFS_URL_POSIX_PATH_STYLE;
  return make_file_url(url_form_of(path, style), is_directory != 0);
}

ocfs_url_ref ocfs_url_create_with_string(ocfs_allocator_ref, ocfs_string_ref url_string,
                                         ocfs_url_ref base_url) {
  if (!is_string(url_string)) return nullptr;
  std::string_view text = utf8_of(url_string);
  if (text.empty() || !is_legal_url_string(text)) return nullptr;
  const ocfs_url *base = as<ocfs_url>(base_url);
  bool has_scheme =
      text.find(':') != std::string_view::npos && text.find(':') < text.find_first_of("/?#");
  if (!has_scheme && base != nullptr && base->is_file && text[0] != '/') {
    // A relative reference against a file URL: resolve it into an absolute file URL.
    std::string path = directory_of(*base) + "/" + percent_decode(text);
    return make_file_url(std::move(path), text.back() == '/');
  }
  ocfs_url *url = make<ocfs_url>();
  if (url == nullptr) return nullptr;
  if (text.substr(0, 5) == "file:") {
    if (auto path = file_path_of(text.substr(5))) {
      url->is_file = true;
      url->is_directory = path->back() == '/';
      url->path = without_trailing_slashes(std::move(*path));
    }
  }
  return finish(url, std::string(text));
}

ocfs_bool ocfs_url_get_file_system_representation(ocfs_url_ref url, ocfs_bool resolve_against_base,
                                                  uint8_t *buffer, ocfs_index max_length) {
  std::optional<std::string> path = native_path_of(url, resolve_against_base != 0);
  if (!path || buffer == nullptr || max_length <= 0) return OCFS_FALSE;
  if (path->size() + 1 > static_cast<size_t>(max_length)) return OCFS_FALSE;
  std::memcpy(buffer, path->c_str(), path->size() + 1);
  return OCFS_TRUE;
}

ocfs_string_ref ocfs_url_copy_file_system_path(ocfs_url_ref url, ocfs_url_path_style style) {
  const ocfs_url *u = as<ocfs_url>(url);
  if (u == nullptr || !u->is_file || style == OCFS_URL_HFS_PATH_STYLE) return nullptr;
  return make_string(style == OCFS_URL_WINDOWS_PATH_STYLE ? windows_form_of(u->path) : u->path);
}

ocfs_string_ref ocfs_url_get_string(ocfs_url_ref url) {
  const ocfs_url *u = as<ocfs_url>(url);
  return u != nullptr ? u->string : nullptr;
}

ocfs_bool ocfs_url_has_directory_path(ocfs_url_ref url) {
  const ocfs_url *u = as<ocfs_url>(url);
  return u != nullptr && u->is_directory ? OCFS_TRUE : OCFS_FALSE;
}

}  // extern "C"
