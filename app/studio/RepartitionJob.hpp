#pragma once
// A re-partition running off the UI thread on a copy of the plan, with progress and cancel. The studio
// keeps drawing the open plan meanwhile and, when the job is done, applies its result as one edit.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "app/studio/Document.hpp"

namespace gp::studio {

using RepartitionFn = std::function<void(Plan&, int, const Progress&, const std::atomic<bool>*)>;

class RepartitionJob {
 public:
  // Copies `plan` and runs fn(copy, target, ...) on a thread of its own. `line` is the command line the
  // journal records for the result; `title` says what runs ("Re-partitioning community ...").
  RepartitionJob(const RepartitionFn& fn, const Plan& plan, int target, std::string line, std::string title);
  // Cancels a job still running and waits for it.
  ~RepartitionJob();
  RepartitionJob(const RepartitionJob&) = delete;
  RepartitionJob& operator=(const RepartitionJob&) = delete;

  bool done() const { return done_; }
  void cancel() { cancel_ = true; }
  double progress() const { return progress_.load(); }
  std::string stage() const;
  // Waits for the thread; then cancelled(), error() and result are final.
  void join();

  bool cancelled() const { return cancelled_; }
  const std::string& error() const { return error_; }
  const std::string line, title;
  Plan result;

 private:
  std::thread thread_;
  std::atomic<bool> cancel_{false}, done_{false};
  std::atomic<double> progress_{0};
  mutable std::mutex mu_;
  std::string stage_, error_;
  bool cancelled_ = false;
};

}  // namespace gp::studio
