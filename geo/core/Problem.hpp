#pragma once
// Data problems are collected, never thrown (as libosmium's ProblemReporter): a problem is a finding
// about the input or the plan that a planner can act on. Exceptions are for unusable input and bugs.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp {

enum class Severity { Error, Warning, Info };

const char* toString(Severity s);  // "error", "warning", "info"

struct Problem {
  std::string kind;      // stable machine word, e.g. "invalid_geometry", "duplicate_id"
  Severity severity = Severity::Warning;
  std::string feature;   // what it is about, e.g. "buildings:bld_id=B12" or "grid 320508019044001"
  std::string message;   // a sentence a planner understands, saying what to do where possible
  std::optional<XY> at;  // where on the map, when known
};

// Thread-safe, ordered collection of problems. Copying takes a snapshot.
class ProblemList {
 public:
  ProblemList() = default;
  ProblemList(const ProblemList& o);
  ProblemList& operator=(const ProblemList& o);
  ProblemList(ProblemList&& o) noexcept;
  ProblemList& operator=(ProblemList&& o) noexcept;

  void add(Problem p);
  void add(std::string kind, Severity s, std::string feature, std::string message,
           std::optional<XY> at = std::nullopt);
  void append(const ProblemList& other);

  std::vector<Problem> items() const;  // snapshot
  size_t size() const;
  size_t count(Severity s) const;
  size_t countKind(const std::string& kind) const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::vector<Problem> items_;
};

}  // namespace gp
