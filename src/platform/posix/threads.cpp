#include <pthread.h>

#include "platform/platform.hpp"

namespace ocfs::platform {

static_assert(sizeof(pthread_key_t) <= sizeof(unsigned long), "pthread_key_t fits the slot");

ThreadSlot::ThreadSlot(void (*destructor)(void *value)) {
  pthread_key_t key;
  pthread_key_create(&key, destructor);  // fails only without memory at start-up
  key_ = static_cast<unsigned long>(key);
}

void *ThreadSlot::get() const {
  return pthread_getspecific(static_cast<pthread_key_t>(key_));
}

void ThreadSlot::set(void *value) {
  pthread_setspecific(static_cast<pthread_key_t>(key_), value);
}

}  // namespace ocfs::platform
