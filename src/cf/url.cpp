// CFURL, reduced to what file streams need: file URLs made from paths or "file:" strings.
#include <cstring>
#include <optional>

#include <opencfstream/url.h>

#include "cf/classes.hpp"
#include "cf/object.hpp"
#include "cf/string.hpp"

struct ocfs_url : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kUrl;

  ocfs_url() : Object(kTypeId) {}
  ~ocfs_url() { ocfs_release(string); }

  ocfs_string_ref string = nullptr;  // the URL text
  std::string path;                  // native path, empty for non-file URLs
  bool is_file = false;
  bool is_directory = false;
};

namespace ocfs::cf {
namespace {

bool is_unreserved_path_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::strchr("-._~/!$&'()*+,;=:@", c) != nullptr;
}

std::string percent_encode_path(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (c != '\0' && is_unreserved_path_byte(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Windows paths ("C:\dir\file") become "/C:/dir/file" inside a URL.
std::string url_path_of(std::string_view path, ocfs_url_path_style style) {
  std::string converted(path);
  if (style == OCFS_URL_WINDOWS_PATH_STYLE) {
    for (char &c : converted) {
      if (c == '\\') c = '/';
    }
    if (converted.size() >= 2 && converted[1] == ':') converted.insert(0, "/");
  }
  return converted;
}

ocfs_url *make_file_url(std::string path, std::string url_path, bool is_directory) {
  if (is_directory && (url_path.empty() || url_path.back() != '/')) url_path += '/';
  bool absolute = !url_path.empty() && url_path[0] == '/';
  std::string text = (absolute ? "file://" : "") + percent_encode_path(url_path);
  ocfs_url *url = make<ocfs_url>();
  if (url == nullptr) return nullptr;
  url->string = make_string(std::move(text));
  // A directory path keeps no trailing slash in its file-system form ("/" stays "/").
  while (path.size() > 1 && (path.back() == '/' || path.back() == '\\')) path.pop_back();
  url->path = std::move(path);
  url->is_file = true;
  url->is_directory = is_directory;
  if (url->string == nullptr) {
    ocfs_release(url);
    return nullptr;
  }
  return url;
}

}  // namespace

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

ocfs_type_id ocfs_url_get_type_id(void) { return public_type_id(TypeId::kUrl); }

ocfs_url_ref ocfs_url_create_with_file_system_path(ocfs_allocator_ref, ocfs_string_ref path,
                                                   ocfs_url_path_style style,
                                                   ocfs_bool is_directory) {
  if (!is_string(path) || style == OCFS_URL_HFS_PATH_STYLE) return nullptr;
  if (style != OCFS_URL_POSIX_PATH_STYLE && style != OCFS_URL_WINDOWS_PATH_STYLE) return nullptr;
  std::string_view text = utf8_of(path);
  if (text.empty() || text.find('\0') != std::string_view::npos) return nullptr;
  return make_file_url(std::string(text), url_path_of(text, style), is_directory != 0);
}

ocfs_url_ref ocfs_url_create_from_file_system_representation(ocfs_allocator_ref,
                                                             const uint8_t *buffer,
                                                             ocfs_index length,
                                                             ocfs_bool is_directory) {
  if (buffer == nullptr || length <= 0) return nullptr;
  std::string path(reinterpret_cast<const char *>(buffer), static_cast<size_t>(length));
  if (path.find('\0') != std::string::npos || !is_valid_utf8(path)) return nullptr;
  return make_file_url(path, path, is_directory != 0);
}

ocfs_url_ref ocfs_url_create_with_string(ocfs_allocator_ref, ocfs_string_ref url_string,
                                         ocfs_url_ref) {
  if (!is_string(url_string) || utf8_of(url_string).empty()) return nullptr;
  std::string_view text = utf8_of(url_string);
  ocfs_url *url = make<ocfs_url>();
  if (url == nullptr) return nullptr;
  url->string = static_cast<ocfs_string_ref>(ocfs_string_create_copy(nullptr, url_string));
  for (std::string_view prefix : {"file://localhost/", "file:///"}) {
    if (text.substr(0, prefix.size()) != prefix) continue;
    auto path = percent_decode(text.substr(prefix.size() - 1));
    if (path && path->find('\0') == std::string::npos) {
      url->is_file = true;
      url->is_directory = path->size() > 1 && path->back() == '/';
      while (path->size() > 1 && path->back() == '/') path->pop_back();
      url->path = std::move(*path);
    }
    break;
  }
  return url;
}

ocfs_bool ocfs_url_get_file_system_representation(ocfs_url_ref url, ocfs_bool, uint8_t *buffer,
                                                  ocfs_index max_length) {
  const ocfs_url *u = as<ocfs_url>(url);
  if (u == nullptr || !u->is_file || buffer == nullptr || max_length <= 0) return OCFS_FALSE;
  if (u->path.size() + 1 > static_cast<size_t>(max_length)) return OCFS_FALSE;
  std::memcpy(buffer, u->path.c_str(), u->path.size() + 1);
  return OCFS_TRUE;
}

ocfs_string_ref ocfs_url_copy_file_system_path(ocfs_url_ref url, ocfs_url_path_style) {
  const ocfs_url *u = as<ocfs_url>(url);
  if (u == nullptr || !u->is_file) return nullptr;
  return make_string(u->path);
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
