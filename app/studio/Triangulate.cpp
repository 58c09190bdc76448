#include "app/studio/Triangulate.hpp"

#include <GL/glu.h>

#include <array>
#include <cmath>
#include <deque>
#include <memory>

namespace gp::studio {

namespace {

bool convexShell(const Ring& r) {
  size_t n = r.size();
  if (n < 4) return false;
  if (n > 12) return false;  // big rings are rarely convex; not worth the check
  int sign = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    const XY& a = r[i];
    const XY& b = r[(i + 1) % (n - 1)];
    const XY& c = r[(i + 2) % (n - 1)];
    double z = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (std::abs(z) < 1e-12) continue;
    int s = z > 0 ? 1 : -1;
    if (sign == 0) sign = s;
    else if (s != sign) return false;
  }
  return sign != 0;
}

struct TessState {
  std::vector<Vec2f>* out;
  GLenum mode = GL_TRIANGLES;
  std::vector<Vec2f> strip;  // vertices of the current primitive
  // Combined vertices: GLU keeps their pointers until gluTessEndPolygon, so they live as long as the polygon
  // (a deque never moves what it holds). A pool shared across polygons and cleared at a size could free the
  // vertices of the polygon being tessellated.
  std::deque<std::array<GLdouble, 3>> combined;
};

void GLAPIENTRY onBegin(GLenum mode, void* data) {
  auto* s = static_cast<TessState*>(data);
  s->mode = mode;
  s->strip.clear();
}
void GLAPIENTRY onVertex(void* vertex, void* data) {
  auto* s = static_cast<TessState*>(data);
  const GLdouble* v = static_cast<const GLdouble*>(vertex);
  s->strip.push_back({float(v[0]), float(v[1])});
}
void GLAPIENTRY onEnd(void* data) {
  auto* s = static_cast<TessState*>(data);
  auto& v = s->strip;
  auto& o = *s->out;
  if (s->mode == GL_TRIANGLES) {
    for (size_t i = 0; i + 2 < v.size(); i += 3) o.insert(o.end(), {v[i], v[i + 1], v[i + 2]});
  } else if (s->mode == GL_TRIANGLE_FAN) {
    for (size_t i = 1; i + 1 < v.size(); ++i) o.insert(o.end(), {v[0], v[i], v[i + 1]});
  } else if (s->mode == GL_TRIANGLE_STRIP) {
    for (size_t i = 0; i + 2 < v.size(); ++i) {
      if (i % 2 == 0) o.insert(o.end(), {v[i], v[i + 1], v[i + 2]});
      else o.insert(o.end(), {v[i + 1], v[i], v[i + 2]});
    }
  }
}
void GLAPIENTRY onCombine(GLdouble coords[3], void*[4], GLfloat[4], void** outData, void* data) {
  auto* s = static_cast<TessState*>(data);
  s->combined.push_back({coords[0], coords[1], coords[2]});
  *outData = s->combined.back().data();
}
void GLAPIENTRY onEdgeFlag(GLboolean, void*) {}  // forces plain GL_TRIANGLES output

GLUtesselator* tess() {
  static thread_local GLUtesselator* t = [] {
    GLUtesselator* made = gluNewTess();
    gluTessCallback(made, GLU_TESS_BEGIN_DATA, reinterpret_cast<void(GLAPIENTRY*)()>(&onBegin));
    gluTessCallback(made, GLU_TESS_VERTEX_DATA, reinterpret_cast<void(GLAPIENTRY*)()>(&onVertex));
    gluTessCallback(made, GLU_TESS_END_DATA, reinterpret_cast<void(GLAPIENTRY*)()>(&onEnd));
    gluTessCallback(made, GLU_TESS_COMBINE_DATA, reinterpret_cast<void(GLAPIENTRY*)()>(&onCombine));
    gluTessCallback(made, GLU_TESS_EDGE_FLAG_DATA, reinterpret_cast<void(GLAPIENTRY*)()>(&onEdgeFlag));
    gluTessProperty(made, GLU_TESS_WINDING_RULE, GLU_TESS_WINDING_ODD);
    gluTessNormal(made, 0, 0, 1);
    return made;
  }();
  return t;
}

}  // namespace

void triangulate(const MultiPolygon& mp, XY origin, std::vector<Vec2f>& out) {
  for (const Polygon& p : mp) {
    if (p.rings.empty() || p.rings[0].size() < 4) continue;
    if (p.rings.size() == 1 && convexShell(p.rings[0])) {
      const Ring& r = p.rings[0];
      Vec2f a{float(r[0].x - origin.x), float(r[0].y - origin.y)};
      for (size_t i = 1; i + 2 < r.size(); ++i)
        out.insert(out.end(), {a, {float(r[i].x - origin.x), float(r[i].y - origin.y)},
                               {float(r[i + 1].x - origin.x), float(r[i + 1].y - origin.y)}});
      continue;
    }
    TessState st;
    st.out = &out;
    std::vector<GLdouble> coords;
    size_t total = 0;
    for (const Ring& r : p.rings) total += r.size();
    coords.reserve(total * 3);  // never reallocates: GLU holds pointers into it
    GLUtesselator* t = tess();
    gluTessBeginPolygon(t, &st);
    for (const Ring& r : p.rings) {
      if (r.size() < 4) continue;
      gluTessBeginContour(t);
      for (size_t i = 0; i + 1 < r.size(); ++i) {  // the closing point repeats the first
        size_t k = coords.size();
        coords.insert(coords.end(), {r[i].x - origin.x, r[i].y - origin.y, 0.0});
        gluTessVertex(t, &coords[k], &coords[k]);
      }
      gluTessEndContour(t);
    }
    gluTessEndPolygon(t);
  }
}

}  // namespace gp::studio
