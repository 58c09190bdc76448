// gridplan: the command line. Each command lives in app/cmd_<name>.cpp; exceptions are translated to
// exit codes here, once (DESIGN §5).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/CliCommand.hpp"
#include "app/CliLanguage.hpp"
#include "app/GdalConfig.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"

namespace gp::app {
std::vector<CliCommand>& registry() {
  static std::vector<CliCommand> r;
  return r;
}
}  // namespace gp::app

namespace {

// --lang is read before the command line is built, so --help and every later message are in that language.
std::string langArgument(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--lang" && i + 1 < argc) return argv[i + 1];
    if (a.rfind("--lang=", 0) == 0) return a.substr(7);
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gp::app;
  const std::string langArg = langArgument(argc, argv);
  try {
    gp::i18n::setLanguage(gp::i18n::choose(langArg));
  } catch (const std::invalid_argument&) {
    gp::i18n::setLanguage(gp::i18n::choose(""));  // say so in the language of the environment
    try {
      gp::i18n::choose(langArg);
    } catch (const std::invalid_argument& e) {
      std::cerr << "gridplan: " << e.what() << "\n";
    }
    return 2;
  }
  if (gp::i18n::language() == gp::i18n::Lang::Zh && gp::i18n::catalogDir().empty())
    // Without the catalog gettext cannot translate this line either: it is written in both languages here.
    std::cerr << "gridplan: 找不到中文消息目录（locale/zh_CN/LC_MESSAGES/gridplan.mo），以下消息为英文。请把 locale "
                 "文件夹放在程序旁边，或设置 GRIDPLAN_LOCALEDIR。 / No Chinese message catalog found: messages are in "
                 "English. Keep the locale folder beside the program or set GRIDPLAN_LOCALEDIR.\n";
  CLI::App root{gp::tr("gridplan: divide communities into full-service grids (全科网格) and basic governance units "
                        "(基础治理单元), edit them on a map, and print a sign for every grid.")};
  localizeCli(root);
  root.require_subcommand(1);
  root.set_version_flag("--version", std::string("gridplan ") + GRIDPLAN_VERSION,
                        gp::tr("Display program version information and exit"));
  std::string lang;
  root.add_option("--lang", lang,
                  gp::tr("language of messages and of the plan's reasons: zh (中文) or en; by default from "
                         "LANGUAGE, LC_ALL, LC_MESSAGES or LANG"));
  root.fallthrough();
  addGdalConfigOption(root);  // before the command too: `gridplan --config K V partition …`

  auto& cmds = registry();
  std::sort(cmds.begin(), cmds.end(), [](const CliCommand& a, const CliCommand& b) { return a.order < b.order; });
  std::function<int()> action;
  std::vector<std::pair<CLI::App*, std::function<int()>>> actions;
  for (auto& c : cmds) {
    CLI::App* sub = root.add_subcommand(c.name, gp::tr(c.description.c_str()));  // marked N_() where registered
    sub->group(gp::tr("Subcommands"));
    sub->get_help_ptr()->group(gp::tr("Options"));  // made before the command inherits the translated group
    actions.emplace_back(sub, c.setup(*sub));
    addGdalConfigOption(*sub);
  }

  std::vector<std::string> args;
  try {
    args = normaliseConfigArguments(argc, argv);
  } catch (const gp::InputError& e) {
    std::cerr << "gridplan: " << gp::maskPasswords(e.what()) << "\n";
    return 2;
  }
  std::vector<const char*> argp;
  for (const auto& a : args) argp.push_back(a.c_str());
  try {
    root.parse(static_cast<int>(argp.size()), argp.data());
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
    std::cerr << "gridplan: " << gp::tr("cancelled") << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "gridplan: " << gp::fmt(gp::tr("internal error: %s"), gp::maskPasswords(e.what()).c_str()) << "\n"
              << gp::tr("This is a bug in gridplan; please report it with the command you ran.") << "\n";
    return 3;
  }
}
