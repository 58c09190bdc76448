#include "geo/print/SignData.hpp"

#include <algorithm>
#include <map>
#include <cmath>
#include <set>

#include "geo/print/SignMap.hpp"

namespace gp::print {

namespace {

bool overlaps(const BBox& a, const BBox& b) {
  return !a.empty() && !b.empty() && a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}

const char* kDash = "\xE2\x80\x93";  // – between the ends of a range

std::string range(int a, int b) { return a == b ? std::to_string(a) : std::to_string(a) + kDash + std::to_string(b); }

// "1–3、5" from sorted distinct numbers.
std::string ranges(const std::vector<int>& v) {
  std::string out;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (!out.empty()) out += "、";
    out += range(v[i], v[j]);
    i = j + 1;
  }
  return out;
}

std::string buildingName(const Building& b) { return b.name.empty() ? b.bld_id : b.name; }

std::string floorsText(std::vector<std::pair<int, int>> f) {
  std::sort(f.begin(), f.end());
  // Merge touching ranges: pieces 1–3 and 4–7 of one entrance read as 1–7.
  std::vector<std::pair<int, int>> m;
  for (auto r : f) {
    if (!m.empty() && r.first <= m.back().second + 1) m.back().second = std::max(m.back().second, r.second);
    else m.push_back(r);
  }
  std::string out;
  for (auto [a, b] : m) {
    if (!out.empty()) out += "、";
    out += range(a, b);
  }
  return out + "层";
}

}  // namespace

bool naturalLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t i2 = i, j2 = j;
      while (i2 < a.size() && a[i2] == '0') ++i2;
      while (j2 < b.size() && b[j2] == '0') ++j2;
      size_t ie = i2, je = j2;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      if (ie - i2 != je - j2) return ie - i2 < je - j2;
      int c = a.compare(i2, ie - i2, b, j2, je - j2);
      if (c != 0) return c < 0;
      i = ie, j = je;
    } else {
      if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::string describePieces(const Plan& plan, const std::vector<int>& pieces) {
  std::map<int, std::vector<int>> by_building;
  for (int p : pieces) {
    const Piece& pc = plan.pieces[size_t(p)];
    if (pc.building >= 0 && size_t(pc.building) < plan.in.buildings.size()) by_building[pc.building].push_back(p);
  }
  std::vector<int> blds;
  for (auto& [b, v] : by_building) blds.push_back(b);
  std::sort(blds.begin(), blds.end(), [&](int a, int b) {
    const std::string na = buildingName(plan.in.buildings[size_t(a)]), nb = buildingName(plan.in.buildings[size_t(b)]);
    if (na != nb) return naturalLess(na, nb);
    return a < b;
  });
  std::vector<std::string> parts;
  for (int b : blds) {
    const Building& bld = plan.in.buildings[size_t(b)];
    std::string name = buildingName(bld);
    std::vector<int> whole_entrances;
    std::map<int, std::vector<std::pair<int, int>>> floors;  // entrance (-1 = whole building) → ranges
    bool whole = false;
    for (int p : by_building[b]) {
      const Piece& pc = plan.pieces[size_t(p)];
      bool all_floors = pc.floor_from < 0 || pc.floor_to < 0;
      if (pc.entrance < 0 && all_floors) whole = true;
      else if (all_floors) whole_entrances.push_back(pc.entrance);
      else floors[pc.entrance].push_back({pc.floor_from, pc.floor_to});
    }
    std::sort(whole_entrances.begin(), whole_entrances.end());
    whole_entrances.erase(std::unique(whole_entrances.begin(), whole_entrances.end()), whole_entrances.end());
    if (whole || (floors.empty() && bld.entrances > 0 && int(whole_entrances.size()) == bld.entrances &&
                  whole_entrances.front() == 1 && whole_entrances.back() == bld.entrances)) {
      parts.push_back(name);
      continue;
    }
    if (!whole_entrances.empty()) parts.push_back(name + ranges(whole_entrances) + "单元");
    for (auto& [e, f] : floors) {
      std::string s = name;
      if (e >= 0) s += std::to_string(e) + "单元";
      parts.push_back(s + " " + floorsText(f));
    }
  }
  std::string out;
  for (auto& p : parts) {
    if (!out.empty()) out += "、";
    out += p;
  }
  return out;
}

SignIndex::SignIndex(const Plan& plan) : plan_(plan) {
  const size_t ng = plan.grids.size(), nu = plan.units.size(), nb = plan.in.buildings.size();
  order_.resize(ng);
  for (size_t i = 0; i < ng; ++i) order_[i] = int(i);
  std::sort(order_.begin(), order_.end(), [&](int a, int b) {
    const auto &x = plan.grids[size_t(a)].grid_id, &y = plan.grids[size_t(b)].grid_id;
    return x != y ? naturalLess(x, y) : a < b;
  });
  grid_buildings_.resize(ng);
  grid_units_.resize(ng);
  unit_pieces_.resize(nu);
  std::vector<std::set<int>> gb(ng);
  for (size_t p = 0; p < plan.pieces.size(); ++p) {
    const Piece& pc = plan.pieces[p];
    if (pc.grid >= 0 && size_t(pc.grid) < ng && pc.building >= 0 && size_t(pc.building) < nb) gb[size_t(pc.grid)].insert(pc.building);
    if (pc.unit >= 0 && size_t(pc.unit) < nu) unit_pieces_[size_t(pc.unit)].push_back(int(p));
  }
  for (size_t g = 0; g < ng; ++g) grid_buildings_[g].assign(gb[g].begin(), gb[g].end());
  for (size_t u = 0; u < nu; ++u)
    if (plan.units[u].grid >= 0 && size_t(plan.units[u].grid) < ng) grid_units_[size_t(plan.units[u].grid)].push_back(int(u));
  for (auto& v : grid_units_)
    std::sort(v.begin(), v.end(), [&](int a, int b) { return naturalLess(plan.units[size_t(a)].unit_id, plan.units[size_t(b)].unit_id); });
  building_box_.reserve(nb);
  for (const auto& b : plan.in.buildings) building_box_.push_back(bbox(b.footprint));
  grid_box_.reserve(ng);
  for (size_t g = 0; g < ng; ++g) {
    BBox box = bbox(plan.grids[g].shape);
    if (box.empty())
      for (int b : grid_buildings_[g]) box.add(building_box_[size_t(b)]);
    grid_box_.push_back(box);
  }
  for (const auto& br : plan.in.barriers) barrier_box_.push_back(bbox(br.line));
  // Cells of about four buildings' spacing, but never more than ~4 million cells for a sparse plan.
  BBox all;
  for (const auto& b : building_box_) all.add(b);
  if (!all.empty()) {
    double a = std::max(1.0, all.width() * all.height());
    cell_ = std::max(20.0, std::sqrt(a / double(std::max<size_t>(nb, 1))) * 2);
    while ((all.width() / cell_ + 1) * (all.height() / cell_ + 1) > 4e6) cell_ *= 2;
    origin_ = {all.minx, all.miny};
    nx_ = int(all.width() / cell_) + 1, ny_ = int(all.height() / cell_) + 1;
    cells_.resize(size_t(nx_) * size_t(ny_));
    for (size_t b = 0; b < nb; ++b) {
      const BBox& bb = building_box_[b];
      if (bb.empty()) continue;
      int x0 = int((bb.minx - origin_.x) / cell_), x1 = int((bb.maxx - origin_.x) / cell_);
      int y0 = int((bb.miny - origin_.y) / cell_), y1 = int((bb.maxy - origin_.y) / cell_);
      for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) cells_[size_t(y) * size_t(nx_) + size_t(x)].push_back(int(b));
    }
  }
  for (const auto& c : plan.in.communities) community_box_.push_back(bbox(c.area));
}

std::vector<int> SignIndex::buildingsIn(const BBox& view) const {
  std::vector<int> out;
  if (cells_.empty() || view.empty()) return out;
  auto clampX = [&](double x) { return std::clamp(int(std::floor((x - origin_.x) / cell_)), 0, nx_ - 1); };
  auto clampY = [&](double y) { return std::clamp(int(std::floor((y - origin_.y) / cell_)), 0, ny_ - 1); };
  int x0 = clampX(view.minx), x1 = clampX(view.maxx), y0 = clampY(view.miny), y1 = clampY(view.maxy);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x)
      for (int b : cells_[size_t(y) * size_t(nx_) + size_t(x)])
        if (overlaps(building_box_[size_t(b)], view)) out.push_back(b);
  // A building in several cells is found once per cell; plan order keeps the drawing order of before.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int SignIndex::findGrid(const std::string& grid_id) const {
  for (size_t i = 0; i < plan_.grids.size(); ++i)
    if (plan_.grids[i].grid_id == grid_id) return int(i);
  return -1;
}

SignData SignIndex::make(int gi, double aspect, double min_extent_m) const {
  const Plan& plan = plan_;
  const Grid& g = plan.grids[size_t(gi)];
  SignData d;
  d.grid_id = g.grid_id;
  d.grid_name = g.name;
  if (g.community >= 0 && size_t(g.community) < plan.in.communities.size()) {
    d.community_id = plan.in.communities[size_t(g.community)].community_id;
    d.community_name = plan.in.communities[size_t(g.community)].name;
  }
  d.households = g.households;
  d.worker_name = g.worker_name;
  d.worker_phone = g.worker_phone;
  d.duties = g.duties;
  d.grid_shape = g.shape;

  // View: the grid with a margin, at least min_extent_m across, widened to the map box's aspect.
  BBox box = grid_box_[size_t(gi)];
  if (box.empty() && g.community >= 0 && size_t(g.community) < community_box_.size()) box = community_box_[size_t(g.community)];
  if (box.empty()) box.add(XY{0, 0});
  XY c = box.center();
  double w = box.width(), h = box.height();
  double m = std::max(w, h) * 0.06;
  w += 2 * m, h += 2 * m;
  w = std::max(w, min_extent_m), h = std::max(h, min_extent_m);
  if (aspect > 0) {
    if (w / h < aspect) w = h * aspect;
    else h = w / aspect;
  }
  d.view.add(XY{c.x - w / 2, c.y - h / 2});
  d.view.add(XY{c.x + w / 2, c.y + h / 2});

  // What is clipped keeps a margin beyond the view (a tenth of its width) so that clipped ends and the
  // edges clipping adds along the margin lie outside the map frame with their line widths.
  BBox margin = d.view;
  {
    double e = d.view.width() * 0.1;
    margin.minx -= e, margin.miny -= e, margin.maxx += e, margin.maxy += e;
  }
  auto within = [&](const BBox& b) {
    return b.minx >= margin.minx && b.maxx <= margin.maxx && b.miny >= margin.miny && b.maxy <= margin.maxy;
  };
  auto clipped = [&](const MultiPolygon& mp, const BBox& b) { return within(b) ? mp : clipToBox(mp, margin); };

  // Community outlines are drawn dash-dot: clipped, they would start elsewhere and shift the dashes, so
  // they come whole (there are few, and the map simplifies them to the print resolution).
  for (size_t k = 0; k < plan.in.communities.size(); ++k)
    if (overlaps(community_box_[k], d.view)) d.communities.push_back(plan.in.communities[k].area);

  const auto& own = grid_buildings_[size_t(gi)];
  for (int bi : buildingsIn(d.view)) {
    const size_t b = size_t(bi);
    MapBuilding mb;
    mb.footprint = plan.in.buildings[b].footprint;
    mb.own = std::binary_search(own.begin(), own.end(), int(b));
    if (mb.own) mb.label = buildingName(plan.in.buildings[b]);
    d.buildings.push_back(std::move(mb));
  }
  // Buildings of this grid outside the view cannot happen (the view covers them), but a building
  // whose footprint lies elsewhere (bad data) still gets its name in the table through the pieces.

  for (int u : grid_units_[size_t(gi)]) {
    const Unit& unit = plan.units[size_t(u)];
    std::string number = unit.unit_id;
    if (number.size() > g.grid_id.size() && number.compare(0, g.grid_id.size(), g.grid_id) == 0)
      number = number.substr(g.grid_id.size());
    d.units.push_back({unit.shape, number});
    UnitRow row;
    row.code = unit.unit_id;
    row.number = number;
    row.covers = describePieces(plan, unit_pieces_[size_t(u)]);
    row.households = unit.households;
    row.leader = unit.leader_name;
    d.rows.push_back(std::move(row));
  }

  for (size_t o = 0; o < plan.grids.size(); ++o)
    if (int(o) != gi && overlaps(grid_box_[o], d.view) && !plan.grids[o].shape.empty()) {
      MultiPolygon shape = clipped(plan.grids[o].shape, grid_box_[o]);
      if (!shape.empty()) d.neighbours.push_back({std::move(shape), plan.grids[o].grid_id});
    }

  for (size_t k = 0; k < plan.in.barriers.size(); ++k)
    if (overlaps(barrier_box_[k], d.view)) {
      const Barrier& br = plan.in.barriers[k];
      if (within(barrier_box_[k])) {
        d.barriers.push_back({br.line, br.kind, br.name});
        continue;
      }
      // The runs of the line inside the margin, each its own line.
      for (const LineString& part : clipLine(br.line, margin)) d.barriers.push_back({part, br.kind, br.name});
    }
  return d;
}

}  // namespace gp::print
