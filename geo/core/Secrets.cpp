#include "geo/core/Secrets.hpp"

#include <cctype>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp {

namespace {

bool startsWithNoCase(const std::string& s, size_t at, const char* word) {
  for (size_t i = 0; word[i]; ++i)
    if (at + i >= s.size() || std::tolower(static_cast<unsigned char>(s[at + i])) != word[i]) return false;
  return true;
}

bool keyStart(const std::string& s, size_t i) {
  return i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_');
}

}  // namespace

std::string maskPasswords(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    // key = value pairs, spaces allowed around '=' as libpq allows.
    size_t keylen = startsWithNoCase(s, i, "password") ? 8 : startsWithNoCase(s, i, "pwd") ? 3 : 0;
    if (keylen && keyStart(s, i)) {
      size_t j = i + keylen;
      while (j < s.size() && s[j] == ' ') ++j;
      if (j < s.size() && s[j] == '=') {
        ++j;
        while (j < s.size() && s[j] == ' ') ++j;
        out.append(s, i, keylen);
        out += "=***";
        if (j < s.size() && (s[j] == '\'' || s[j] == '"')) {
          char quote = s[j++];
          while (j < s.size() && s[j] != quote) j += s[j] == '\\' ? 2 : 1;
          if (j < s.size()) ++j;
        } else if (s.compare(j, 3, "***") == 0) {
          j += 3;  // masked already: what follows is the message, not the password
        } else {
          // An unquoted value ends at a space (libpq), a comma or semicolon (MySQL, ODBC), a quote around the
          // whole string, or a colon before a space (the message going on after it).
          auto ends = [&](size_t k) {
            char c = s[k];
            return std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '\'' || c == '"' ||
                   (c == ':' && (k + 1 == s.size() || std::isspace(static_cast<unsigned char>(s[k + 1]))));
          };
          while (j < s.size() && !ends(j)) ++j;
        }
        i = std::min(j, s.size());
        continue;
      }
    }
    // scheme://user:password@host
    if (s.compare(i, 3, "://") == 0) {
      size_t end = s.find_first_of(" \t\r\n/?#", i + 3);
      if (end == std::string::npos) end = s.size();
      size_t at = s.rfind('@', end);
      size_t colon = s.find(':', i + 3);
      if (at != std::string::npos && at > i + 3 && colon != std::string::npos && colon < at) {
        out.append(s, i, colon + 1 - i);
        out += "***";
        i = at;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

bool isDatabaseConnection(const std::string& s) {
  for (const char* prefix : {"pg:", "postgresql:", "mysql:", "mssql:", "oci:", "odbc:"})
    if (startsWithNoCase(s, 0, prefix)) return true;
  return startsWithNoCase(s, 0, "postgres://");
}

void refuseDatabaseOutput(const std::string& option, const std::string& out, const std::string& example) {
  if (!isDatabaseConnection(out)) return;
  throw InputError(fmt(tr("%1$s %2$s: gridplan writes files, not into a database (not yet): give a file, e.g. %1$s "
                          "%3$s, and copy it into PostGIS with ogr2ogr -f PostgreSQL \"PG:…\" %3$s if needed"),
                       option.c_str(), maskPasswords(out).c_str(), example.c_str()));
}

}  // namespace gp
