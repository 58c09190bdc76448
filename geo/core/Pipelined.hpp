#pragma once
// Two stages over blocks in order: produce(slot, b) makes block b ready in one of two slots (0 and 1, taken in
// turn), consume(slot, b) uses it. With jobs != 1 the producer runs on a second thread, up to one block ahead of
// the consumer, which stays on the calling thread (work bound to one thread, an SQLite connection, stays there);
// jobs == 1 runs both here, block after block. Every block is consumed in order, after it was produced, and a
// slot is produced again only after it was consumed. An exception in either stage stops both and is rethrown
// here once the producer has stopped: the producer's for the block it failed on, the consumer's as it was thrown.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>

namespace gp {

template <class Produce, class Consume>
void pipelined(size_t blocks, int jobs, Produce produce, Consume consume) {
  if (jobs == 1 || blocks < 2 || std::thread::hardware_concurrency() < 2) {
    for (size_t b = 0; b < blocks; ++b) {
      produce(static_cast<int>(b % 2), b);
      consume(static_cast<int>(b % 2), b);
    }
    return;
  }
  std::mutex mu;
  std::condition_variable cv;
  bool ready[2] = {false, false}, stop = false;
  std::exception_ptr failed;
  size_t failedAt = blocks;  // the block the producer failed on; `blocks` while it has not
  std::thread producer([&] {
    for (size_t b = 0; b < blocks; ++b) {
      const int slot = static_cast<int>(b % 2);
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return stop || !ready[slot]; });
        if (stop) return;
      }
      try {
        produce(slot, b);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        failed = std::current_exception();
        failedAt = b;
        cv.notify_all();
        return;
      }
      std::lock_guard<std::mutex> lock(mu);
      ready[slot] = true;
      cv.notify_all();
    }
  });
  // Stops and joins the producer however the consumer leaves (a block consumed, or an exception).
  struct Join {
    std::mutex& mu;
    std::condition_variable& cv;
    bool& stop;
    std::thread& t;
    ~Join() {
      {
        std::lock_guard<std::mutex> lock(mu);
        stop = true;
      }
      cv.notify_all();
      t.join();
    }
  } join{mu, cv, stop, producer};
  for (size_t b = 0; b < blocks; ++b) {
    const int slot = static_cast<int>(b % 2);
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return ready[slot] || failedAt == b; });
      if (failedAt == b) std::rethrow_exception(failed);
    }
    consume(slot, b);
    std::lock_guard<std::mutex> lock(mu);
    ready[slot] = false;
    cv.notify_all();
  }
}

}  // namespace gp
