// gridplan: the command line. Each command lives in app/cmd_<name>.cpp; exceptions are translated to
// exit codes here, once (DESIGN §5).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "app/CliCommand.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/Secrets.hpp"

namespace gp::app {
std::vector<CliCommand>& registry() {
  static std::vector<CliCommand> r;
  return r;
}
}  // namespace gp::app

int main(int argc, char** argv) {
  using namespace gp::app;
  CLI::App root{"gridplan: divide communities into full-service grids (全科网格) and basic governance units "
                "(基础治理单元), edit them on a map, and print a sign for every grid."};
  root.require_subcommand(1);
  root.set_version_flag("--version", std::string("gridplan ") + GRIDPLAN_VERSION);

  auto& cmds = registry();
  std::sort(cmds.begin(), cmds.end(), [](const CliCommand& a, const CliCommand& b) { return a.order < b.order; });
  std::function<int()> action;
  std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
  for (auto& c : cmds) {
    CLI::App* sub = root.add_subcommand(c.name, c.description);
    actions.emplace_back(sub, c.setup(*sub));
  }

  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = root.exit(e);
    return rc == 0 ? 0 : 2;
  }

  try {
    for (auto& [sub, act] : actions)
      if (sub->parsed()) return act();
    return 2;
  } catch (const gp::InputError& e) {
    std::cerr << "gridplan: " << gp::maskPasswords(e.what()) << "\n";  // messages name connection strings
    return 2;
  } catch (const gp::Cancelled&) {
    std::cerr << "gridplan: cancelled\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "gridplan: internal error: " << gp::maskPasswords(e.what())
              << "\nThis is a bug in gridplan; please report it with the command you ran.\n";
    return 3;
  }
}
