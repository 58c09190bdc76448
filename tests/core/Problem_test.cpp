#include "geo/core/Problem.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace gp;

TEST(ProblemList, CountsBySeverityAndKind) {
  ProblemList pl;
  pl.add("invalid_geometry", Severity::Warning, "buildings:fid=3", "repaired");
  pl.add("duplicate_id", Severity::Error, "buildings:bld_id=7", "two buildings share id 7");
  pl.add("invalid_geometry", Severity::Warning, "buildings:fid=9", "repaired");
  EXPECT_EQ(pl.size(), 3u);
  EXPECT_EQ(pl.count(Severity::Warning), 2u);
  EXPECT_EQ(pl.countKind("duplicate_id"), 1u);
  EXPECT_STREQ(toString(Severity::Error), "error");
}

TEST(ProblemList, ConcurrentAddsAreAllKept) {
  ProblemList pl;
  std::thread a([&] { for (int i = 0; i < 1000; ++i) pl.add("a", Severity::Info, "", ""); });
  std::thread b([&] { for (int i = 0; i < 1000; ++i) pl.add("b", Severity::Info, "", ""); });
  a.join();
  b.join();
  EXPECT_EQ(pl.size(), 2000u);
  ProblemList copy = pl;
  EXPECT_EQ(copy.countKind("b"), 1000u);
}
