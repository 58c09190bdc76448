// The property corpus of issue 10: small awkward towns (`gridplan synth --awkward`, 1,500-3,000 households,
// varying with the seed) through the pipeline in memory and, for a few seeds, through the real CLI. For each:
// 0 violations of DESIGN §4, households in = households out, and the pipeline's verdict (what `partition`
// exits with) agrees with `check`.
//
// Its own executable, test_corpus, with the ctest label "corpus" (ctest -L corpus); `make test` runs it.
//   build/test_corpus [--gtest_filter='*Shard*']
// More seeds: GRIDPLAN_CORPUS_SEEDS=1000. One seed, with every violation listed (and another size, to find the
// smallest town that still fails):
//   GRIDPLAN_CORPUS_SEED=17 [GRIDPLAN_CORPUS_HOUSEHOLDS=1600] build/test_corpus --gtest_filter='Corpus.OneSeed'
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/pipeline/Report.hpp"
#include "geo/plan/Check.hpp"
#include "geo/synth/Synth.hpp"
#include "tests/support/TestSupport.hpp"

namespace gp {
namespace {

constexpr int kShards = 8;  // ctest -j runs them side by side

// Seeds 1..200, or 1..GRIDPLAN_CORPUS_SEEDS to search wider.
int seedCount() {
  const char* e = std::getenv("GRIDPLAN_CORPUS_SEEDS");
  return e ? std::max(1, std::atoi(e)) : 200;
}

// The town of a seed: 1,500-3,000 households, spread over the range by the seed.
long corpusHouseholds(uint64_t seed) { return 1500 + static_cast<long>((seed * 7919) % 1501); }

synth::SynthOptions townOf(uint64_t seed, long households) {
  synth::SynthOptions o;
  o.households = households;
  o.seed = seed;
  o.awkward = true;
  return o;
}

struct Outcome {
  uint64_t seed = 0;
  long asked = 0;
  long long households_in = 0, households_out = 0;  // out: in pieces that have a grid and a unit
  int pieces_without_grid_or_unit = 0;
  std::vector<Problem> violations;  // check()'s findings of severity error or warning
  bool pipeline_clean = false;      // what partition would exit with: 0 ⇔ no error problem, no unassigned
  int pipeline_errors = 0;
  long long unassigned = 0;
  double seconds = 0;

  bool ok() const {
    return violations.empty() && households_in == households_out && pieces_without_grid_or_unit == 0 &&
           pipeline_clean == violations.empty();
  }
  // One line for the log: the seed, and the violations grouped by kind.
  std::string line() const {
    std::map<std::string, int> kinds;
    for (const auto& p : violations) ++kinds[p.kind];
    std::ostringstream s;
    s << "seed " << seed << " households " << asked << ": " << violations.size() << " violations";
    for (const auto& [k, n] : kinds) s << " " << k << "×" << n;
    s << "; households in " << households_in << " out " << households_out << "; pieces without grid/unit "
      << pieces_without_grid_or_unit << "; pipeline " << (pipeline_clean ? "clean (exit 0)" : "not clean (exit 1)")
      << " errors " << pipeline_errors << " unassigned " << unassigned;
    return s.str();
  }
};

Outcome run(uint64_t seed, long households) {
  const auto t0 = std::chrono::steady_clock::now();
  Outcome o;
  o.seed = seed;
  o.asked = households;
  Inputs in = synth::makeTownInputs(townOf(seed, households));
  for (const Building& b : in.buildings) o.households_in += b.households;
  pipeline::Options opt;
  opt.jobs = 1;  // the shards run side by side
  opt.created = "2026-01-01T00:00:00Z";
  const Plan plan = pipeline::buildPlan(std::move(in), opt);
  for (const Piece& p : plan.pieces) {
    if (p.grid >= 0 && p.unit >= 0)
      o.households_out += p.households;
    else
      ++o.pieces_without_grid_or_unit;
  }
  for (Problem& p : plan::check(plan))
    if (p.severity == Severity::Error || p.severity == Severity::Warning) o.violations.push_back(std::move(p));
  const pipeline::Summary s = pipeline::summarize(plan);
  o.pipeline_errors = s.errors;
  o.unassigned = s.unassigned_households;
  o.pipeline_clean = s.errors == 0 && s.unassigned_households == 0;
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return o;
}

void expectHolds(const Outcome& o, size_t maxMessages) {
  SCOPED_TRACE(o.line());
  EXPECT_EQ(o.violations.size(), 0u);
  for (size_t i = 0; i < o.violations.size() && i < maxMessages; ++i)
    ADD_FAILURE() << o.violations[i].kind << " " << o.violations[i].feature << ": " << o.violations[i].message;
  EXPECT_EQ(o.pieces_without_grid_or_unit, 0);
  EXPECT_EQ(o.households_out, o.households_in);
  // partition exits 0 exactly when check passes.
  EXPECT_EQ(o.pipeline_clean, o.violations.empty());
}

class Corpus : public ::testing::TestWithParam<int> {};

// Seeds shard+1, shard+1+kShards, …: every shard gets small and large towns alike.
TEST_P(Corpus, Shard) {
  int failed = 0, n = 0;
  double slowest = 0, total = 0;
  for (int seed = GetParam() + 1; seed <= seedCount(); seed += kShards) {
    const Outcome o = run(static_cast<uint64_t>(seed), corpusHouseholds(static_cast<uint64_t>(seed)));
    ++n;
    total += o.seconds;
    slowest = std::max(slowest, o.seconds);
    if (!o.ok()) {
      ++failed;
      std::printf("CORPUS FAIL %s\n", o.line().c_str());
      std::map<std::string, const Problem*> first;  // one message of each kind
      for (const auto& p : o.violations) first.emplace(p.kind, &p);
      for (const auto& [k, p] : first) std::printf("    %s %s: %s\n", k.c_str(), p->feature.c_str(), p->message.c_str());
    }
    expectHolds(o, 3);
  }
  std::printf("corpus shard %d: %d seeds, %d failing, %.1f s (slowest seed %.2f s)\n", GetParam(), n, failed, total,
              slowest);
}

INSTANTIATE_TEST_SUITE_P(Seeds, Corpus, ::testing::Range(0, kShards));

// One town, every violation listed: GRIDPLAN_CORPUS_SEED (default 1), GRIDPLAN_CORPUS_HOUSEHOLDS (default the
// seed's corpus size).
TEST(Corpus, OneSeed) {
  const char* s = std::getenv("GRIDPLAN_CORPUS_SEED");
  const char* h = std::getenv("GRIDPLAN_CORPUS_HOUSEHOLDS");
  const uint64_t seed = s ? std::strtoull(s, nullptr, 10) : 1;
  const Outcome o = run(seed, h ? std::strtol(h, nullptr, 10) : corpusHouseholds(seed));
  std::printf("%s (%.2f s)\n", o.line().c_str(), o.seconds);
  for (const auto& p : o.violations) std::printf("    %s %s: %s\n", p.kind.c_str(), p.feature.c_str(), p.message.c_str());
  expectHolds(o, 0);
}

// The same through the real command line, as a user runs it: partition's exit code is 0 only if check's is.
TEST(CorpusCli, PartitionExitsZeroOnlyWhenCheckPasses) {
  const auto dir = test::tempDir("corpus-cli");
  for (uint64_t seed : {1, 2, 3, 4}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::string town = (dir / ("town" + std::to_string(seed) + ".gpkg")).string();
    const std::string plan = (dir / ("plan" + std::to_string(seed) + ".gpkg")).string();
    auto r = test::runGridplan("synth --awkward -o " + test::q(town) + " --households " +
                               std::to_string(corpusHouseholds(seed)) + " --seed " + std::to_string(seed));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    std::string args = "partition -o " + test::q(plan) + " --buildings " + test::q(town) + " --communities " +
                       test::q(town) + " --compounds " + test::q(town) + " --jobs 1 --seed 1";
    for (const char* layer : {"roads", "river", "water", "railways"})
      args += " --barriers " + test::q(town) + " --barriers-layer " + layer;
    const auto p = test::runGridplan(args);
    ASSERT_TRUE(p.exit_code == 0 || p.exit_code == 1) << p.out;
    const auto c = test::runGridplan("check " + test::q(plan));
    ASSERT_TRUE(c.exit_code == 0 || c.exit_code == 1) << c.out;
    EXPECT_TRUE(p.exit_code != 0 || c.exit_code == 0) << "partition exited 0 but check fails:\n" << c.out;
    EXPECT_EQ(p.exit_code, c.exit_code) << "partition and check disagree\npartition:\n" << p.out << "\ncheck:\n"
                                        << c.out;
    EXPECT_EQ(c.exit_code, 0) << c.out;
  }
}

}  // namespace
}  // namespace gp
