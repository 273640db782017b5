// Internal access to file URLs for the stream layer.
#ifndef OCFS_SRC_CF_URL_HPP
#define OCFS_SRC_CF_URL_HPP

#include <optional>
#include <string>

#include <opencfstream/url.h>

namespace ocfs::cf {

// The native path of a file URL, resolved against its base when asked; nothing for anything else.
std::optional<std::string> native_path_of(ocfs_url_ref url, bool resolve_against_base);

}  // namespace ocfs::cf

#endif  // OCFS_SRC_CF_URL_HPP
