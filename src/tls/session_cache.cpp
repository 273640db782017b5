#include "tls/session_cache.hpp"

#include <list>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace ocfs::tls::session_cache {
namespace {

constexpr std::size_t kCapacity = 256;

struct Cache {
  std::mutex mutex;
  std::list<std::pair<std::string, SSL_SESSION *>> entries;  // newest first
  std::unordered_map<std::string, decltype(entries)::iterator> index;
};

// Never destroyed: sessions may still be put from worker threads while the process exits, and
// OpenSSL may already be cleaned up by then.
Cache &cache() {
  static Cache *instance = new Cache;
  return *instance;
}

}  // namespace

void put(const std::string &key, SSL_SESSION *session) {
  Cache &c = cache();
  SSL_SESSION *evicted = nullptr;
  SSL_SESSION *replaced = nullptr;
  {
    std::lock_guard lock(c.mutex);
    if (auto found = c.index.find(key); found != c.index.end()) {
      replaced = found->second->second;
      c.entries.erase(found->second);
      c.index.erase(found);
    }
    c.entries.emplace_front(key, session);
    c.index[key] = c.entries.begin();
    if (c.entries.size() > kCapacity) {
      evicted = c.entries.back().second;
      c.index.erase(c.entries.back().first);
      c.entries.pop_back();
    }
  }
  SSL_SESSION_free(replaced);
  SSL_SESSION_free(evicted);
}

SSL_SESSION *take(const std::string &key) {
  Cache &c = cache();
  std::lock_guard lock(c.mutex);
  auto found = c.index.find(key);
  if (found == c.index.end()) return nullptr;
  SSL_SESSION *session = found->second->second;
  c.entries.erase(found->second);
  c.index.erase(found);
  return session;
}

}  // namespace ocfs::tls::session_cache
