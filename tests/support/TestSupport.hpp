#pragma once
// Helpers shared by the tests: run the CLI, find the real data, make temp dirs.
#include <filesystem>
#include <string>

namespace gp::test {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs `build/gridplan <args>` through the shell, capturing output. args is shell-quoted by the caller.
RunResult runGridplan(const std::string& args);
// Runs any shell command, capturing output.
RunResult runShell(const std::string& cmd);

// ../shared/data beside the checkout, or empty when it is absent.
std::filesystem::path sharedData();

// A fresh, empty directory under the build's temp dir, unique per test.
std::filesystem::path tempDir(const std::string& name);

// Shell-quote one argument.
std::string q(const std::string& s);

}  // namespace gp::test

// Skips the current test with a clear message when ../shared/data is absent.
#define GP_REQUIRE_SHARED_DATA()                                                               \
  do {                                                                                         \
    if (gp::test::sharedData().empty())                                                        \
      GTEST_SKIP() << "../shared/data is absent beside the checkout: real-data test skipped";  \
  } while (0)
