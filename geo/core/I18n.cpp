#include "geo/core/I18n.hpp"

#include <libintl.h>
#include <locale.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <vector>

// glibc's catalog cache counter: bumping it makes gettext look the language up again (GNU gettext manual,
// "Being a gettext grok": changing the language at run time).
extern "C" int _nl_msg_cat_cntr;

namespace gp::i18n {

namespace {

constexpr const char* kDomain = "gridplan";
std::mutex mu;
Lang current = Lang::En;
bool bound = false;

bool isChinese(const std::string& s) { return s.rfind("zh", 0) == 0; }

std::string exeDir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.parent_path().string();
}

void bindOnce() {
  if (bound) return;
  bound = true;
  // Messages by language, not by locale: LC_MESSAGES "C" would make gettext ignore LANGUAGE, and the
  // user's zh_CN.UTF-8 may not be generated. C.UTF-8 is always there (glibc builds it in).
  setlocale(LC_MESSAGES, "C.UTF-8");
  std::string dir = catalogDir();
  if (!dir.empty()) bindtextdomain(kDomain, dir.c_str());
  bind_textdomain_codeset(kDomain, "UTF-8");
}

}  // namespace

Lang choose(const std::string& choice) {
  if (!choice.empty()) {
    if (isChinese(choice)) return Lang::Zh;
    if (choice.rfind("en", 0) == 0 || choice == "C" || choice == "POSIX") return Lang::En;
    throw std::invalid_argument(fmt(tr("unknown language '%s': use zh or en"), choice.c_str()));
  }
  for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return isChinese(v) ? Lang::Zh : Lang::En;
  }
  return Lang::En;
}

void setLanguage(Lang lang) {
  std::lock_guard<std::mutex> lock(mu);
  bindOnce();
  current = lang;
  setenv("LANGUAGE", lang == Lang::Zh ? "zh_CN" : "en", 1);
  ++_nl_msg_cat_cntr;
}

Lang language() {
  std::lock_guard<std::mutex> lock(mu);
  return current;
}

const char* code(Lang lang) { return lang == Lang::Zh ? "zh_CN" : "en"; }

std::string catalogDir() {
  namespace fs = std::filesystem;
  auto holds = [](const fs::path& d) {
    std::error_code ec;
    return fs::exists(d / "zh_CN" / "LC_MESSAGES" / "gridplan.mo", ec);
  };
  if (const char* env = std::getenv("GRIDPLAN_LOCALEDIR"); env && *env) return env;
  std::string exe = exeDir();
  if (exe.empty()) return {};
  for (const fs::path& d : {fs::path(exe) / "locale", fs::path(exe) / ".." / "locale",
                            fs::path(exe) / ".." / "share" / "locale"})
    if (holds(d)) return fs::weakly_canonical(d).string();
  return {};
}

}  // namespace gp::i18n

namespace gp {

const char* tr(const char* msgid) { return dgettext("gridplan", msgid); }

const char* trn(const char* singular, const char* plural, unsigned long n) {
  return dngettext("gridplan", singular, plural, n);
}

std::string fmt(const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  va_list ap2;
  va_copy(ap2, ap);
  int n = std::vsnprintf(nullptr, 0, format, ap);
  va_end(ap);
  std::string out;
  if (n > 0) {
    out.resize(static_cast<size_t>(n));
    std::vsnprintf(out.data(), out.size() + 1, format, ap2);
  }
  va_end(ap2);
  return out;
}

}  // namespace gp
