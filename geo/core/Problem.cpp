#include "geo/core/Problem.hpp"

#include "geo/core/Secrets.hpp"

namespace gp {

const char* toString(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "info";
}

ProblemList::ProblemList(const ProblemList& o) { items_ = o.items(); }
ProblemList& ProblemList::operator=(const ProblemList& o) {
  if (this != &o) {
    auto copy = o.items();
    std::lock_guard<std::mutex> lk(mu_);
    items_ = std::move(copy);
  }
  return *this;
}
ProblemList::ProblemList(ProblemList&& o) noexcept {
  std::lock_guard<std::mutex> lk(o.mu_);
  items_ = std::move(o.items_);
}
ProblemList& ProblemList::operator=(ProblemList&& o) noexcept {
  if (this != &o) {
    std::scoped_lock lk(mu_, o.mu_);
    items_ = std::move(o.items_);
  }
  return *this;
}

void ProblemList::add(Problem p) {
  // Problems are printed and stored in the plan; a source named by its connection string keeps its password out.
  p.feature = maskPasswords(p.feature);
  p.message = maskPasswords(p.message);
  std::lock_guard<std::mutex> lk(mu_);
  items_.push_back(std::move(p));
}
void ProblemList::add(std::string kind, Severity s, std::string feature, std::string message,
                      std::optional<XY> at) {
  add(Problem{std::move(kind), s, std::move(feature), std::move(message), at});
}
void ProblemList::append(const ProblemList& other) {
  auto v = other.items();
  std::lock_guard<std::mutex> lk(mu_);
  items_.insert(items_.end(), v.begin(), v.end());
}
std::vector<Problem> ProblemList::items() const {
  std::lock_guard<std::mutex> lk(mu_);
  return items_;
}
size_t ProblemList::size() const {
  std::lock_guard<std::mutex> lk(mu_);
  return items_.size();
}
size_t ProblemList::count(Severity s) const {
  std::lock_guard<std::mutex> lk(mu_);
  size_t n = 0;
  for (const auto& p : items_) n += p.severity == s;
  return n;
}
size_t ProblemList::countKind(const std::string& kind) const {
  std::lock_guard<std::mutex> lk(mu_);
  size_t n = 0;
  for (const auto& p : items_) n += p.kind == kind;
  return n;
}
void ProblemList::clear() {
  std::lock_guard<std::mutex> lk(mu_);
  items_.clear();
}

}  // namespace gp
