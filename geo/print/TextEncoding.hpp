#pragma once
// Text as Chinese planners' files carry it: UTF-8 or GBK (what Excel saves as "CSV"), with or
// without a byte-order mark, or UTF-16 with one (what Excel saves as "Unicode text").
#include <string>

namespace gp::print {

bool isValidUtf8(const std::string& s);

// Returns `s` as UTF-8 without a BOM: converted from UTF-16 when it starts with a UTF-16 BOM (FF FE or
// FE FF), unchanged when it is valid UTF-8, else converted from GBK (GB18030, its superset) with iconv.
// `encoding` receives "UTF-16LE", "UTF-16BE", "UTF-8" or "GBK". Throws gp::InputError naming `what` when
// the text is none of these.
std::string toUtf8(const std::string& s, const std::string& what, std::string* encoding = nullptr);

}  // namespace gp::print
