#include <windows.h>

#include "platform/platform.hpp"

namespace ocfs::platform {

// Fiber Local Storage: its callback runs when a thread ends, which plain TLS lacks.
ThreadSlot::ThreadSlot(void (*destructor)(void *value))
    : key_(FlsAlloc(reinterpret_cast<PFLS_CALLBACK_FUNCTION>(destructor))) {}

void *ThreadSlot::get() const {
  return FlsGetValue(static_cast<DWORD>(key_));
}

void ThreadSlot::set(void *value) {
  FlsSetValue(static_cast<DWORD>(key_), value);
}

}  // namespace ocfs::platform
