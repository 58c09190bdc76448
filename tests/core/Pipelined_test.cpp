#include "geo/core/Pipelined.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace gp;

namespace {

// Blocks consumed in order, each after it was produced and before its slot is produced again.
void expectInOrder(int jobs, size_t blocks) {
  std::vector<long> slot(2, -1);
  std::vector<size_t> consumed;
  std::atomic<int> producedOff{0};  // produced on another thread than the consumer
  const auto consumer = std::this_thread::get_id();
  pipelined(
      blocks, jobs,
      [&](int s, size_t b) {
        EXPECT_EQ(slot[static_cast<size_t>(s)], -1) << "slot " << s << " produced again before it was consumed";
        if (std::this_thread::get_id() != consumer) ++producedOff;
        slot[static_cast<size_t>(s)] = static_cast<long>(b);
      },
      [&](int s, size_t b) {
        EXPECT_EQ(std::this_thread::get_id(), consumer);
        EXPECT_EQ(slot[static_cast<size_t>(s)], static_cast<long>(b));
        slot[static_cast<size_t>(s)] = -1;
        consumed.push_back(b);
      });
  ASSERT_EQ(consumed.size(), blocks);
  for (size_t b = 0; b < blocks; ++b) EXPECT_EQ(consumed[b], b);
  if (jobs == 1) {
    EXPECT_EQ(producedOff.load(), 0);
  }
}

}  // namespace

TEST(Pipelined, ConsumesEveryBlockInOrder) {
  for (int jobs : {1, 2, 0})
    for (size_t blocks : {0u, 1u, 2u, 3u, 500u}) expectInOrder(jobs, blocks);
}

// A producer that fails stops the run at that block: the blocks before it are consumed, none after, and its
// exception reaches the caller (as a failed write must: nothing after the failing row goes in).
TEST(Pipelined, ProducerFailureStopsAtItsBlock) {
  for (int jobs : {1, 2}) {
    std::vector<size_t> consumed;
    EXPECT_THROW(pipelined(
                     100, jobs,
                     [&](int, size_t b) {
                       if (b == 37) throw std::runtime_error("block 37");
                     },
                     [&](int, size_t b) { consumed.push_back(b); }),
                 std::runtime_error);
    ASSERT_EQ(consumed.size(), 37u) << jobs;
    EXPECT_EQ(consumed.back(), 36u);
  }
}

// A consumer that fails (SQLite refusing a row) stops the producer and its exception is the one the caller sees.
TEST(Pipelined, ConsumerFailureStopsTheProducer) {
  for (int jobs : {1, 2}) {
    std::atomic<size_t> produced{0};
    try {
      pipelined(
          1000, jobs, [&](int, size_t) { ++produced; },
          [&](int, size_t b) {
            if (b == 10) throw std::invalid_argument("disk full");
          });
      ADD_FAILURE() << "no exception";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), "disk full");
    }
    EXPECT_LE(produced.load(), 12u) << jobs;  // at most one block ahead of the one that failed
  }
}
