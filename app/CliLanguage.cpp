#include "app/CliLanguage.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <regex>

#include "geo/core/I18n.hpp"

namespace gp::app {

namespace {

// CLI11 writes a checked option's value as "INT:INT in [36 - 1200]", "INT:NONNEGATIVE" or "TEXT:{auto,never}",
// in English and past its labels; this writes "INT [36–1200]", "INT ≥ 0", "TEXT {auto,never}" with the type
// in the reader's language.
class Formatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override {
    std::string s = CLI::Formatter::make_option_opts(opt);
    static const std::regex checked(R"(\b([A-Z]+):(?:\1 in \[(\S+) - (\S+)\]|(NONNEGATIVE|POSITIVE)|(\{[^}]*\})))");
    std::smatch m;
    std::string out;
    auto from = s.cbegin();
    while (std::regex_search(from, s.cend(), m, checked)) {
      out.append(from, m[0].first);
      out += get_label(m.str(1));
      if (m[2].matched) out += " [" + m.str(2) + "–" + m.str(3) + "]";
      else if (m[4].matched) out += m.str(4) == "POSITIVE" ? " > 0" : " ≥ 0";
      else out += " " + m.str(5);
      from = m[0].second;
    }
    out.append(from, s.cend());
    return out;
  }
};

}  // namespace

void localizeCli(CLI::App& root) {
  auto f = std::make_shared<Formatter>();
  // TRANSLATORS: the words CLI11 writes in --help; the upper-case ones stand for values (TEXT, INT, …).
  static const char* const labels[] = {N_("Usage"),       N_("OPTIONS"),  N_("SUBCOMMAND"), N_("SUBCOMMANDS"),
                                       N_("Positionals"), N_("REQUIRED"), N_("TEXT"),       N_("INT"),
                                       N_("UINT"),        N_("FLOAT"),    N_("Env"),        N_("Needs"),
                                       N_("Excludes")};
  for (const char* l : labels) f->label(l, tr(l));
  root.formatter(f);
  root.option_defaults()->group(tr("Options"));  // before the help flag, which is an option of that group
  root.set_help_flag("-h,--help", tr("Print this help message and exit"));
  root.failure_message([](const CLI::App*, const CLI::Error& e) {
    return cliErrorText(e) + "\n" + tr("Run with --help for more information.") + "\n";
  });
}

namespace {

// "36.000000" → "36"; CLI11 writes its bounds with std::to_string.
std::string number(const std::string& s) {
  if (s.find('.') == std::string::npos) return s;
  std::string t = s;
  while (!t.empty() && t.back() == '0') t.pop_back();
  if (!t.empty() && t.back() == '.') t.pop_back();
  return t;
}

}  // namespace

std::string cliErrorText(const CLI::Error& e) {
  const std::string what = e.what();
  std::smatch m;
  auto is = [&](const char* re) { return std::regex_match(what, m, std::regex(re)); };
  // The patterns are CLI11's own messages (CLI/Error.hpp, CLI/Validators.hpp of CLI11 2.1), so the English
  // reads as CLI11 wrote it.
  if (is(R"(The following argument was not expected: (.*))"))
    return fmt(tr("The following argument was not expected: %s"), m.str(1).c_str());
  if (is(R"(The following arguments were not expected: (.*))"))
    return fmt(tr("The following arguments were not expected: %s"), m.str(1).c_str());
  if (is(R"(A subcommand is required)")) return tr("A subcommand is required");
  if (is(R"((\S+) is required)")) return fmt(tr("%s is required"), m.str(1).c_str());
  if (is(R"(Could not convert: (\S+) = (.*))"))
    return fmt(tr("Could not convert: %1$s = %2$s"), m.str(1).c_str(), m.str(2).c_str());
  if (is(R"(The value (.*) is not an allowed value for (\S+))"))
    return fmt(tr("The value %1$s is not an allowed value for %2$s"), m.str(1).c_str(), m.str(2).c_str());
  if (is(R"((\S+): (\d+) required (\S+) missing)"))
    return fmt(tr("%1$s: %2$s required %3$s missing"), m.str(1).c_str(), m.str(2).c_str(), tr(m.str(3).c_str()));
  if (is(R"(Expected exactly (\d+) arguments? to (\S+), got (\d+))"))
    return fmt(tr("Expected exactly %1$s arguments to %2$s, got %3$s"), m.str(1).c_str(), m.str(2).c_str(),
               m.str(3).c_str());
  if (is(R"((\S+): Value (\S*) not in range (\S+) to (\S+))")) {
    const std::string name = m.str(1), value = m.str(2), lo = number(m.str(3)), hi = m.str(4);
    if (std::strtod(hi.c_str(), nullptr) < 1e300)
      return fmt(tr("%1$s: Value %2$s not in range %3$s to %4$s"), name.c_str(), value.c_str(), lo.c_str(),
                 number(hi).c_str());
    // NonNegativeNumber and PositiveNumber: ranges up to the largest double.
    return std::strtod(value.c_str(), nullptr) < 0
               ? fmt(tr("%1$s: Value %2$s must not be negative"), name.c_str(), value.c_str())
               : fmt(tr("%1$s: Value %2$s must be greater than 0"), name.c_str(), value.c_str());
  }
  if (is(R"((\S+): (.*) not in (\{.*\}))"))
    return fmt(tr("%1$s: %2$s not in %3$s"), m.str(1).c_str(), m.str(2).c_str(), m.str(3).c_str());
  if (is(R"((\S+): Value (\S*) could not be converted.*)"))
    return fmt(tr("%1$s: Value %2$s could not be converted"), m.str(1).c_str(), m.str(2).c_str());
  if (is(R"((\S+) requires (\S+))")) return fmt(tr("%1$s requires %2$s"), m.str(1).c_str(), m.str(2).c_str());
  if (is(R"((\S+) excludes (\S+))")) return fmt(tr("%1$s excludes %2$s"), m.str(1).c_str(), m.str(2).c_str());
  return fmt(tr("invalid command line: %s"), what.c_str());
}

}  // namespace gp::app
