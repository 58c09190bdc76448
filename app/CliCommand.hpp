#pragma once
// Each `gridplan <command>` lives in its own app/cmd_<name>.cpp and registers itself here, so main.cpp
// stays thin and a command exists exactly when its implementation does.
#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace gp::app {

// setup() adds the command's options to `sub` and returns the action to run after parsing; the action
// returns the process exit code (DESIGN §5: 0 done, 1 violations/problems, 2 unusable input, 3 internal).
using Setup = std::function<std::function<int()>(CLI::App& sub)>;

struct CliCommand {
  std::string name;
  std::string description;
  int order;  // position in --help
  Setup setup;
};

std::vector<CliCommand>& registry();

struct RegisterCommand {
  RegisterCommand(std::string name, std::string description, int order, Setup setup) {
    registry().push_back({std::move(name), std::move(description), order, std::move(setup)});
  }
};

}  // namespace gp::app
