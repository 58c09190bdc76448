// The batch commands run on jemalloc (Debian's libjemalloc2, linked when GP_JEMALLOC is on). By default it hands
// freed pages back to the kernel (madvise) within about ten seconds, and the planner's threads, which free and
// make millions of small geometries stage after stage, then fault the same pages back in, zeroed. Keeping them
// takes about 5 % off a 1M-household partition (3.80-3.89 s against 3.96-4.10 s quiet, five alternating pairs)
// for a higher peak of memory (bench/RESULTS.md, issue 15). The studio, which runs for hours, keeps the default.
#include "app/Allocator.hpp"

#include <sys/types.h>

#include <initializer_list>
#include <string>

// jemalloc's control entry point, weak: it is null when the command is built without jemalloc (the sanitizers).
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

namespace gp::app {

bool keepFreedPages() {
  if (!mallctl) return false;
  ssize_t never = -1;
  // Arenas made from now on (every worker thread's)...
  bool ok = mallctl("arenas.dirty_decay_ms", nullptr, nullptr, &never, sizeof never) == 0 &&
            mallctl("arenas.muzzy_decay_ms", nullptr, nullptr, &never, sizeof never) == 0;
  // ...and those already made, one by one (jemalloc 5.3 refuses MALLCTL_ARENAS_ALL here); an arena not made yet
  // refuses too, and will be made with the setting above.
  unsigned n = 0;
  size_t len = sizeof n;
  if (mallctl("arenas.narenas", &n, &len, nullptr, 0) != 0) return false;
  for (unsigned i = 0; i < n; ++i)
    for (const char* what : {"dirty", "muzzy"}) {
      std::string name = "arena." + std::to_string(i) + "." + what + "_decay_ms";
      mallctl(name.c_str(), nullptr, nullptr, &never, sizeof never);
    }
  return ok;
}

}  // namespace gp::app
