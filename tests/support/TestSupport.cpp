#include "tests/support/TestSupport.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace gp::test {

RunResult runShell(const std::string& cmd) {
  RunResult r;
  std::string full = cmd + " 2>&1";
  FILE* p = popen(full.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

RunResult runGridplan(const std::string& args) { return runShell(q(GRIDPLAN_BINARY) + " " + args); }

std::filesystem::path sharedData() {
  std::filesystem::path p = GRIDPLAN_SHARED_DATA;
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) return std::filesystem::canonical(p);
  return {};
}

std::filesystem::path tempDir(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string tag = info ? std::string(info->test_suite_name()) + "." + info->name() : "test";
  // Under the build folder, not /tmp: two checkouts testing at once must not share (and remove) a folder.
  auto dir = std::filesystem::path(GRIDPLAN_BINARY).parent_path() / "test-tmp" / (tag + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string q(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace gp::test
