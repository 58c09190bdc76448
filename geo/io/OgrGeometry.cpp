#include "geo/io/OgrGeometry.hpp"

namespace gp::ogr {

namespace {
Ring ringOf(const OGRLinearRing* r) {
  Ring out;
  if (!r) return out;
  int n = r->getNumPoints();
  out.resize(n);
  for (int i = 0; i < n; ++i) out[i] = {r->getX(i), r->getY(i)};
  return out;
}

void collectPolygons(const OGRGeometry* g, MultiPolygon& out) {
  if (!g || g->IsEmpty()) return;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon: {
      const auto* p = g->toPolygon();
      Polygon poly;
      poly.rings.push_back(ringOf(p->getExteriorRing()));
      for (int i = 0; i < p->getNumInteriorRings(); ++i) poly.rings.push_back(ringOf(p->getInteriorRing(i)));
      out.push_back(std::move(poly));
      break;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbMultiSurface: {
      const auto* c = g->toGeometryCollection();
      for (int i = 0; i < c->getNumGeometries(); ++i) collectPolygons(c->getGeometryRef(i), out);
      break;
    }
    case wkbCurvePolygon:
    case wkbPolyhedralSurface:
    case wkbTIN: {
      std::unique_ptr<OGRGeometry> lin(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
      if (lin && wkbFlatten(lin->getGeometryType()) == wkbMultiPolygon) collectPolygons(lin.get(), out);
      break;
    }
    default: break;
  }
}

void collectLines(const OGRGeometry* g, std::vector<LineString>& out) {
  if (!g || g->IsEmpty()) return;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbLineString:
    case wkbCircularString:
    case wkbCompoundCurve: {
      std::unique_ptr<OGRGeometry> owned;
      const OGRGeometry* lg = g;
      if (wkbFlatten(g->getGeometryType()) != wkbLineString) {
        owned.reset(OGRGeometryFactory::forceToLineString(g->clone()));
        lg = owned.get();
      }
      const auto* l = lg->toLineString();
      LineString ls(l->getNumPoints());
      for (int i = 0; i < l->getNumPoints(); ++i) ls[i] = {l->getX(i), l->getY(i)};
      out.push_back(std::move(ls));
      break;
    }
    case wkbMultiLineString:
    case wkbMultiCurve:
    case wkbGeometryCollection: {
      const auto* c = g->toGeometryCollection();
      for (int i = 0; i < c->getNumGeometries(); ++i) collectLines(c->getGeometryRef(i), out);
      break;
    }
    default: break;
  }
}

OGRLinearRing* ringTo(const Ring& r) {
  auto* lr = new OGRLinearRing();
  lr->setNumPoints(static_cast<int>(r.size()), FALSE);
  for (size_t i = 0; i < r.size(); ++i) lr->setPoint(static_cast<int>(i), r[i].x, r[i].y);
  lr->closeRings();
  return lr;
}
}  // namespace

MultiPolygon toMultiPolygon(const OGRGeometry* g) {
  MultiPolygon out;
  collectPolygons(g, out);
  return out;
}

std::vector<LineString> toLineStrings(const OGRGeometry* g) {
  std::vector<LineString> out;
  collectLines(g, out);
  return out;
}

std::unique_ptr<OGRPolygon> toOgr(const Polygon& p) {
  auto poly = std::make_unique<OGRPolygon>();
  for (const Ring& r : p.rings)
    if (r.size() >= 3) poly->addRingDirectly(ringTo(r));
  return poly;
}

std::unique_ptr<OGRMultiPolygon> toOgr(const MultiPolygon& mp) {
  auto m = std::make_unique<OGRMultiPolygon>();
  for (const Polygon& p : mp) m->addGeometryDirectly(toOgr(p).release());
  return m;
}

std::unique_ptr<OGRLineString> toOgr(const LineString& l) {
  auto ls = std::make_unique<OGRLineString>();
  ls->setNumPoints(static_cast<int>(l.size()), FALSE);
  for (size_t i = 0; i < l.size(); ++i) ls->setPoint(static_cast<int>(i), l[i].x, l[i].y);
  return ls;
}

}  // namespace gp::ogr
