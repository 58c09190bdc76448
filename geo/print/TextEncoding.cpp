#include "geo/print/TextEncoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::print {

bool isValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned c = p[i];
    size_t len;
    unsigned cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range code points are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

namespace {

// Converts with iconv; returns false at the first byte that does not convert, with its offset in `bad_at`.
bool convert(const std::string& s, const char* from, std::string& out, size_t& bad_at) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    bad_at = 0;
    return false;
  }
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  out.assign(s.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(s.data());
  size_t inleft = s.size();
  char* o = out.data();
  size_t oleft = out.size();
  while (inleft > 0) {
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    if (r == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        size_t used = static_cast<size_t>(o - out.data());
        out.resize(out.size() * 2);
        o = out.data() + used;
        oleft = out.size() - used;
        continue;
      }
      bad_at = s.size() - inleft;
      return false;
    }
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return true;
}

}  // namespace

std::string toUtf8(const std::string& s, const std::string& what, std::string* encoding) {
  static const std::string bom = "\xEF\xBB\xBF";
  if (s.size() >= 2 && ((s[0] == '\xFF' && s[1] == '\xFE') || (s[0] == '\xFE' && s[1] == '\xFF'))) {
    const char* enc = s[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    std::string out;
    size_t at = 0;
    if (!convert(s.substr(2), enc, out, at))
      throw InputError(fmt(tr("%1$s: starts with a %2$s byte-order mark but is not valid %2$s (bad bytes at offset "
                              "%3$zu); save it again as \"CSV UTF-8\" from Excel"),
                           what.c_str(), enc, at + 2));
    if (encoding) *encoding = enc;
    return out;
  }
  if (s.compare(0, bom.size(), bom) == 0) {
    std::string rest = s.substr(bom.size());
    if (!isValidUtf8(rest))
      throw InputError(fmt(tr("%s: starts with a UTF-8 byte-order mark but is not valid UTF-8; save it again as UTF-8"),
                           what.c_str()));
    if (encoding) *encoding = "UTF-8";
    return rest;
  }
  if (isValidUtf8(s)) {
    if (encoding) *encoding = "UTF-8";
    return s;
  }
  std::string out;
  size_t at = 0;
  if (!convert(s, "GB18030", out, at))
    throw InputError(fmt(tr("%1$s: neither UTF-8 nor GBK (bad byte at offset %2$zu); save it as \"CSV UTF-8\" from Excel"),
                         what.c_str(), at));
  if (encoding) *encoding = "GBK";
  return out;
}

}  // namespace gp::print
