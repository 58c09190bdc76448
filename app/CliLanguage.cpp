#include "app/CliLanguage.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <regex>

#include "geo/core/I18n.hpp"

namespace gp::app {

namespace {

std::string heading(const std::string& title);

// CLI11 writes a checked option's value as "INT:INT in [36 - 1200]", "INT:NONNEGATIVE" or "TEXT:{auto,never}",
// in English and past its labels; this writes "INT [36–1200]", "INT ≥ 0", "TEXT {auto,never}" with the type
// in the reader's language.
class Formatter : public CLI::Formatter {
 public:
  // CLI11 ends its headings ("Options:", "Usage: …") with an ASCII colon; Chinese takes its own (：).
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    const std::string s = CLI::Formatter::make_help(app, std::move(name), mode);
    const std::string usage = get_label("Usage") + ":";
    std::string out;
    for (size_t from = 0; from <= s.size();) {
      size_t nl = s.find('\n', from);
      std::string line = s.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
      if (line.rfind(usage, 0) == 0) {
        std::string rest = line.substr(usage.size());
        line = heading(get_label("Usage"));
        if (line.back() != ':' && !rest.empty() && rest[0] == ' ') rest.erase(0, 1);
        line += rest;
      } else if (!line.empty() && line[0] != ' ' && line.back() == ':') {
        line = heading(line.substr(0, line.size() - 1));
      }
      out += line;
      if (nl == std::string::npos) break;
      out += '\n';
      from = nl + 1;
    }
    return out;
  }

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

// TRANSLATORS: a heading of --help ("Options:", "Usage:").
std::string heading(const std::string& title) { return fmt(tr("%s:"), title.c_str()); }

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
  root.failure_message([](const CLI::App* app, const CLI::Error& e) {
    return cliErrorText(e, app) + "\n" + tr("Run with --help for more information.") + "\n";
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

namespace {

// CLI11's text after its last ": " (the arguments of "The following arguments were not expected: a b"), or all.
std::string tail(const std::string& what) {
  size_t at = what.rfind(": ");
  return at == std::string::npos ? what : what.substr(at + 2);
}

// CLI11's own words, quoted as data: what its exception type says is given in the reader's language before.
std::string quoted(const std::string& what) { return "“" + what + "”"; }

// The details of a ValidationError ("NAME: …", written by CLI11's validators).
std::string validationText(const std::string& what) {
  std::smatch m;
  auto is = [&](const char* re) { return std::regex_match(what, m, std::regex(re)); };
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
  if (is(R"((-\S+): (.*))"))
    return fmt(tr("%1$s: the value is not allowed (%2$s)"), m.str(1).c_str(), quoted(m.str(2)).c_str());
  return fmt(tr("a value is not allowed (%s)"), quoted(what).c_str());
}

}  // namespace

std::string cliErrorText(const CLI::Error& e, const CLI::App* app) {
  const std::string what = e.what();
  std::smatch m;
  auto is = [&](const char* re) { return std::regex_match(what, m, std::regex(re)); };
  // Chosen by CLI11's exception type, so a CLI11 that words its errors differently still gets a sentence in the
  // reader's language; the details are read from CLI11 2.1's wording (CLI/Error.hpp, CLI/Validators.hpp) where
  // they match it, else CLI11's own text is quoted.
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    // In the order given: CLI11 2.1 lists them last first.
    std::string args;
    if (app)
      for (const std::string& a : app->remaining(true)) args += (args.empty() ? "" : " ") + a;
    if (args.empty()) args = tail(what);
    return args.find(' ') == std::string::npos
               ? fmt(tr("The following argument was not expected: %s"), args.c_str())
               : fmt(tr("The following arguments were not expected: %s"), args.c_str());
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    if (is(R"(A subcommand is required)")) return tr("A subcommand is required");
    if (is(R"((\S+) is required)")) return fmt(tr("%s is required"), m.str(1).c_str());
    return fmt(tr("something required is missing (%s)"), quoted(what).c_str());
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    if (is(R"(Could not convert: (\S+) = (.*))"))
      return fmt(tr("Could not convert: %1$s = %2$s"), m.str(1).c_str(), m.str(2).c_str());
    if (is(R"(The value (.*) is not an allowed value for (\S+))"))
      return fmt(tr("The value %1$s is not an allowed value for %2$s"), m.str(1).c_str(), m.str(2).c_str());
    return fmt(tr("a value could not be read (%s)"), quoted(what).c_str());
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e)) return validationText(what);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    if (is(R"((\S+): (\d+) required (\S+) missing)"))
      return fmt(tr("%1$s: %2$s required %3$s missing"), m.str(1).c_str(), m.str(2).c_str(), tr(m.str(3).c_str()));
    if (is(R"(Expected exactly (\d+) arguments? to (\S+), got (\d+))"))
      return fmt(tr("Expected exactly %1$s arguments to %2$s, got %3$s"), m.str(1).c_str(), m.str(2).c_str(),
                 m.str(3).c_str());
    return fmt(tr("an option has the wrong number of values (%s)"), quoted(what).c_str());
  }
  if (dynamic_cast<const CLI::RequiresError*>(&e)) {
    if (is(R"((\S+) requires (\S+))")) return fmt(tr("%1$s requires %2$s"), m.str(1).c_str(), m.str(2).c_str());
    return fmt(tr("an option needs another one (%s)"), quoted(what).c_str());
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&e)) {
    if (is(R"((\S+) excludes (\S+))")) return fmt(tr("%1$s excludes %2$s"), m.str(1).c_str(), m.str(2).c_str());
    return fmt(tr("two options cannot be given together (%s)"), quoted(what).c_str());
  }
  return fmt(tr("invalid command line: %s"), quoted(what).c_str());
}

}  // namespace gp::app
