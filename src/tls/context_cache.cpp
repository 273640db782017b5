#include "tls/context_cache.hpp"

#include <list>
#include <mutex>
#include <utility>

namespace ocfs::tls::context_cache {
namespace {

constexpr std::size_t kCapacity = 16;

struct Cache {
  std::mutex mutex;
  std::list<std::pair<std::string, SSL_CTX *>> entries;  // most recently used first
};

// Never destroyed, like the session cache: OpenSSL may be cleaned up before static destructors.
Cache &cache() {
  static Cache *instance = new Cache;
  return *instance;
}

}  // namespace

SSL_CTX *obtain(const std::string &key, const std::function<SSL_CTX *()> &build) {
  Cache &c = cache();
  {
    std::lock_guard lock(c.mutex);
    for (auto it = c.entries.begin(); it != c.entries.end(); ++it) {
      if (it->first != key) continue;
      c.entries.splice(c.entries.begin(), c.entries, it);
      SSL_CTX_up_ref(it->second);
      return it->second;
    }
  }
  // Built outside the lock: loading trust takes a while, and two threads building the same
  // context at once only cost one spare.
  SSL_CTX *context = build();
  if (context == nullptr || key.empty()) return context;
  SSL_CTX *evicted = nullptr;
  {
    std::lock_guard lock(c.mutex);
    SSL_CTX_up_ref(context);
    c.entries.emplace_front(key, context);
    if (c.entries.size() > kCapacity) {
      evicted = c.entries.back().second;
      c.entries.pop_back();
    }
  }
  SSL_CTX_free(evicted);
  return context;
}

}  // namespace ocfs::tls::context_cache
