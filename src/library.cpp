// One-time set-up of what the library needs from the system and from OpenSSL.
#include <atomic>
#include <mutex>

#include <openssl/ssl.h>

#include <opencfstream/library.h>

#include "platform/platform.hpp"

namespace {

std::mutex g_mutex;
std::atomic<bool> g_ready{false};

}  // namespace

extern "C" {

ocfs_bool ocfs_library_init(void) {
  if (g_ready.load(std::memory_order_acquire)) return OCFS_TRUE;
  std::lock_guard lock(g_mutex);
  if (g_ready.load(std::memory_order_relaxed)) return OCFS_TRUE;
  if (!ocfs::platform::initialize()) return OCFS_FALSE;
  // OpenSSL 3 initialises itself on first use too; doing it here makes the cost and any failure
  // happen at one known point. It registers its own clean-up at exit.
  if (OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, nullptr) !=
      1) {
    ocfs::platform::shutdown();
    return OCFS_FALSE;
  }
  g_ready.store(true, std::memory_order_release);
  return OCFS_TRUE;
}

void ocfs_library_shutdown(void) {
  std::lock_guard lock(g_mutex);
  if (!g_ready.load(std::memory_order_relaxed)) return;
  ocfs::platform::shutdown();
  g_ready.store(false, std::memory_order_release);
}

}  // extern "C"
