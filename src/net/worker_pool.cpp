#include "net/worker_pool.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

namespace ocfs::net {
namespace {

// Enough for many connects that hang until their timeout while others still start promptly.
constexpr int kMaxThreads = 32;
constexpr auto kIdleExit = std::chrono::seconds(10);

struct Pool {
  std::mutex mutex;
  std::condition_variable work_ready;
  std::deque<std::function<void()>> jobs;
  int threads = 0;
  int idle = 0;
};

// Never destroyed: detached workers may still be inside it while the process exits.
Pool &pool() {
  static Pool *instance = new Pool;
  return *instance;
}

void worker_main() {
  Pool &p = pool();
  std::unique_lock lock(p.mutex);
  for (;;) {
    ++p.idle;
    bool woke = p.work_ready.wait_for(lock, kIdleExit, [&] { return !p.jobs.empty(); });
    --p.idle;
    if (!woke) {
      --p.threads;
      return;
    }
    std::function<void()> job = std::move(p.jobs.front());
    p.jobs.pop_front();
    lock.unlock();
    job();
    job = nullptr;  // the job's captures are released outside the pool's lock
    lock.lock();
  }
}

}  // namespace

bool run_in_background(std::function<void()> job) {
  Pool &p = pool();
  std::lock_guard lock(p.mutex);
  bool start_thread = p.idle <= static_cast<int>(p.jobs.size()) && p.threads < kMaxThreads;
  if (start_thread) {
    try {
      std::thread(worker_main).detach();
      ++p.threads;
    } catch (const std::system_error &) {
      if (p.threads == 0) return false;  // queued work would never run
    }
  }
  try {
    p.jobs.push_back(std::move(job));
  } catch (const std::bad_alloc &) {
    return false;
  }
  p.work_ready.notify_one();
  return true;
}

}  // namespace ocfs::net
