#pragma once
// Runs fn(i) for i in [0, n) on up to `jobs` threads (0 = all cores), taking indices in order from a shared
// counter; the first exception (lowest i) is rethrown once every thread has stopped. The thread pool of
// the pipeline (communities planned in parallel) and of its serial stages cut into chunks (pieces).
#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace gp {

template <class Fn>
void parallelFor(int n, int jobs, Fn fn) {
  if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::min(jobs, std::max(n, 1));
  std::vector<std::exception_ptr> errors(static_cast<size_t>(std::max(n, 0)));
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (;;) {
      int i = next++;
      if (i >= n || failed) return;
      try {
        fn(i);
      } catch (...) {
        errors[static_cast<size_t>(i)] = std::current_exception();
        failed = true;
      }
    }
  };
  if (jobs == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < jobs; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace gp
