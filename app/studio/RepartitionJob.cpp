#include "app/studio/RepartitionJob.hpp"

#include "geo/core/Error.hpp"

namespace gp::studio {

RepartitionJob::RepartitionJob(const RepartitionFn& fn, const Plan& plan, int target, std::string lineText,
                               std::string titleText)
    : line(std::move(lineText)), title(std::move(titleText)), result(plan) {
  // The worker edits its own copy; the open plan stays usable for drawing.
  thread_ = std::thread([this, fn, target] {
    try {
      fn(
          result, target,
          [this](double f, const std::string& stage) {
            progress_ = f;
            std::lock_guard<std::mutex> lk(mu_);
            stage_ = stage;
          },
          &cancel_);
    } catch (const Cancelled&) {
      cancelled_ = true;
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lk(mu_);
      error_ = e.what();
    }
    done_ = true;
  });
}

RepartitionJob::~RepartitionJob() {
  cancel_ = true;
  join();
}

void RepartitionJob::join() {
  if (thread_.joinable()) thread_.join();
}

std::string RepartitionJob::stage() const {
  std::lock_guard<std::mutex> lk(mu_);
  return stage_;
}

}  // namespace gp::studio
