#include <algorithm>
#include <cmath>

#include "geo/print/SignMap_Internal.hpp"

namespace gp::print {

namespace {

Ring clipRing(const Ring& in, const BBox& b) {
  auto clipEdge = [](const std::vector<XY>& pts, auto inside, auto cross) {
    std::vector<XY> out;
    if (pts.empty()) return out;
    for (size_t i = 0; i < pts.size(); ++i) {
      XY cur = pts[i], prev = pts[(i + pts.size() - 1) % pts.size()];
      bool ci = inside(cur), pi = inside(prev);
      if (ci) {
        if (!pi) out.push_back(cross(prev, cur));
        out.push_back(cur);
      } else if (pi) {
        out.push_back(cross(prev, cur));
      }
    }
    return out;
  };
  std::vector<XY> pts(in.begin(), in.end());
  if (pts.size() > 1 && pts.front().x == pts.back().x && pts.front().y == pts.back().y) pts.pop_back();
  auto atX = [](XY a, XY c, double x) { return XY{x, a.y + (x - a.x) / (c.x - a.x) * (c.y - a.y)}; };
  auto atY = [](XY a, XY c, double y) { return XY{a.x + (y - a.y) / (c.y - a.y) * (c.x - a.x), y}; };
  pts = clipEdge(pts, [&](XY p) { return p.x >= b.minx; }, [&](XY a, XY c) { return atX(a, c, b.minx); });
  pts = clipEdge(pts, [&](XY p) { return p.x <= b.maxx; }, [&](XY a, XY c) { return atX(a, c, b.maxx); });
  pts = clipEdge(pts, [&](XY p) { return p.y >= b.miny; }, [&](XY a, XY c) { return atY(a, c, b.miny); });
  pts = clipEdge(pts, [&](XY p) { return p.y <= b.maxy; }, [&](XY a, XY c) { return atY(a, c, b.maxy); });
  if (pts.size() >= 3) pts.push_back(pts.front());
  else pts.clear();
  return pts;
}

}  // namespace

MultiPolygon clipToBox(const MultiPolygon& mp, const BBox& box) {
  MultiPolygon out;
  for (const auto& p : mp) {
    Polygon q;
    for (size_t i = 0; i < p.rings.size(); ++i) {
      Ring r = clipRing(p.rings[i], box);
      if (r.empty()) {
        if (i == 0) break;
        continue;
      }
      q.rings.push_back(std::move(r));
    }
    if (!q.rings.empty()) out.push_back(std::move(q));
  }
  return out;
}

namespace signmap {

// The points of a ring or line on the page, simplified within `tol` page units (Douglas–Peucker, first
// and last point kept). Tessellated grid and unit outlines carry a vertex every metre or two; at the scale
// of a sign most lie within a hair of the line through their neighbours, and every vertex costs cairo a
// number written into the PDF and a step of the rasteriser.
void pagePoints(const View& v, const std::vector<XY>& in, std::vector<XY>& out) {
  out.clear();
  const size_t n = in.size();
  if (n == 0) return;
  std::vector<XY> pts(n);
  for (size_t i = 0; i < n; ++i) pts[i] = {v.px(in[i].x), v.py(in[i].y)};
  if (n <= 2 || v.tol <= 0) {
    out = std::move(pts);
    return;
  }
  std::vector<char> keep(n, 0);
  keep[0] = keep[n - 1] = 1;
  std::vector<std::pair<size_t, size_t>> stack{{0, n - 1}};
  const double tol2 = v.tol * v.tol;
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    const XY pa = pts[a], pb = pts[b];
    const double dx = pb.x - pa.x, dy = pb.y - pa.y, len2 = dx * dx + dy * dy;
    double worst = -1;
    size_t at = a;
    for (size_t i = a + 1; i < b; ++i) {
      double ex = pts[i].x - pa.x, ey = pts[i].y - pa.y, d2;
      if (len2 > 0) {
        double cross = ex * dy - ey * dx;
        d2 = cross * cross / len2;
      } else {
        d2 = ex * ex + ey * ey;  // a closed ring's first and last point coincide
      }
      if (d2 > worst) worst = d2, at = i;
    }
    if (worst > tol2) {
      keep[at] = 1;
      stack.push_back({a, at});
      stack.push_back({at, b});
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) out.push_back(pts[i]);
}

void pathRing(cairo_t* cr, const View& v, const Ring& r) {
  if (r.size() < 2) return;
  thread_local std::vector<XY> p;
  pagePoints(v, r, p);
  cairo_move_to(cr, p[0].x, p[0].y);
  for (size_t i = 1; i < p.size(); ++i) cairo_line_to(cr, p[i].x, p[i].y);
  cairo_close_path(cr);
}

void pathPolys(cairo_t* cr, const View& v, const MultiPolygon& mp) {
  for (const auto& p : mp)
    for (const auto& r : p.rings) pathRing(cr, v, r);
}

void pathLine(cairo_t* cr, const View& v, const LineString& l) {
  if (l.size() < 2) return;
  thread_local std::vector<XY> p;
  pagePoints(v, l, p);
  cairo_move_to(cr, p[0].x, p[0].y);
  for (size_t i = 1; i < p.size(); ++i) cairo_line_to(cr, p[i].x, p[i].y);
}

// Liang–Barsky: clips segment a–b to the box; false when nothing is left.
bool clipSegment(XY& a, XY& b, const BBox& box) {
  double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
  double p[4] = {-dx, dx, -dy, dy};
  double q[4] = {a.x - box.minx, box.maxx - a.x, a.y - box.miny, box.maxy - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  XY a2{a.x + t0 * dx, a.y + t0 * dy}, b2{a.x + t1 * dx, a.y + t1 * dy};
  a = a2, b = b2;
  return true;
}

}  // namespace signmap

std::vector<LineString> clipLine(const LineString& line, const BBox& box) {
  std::vector<LineString> out;
  bool open = false;  // the last run reaches the end of the previous segment
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    XY a = line[i], b = line[i + 1];
    if (!signmap::clipSegment(a, b, box)) {
      open = false;
      continue;
    }
    if (!open || out.empty()) out.push_back({a});
    out.back().push_back(b);
    // The run continues only where the segment's end itself lies inside.
    open = b.x == line[i + 1].x && b.y == line[i + 1].y;
  }
  return out;
}

}  // namespace gp::print
