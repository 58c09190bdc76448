#include "geo/pipeline/Codes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gp::pipeline {

std::vector<int> readingOrder(const std::vector<XY>& at, double top, double band) {
  if (!(band > 0)) band = 1.0;
  std::vector<long long> row(at.size());
  for (size_t i = 0; i < at.size(); ++i) row[i] = static_cast<long long>(std::floor((top - at[i].y) / band));
  std::vector<int> idx(at.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) {
    if (row[a] != row[b]) return row[a] < row[b];
    if (at[a].x != at[b].x) return at[a].x < at[b].x;
    return at[a].y > at[b].y;
  });
  return idx;
}

double readingBand(double area, int n) {
  if (n <= 0 || !(area > 0)) return 1.0;
  return std::max(1.0, std::sqrt(area / n));
}

std::string makeCode(const std::string& prefix, int seq, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*d", digits, seq);
  return prefix + buf;
}

std::string nextFreeCode(const std::string& prefix, int digits, int& from, const std::set<std::string>& used) {
  for (;;) {
    ++from;
    std::string c = makeCode(prefix, from, digits);
    if (!used.count(c)) return c;
  }
}

}  // namespace gp::pipeline
