// A TLS settings dictionary (kCFStreamPropertySSLSettings) read into the engine's configuration.
// Apple's rule: each dictionary is the whole configuration; a key left out has its default.
#ifndef OCFS_SRC_NET_TLS_SETTINGS_HPP
#define OCFS_SRC_NET_TLS_SETTINGS_HPP

#include <string>

#include <opencfstream/dictionary.h>

#include "tls/session.hpp"

namespace ocfs::net {

// Where the peer name comes from (DESIGN contract 7): the settings' own name, kCFNull (none at
// all), or the pair's default (the private peer-name property, else the host the pair was made
// with).
enum class PeerNameSource { kPairDefault, kNone, kSettings };

struct TlsSettings {
  bool enabled = false;  // false: level None (no TLS)
  tls::Config config;    // config.peer_name is filled in when the handshake starts
  PeerNameSource peer_name_source = PeerNameSource::kPairDefault;
  std::string settings_peer_name;   // PeerNameSource::kSettings
  ocfs_string_ref level = nullptr;  // the level asked for (borrowed constant); null: default
};

// Reads `settings`. False, with `why` set, for anything that cannot be applied: a wrong value
// type, an unknown or refused level, an empty / NUL-carrying / over-long peer name, a server
// without certificates...
bool read_tls_settings(ocfs_dictionary_ref settings, TlsSettings &out, std::string &why);

// The level constant a level string stands for (Apple's, the NSStream spellings, the private
// literals apps pass), or null when it is unknown.
ocfs_string_ref canonical_level(ocfs_type_ref level);

// The level that describes a negotiated protocol ("TLSv1.2" -> kCFStreamSocketSecurityLevelTLSv1).
ocfs_string_ref level_for_protocol(const std::string &protocol);

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_TLS_SETTINGS_HPP
