// Background threads for work that must never run on a run loop: name resolution (getaddrinfo
// blocks) and connection attempts. Threads start on demand up to a limit, end after a while
// without work, and are detached: a job holds references to whatever it touches.
#ifndef OCFS_SRC_NET_WORKER_POOL_HPP
#define OCFS_SRC_NET_WORKER_POOL_HPP

#include <functional>

namespace ocfs::net {

// Queues `job`; false when no thread can run it (none running and none can be started).
bool run_in_background(std::function<void()> job);

}  // namespace ocfs::net

#endif  // OCFS_SRC_NET_WORKER_POOL_HPP
