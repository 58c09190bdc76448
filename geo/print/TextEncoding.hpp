#pragma once
// Text as Chinese planners' files carry it: UTF-8 or GBK (what Excel saves as "CSV"), with or
// without a byte-order mark.
#include <string>

namespace gp::print {

bool isValidUtf8(const std::string& s);

// Returns `s` as UTF-8 without a BOM: unchanged when it is valid UTF-8, else converted from GBK
// (GB18030, its superset) with iconv. `encoding` receives "UTF-8" or "GBK". Throws gp::InputError
// naming `what` when the text is neither.
std::string toUtf8(const std::string& s, const std::string& what, std::string* encoding = nullptr);

}  // namespace gp::print
