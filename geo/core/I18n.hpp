#pragma once
// Messages in the reader's language, through GNU gettext (domain "gridplan", catalogs po/*.po compiled
// into <build>/locale). English is the source language: a message not in the catalog reads as written.
//
// Marking: tr("…") for a message, trn("… %d household", "… %d households", n) for one with a count, and
// fmt(tr("… %1$s … %2$d"), a, b) for arguments (printf formats, positional where a translation may
// reorder them; msgfmt --check-format keeps translations' arguments in step). N_("…") marks a literal
// kept in a table and translated where it is shown.
#include <string>

#define N_(s) s

namespace gp::i18n {

enum class Lang { En, Zh };

// The language asked for: `choice` ("zh", "zh_CN", "en", … from --lang) when given, else the first of
// LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set (zh* is Chinese, anything else English). Throws
// std::invalid_argument for a choice that is neither, its message in the current language.
Lang choose(const std::string& choice);

// Every later message is in `lang`, also when switched at run time (the studio's language menu). Works
// where the zh_CN locale is not generated on the machine: the catalog is chosen by language, not locale.
void setLanguage(Lang lang);
Lang language();
// "zh_CN" or "en": what plan_meta records.
const char* code(Lang lang);

// Where the catalogs are found: $GRIDPLAN_LOCALEDIR, else the first of <exe>/locale, <exe>/../locale,
// <exe>/../share/locale holding gridplan.mo. Empty when none does (every message then stays English).
std::string catalogDir();

}  // namespace gp::i18n

namespace gp {

const char* tr(const char* msgid);
const char* trn(const char* singular, const char* plural, unsigned long n);
// printf into a std::string (positional arguments allowed).
std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace gp
