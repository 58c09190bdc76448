#include "geo/core/Text.hpp"

#include <cstdio>

namespace gp {

std::string trim(const std::string& s) {
  auto ascii = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  const char* ideographic = "\xE3\x80\x80";  // U+3000, the space Chinese input methods type
  size_t b = 0, e = s.size();
  for (;;) {
    if (b < e && ascii(s[b])) ++b;
    else if (e - b >= 3 && s.compare(b, 3, ideographic) == 0) b += 3;
    else break;
  }
  for (;;) {
    if (e > b && ascii(s[e - 1])) --e;
    else if (e - b >= 3 && s.compare(e - 3, 3, ideographic) == 0) e -= 3;
    else break;
  }
  return s.substr(b, e - b);
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string thousands(long long v) {
  // Through unsigned: -LLONG_MIN does not fit a long long.
  unsigned long long m = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  std::string s = std::to_string(m), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string shortNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool toValidUtf8(std::string& s) {
  auto valid = [&](size_t i) -> size_t {  // length of the valid sequence at i, 0 if none
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k)
      if ((b(i + k) & 0xC0) != 0x80) return 0;
    unsigned char d = b(i + 1);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90))
      return 0;
    return len;
  };
  size_t i = 0;
  for (; i < s.size(); i += valid(i))
    if (valid(i) == 0) break;
  if (i == s.size()) return false;
  std::string out = s.substr(0, i);
  while (i < s.size()) {
    size_t n = valid(i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  s = std::move(out);
  return true;
}

}  // namespace gp
