#pragma once
// Small text helpers every part uses: one copy each (issue 12 step 6).
#include <string>

namespace gp {

// Without leading and trailing spaces, tabs, line ends and ideographic spaces (U+3000, typed by Chinese
// input methods).
std::string trim(const std::string& s);

// ASCII letters in lower case; other bytes (UTF-8 included) unchanged.
std::string lower(std::string s);

// A whole number with thousands separators, as planners read counts in messages: 12,345 and -1,000.
std::string thousands(long long v);

// A number as printf's %g writes it (2.5, 1e+12), for values quoted back from the data.
std::string shortNumber(double v);

// Makes `s` strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF: what JSON writers and
// Pango accept): each byte that does not start a valid sequence becomes U+FFFD. Returns whether it changed.
bool toValidUtf8(std::string& s);

}  // namespace gp
