#pragma once
// Exceptions, translated once at the edge (the CLI's exit code, the studio's dialog).
#include <stdexcept>
#include <string>

namespace gp {

// Input the tool cannot use at all: a missing file, layer or field, a layer with no usable geometry,
// bad arguments. The message names the file, layer, feature or field and says what to do. Exit code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user asked to stop a long job.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace gp
