// Tessellation benchmark: geom::tessellate, adjacency and coverage union on synthetic communities (walk-ups
// split into entrance slices, towers, roads between blocks) and optionally on a real building layer.
//   bench_tessellate [--buildings N,...] [--communities K] [--threads T] [--runs R] [--gpkg FILE --layer L]
// Prints one line per case: seeds, sample points, seconds (median of runs), cells, peak RSS.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Coverage.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/geom/Pieces.hpp"
#include "geo/geom/Tessellation.hpp"

using namespace gp;

namespace {

struct Layout {
  MultiPolygon area;
  std::vector<MultiPolygon> seeds;
  std::vector<LineString> roads;
};

MultiPolygon box(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

// About `buildings` buildings in blocks of 4x4 (walk-ups 60x12 m as 3 entrance slices; every 7th a 25x25 m
// tower), roads between blocks, coordinates like a Gauss-Krueger zone.
Layout synthetic(int buildings, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> j(-2, 2);
  Layout c;
  int blocks = std::max(1, buildings / 16);
  int side = static_cast<int>(std::ceil(std::sqrt(blocks)));
  double bw = 4 * 75 + 20, bh = 4 * 30 + 20;  // block size with its road margin
  double x0 = 40500000, y0 = 3500000;
  int made = 0;
  for (int bx = 0; bx < side && made < buildings; ++bx)
    for (int by = 0; by < side && made < buildings; ++by)
      for (int i = 0; i < 4 && made < buildings; ++i)
        for (int k = 0; k < 4 && made < buildings; ++k, ++made) {
          double x = x0 + bx * bw + 10 + i * 75 + j(rng), y = y0 + by * bh + 10 + k * 30 + j(rng);
          if (made % 7 == 3) {
            c.seeds.push_back(box(x, y, x + 25, y + 25));
            continue;
          }
          MultiPolygon fp = box(x, y, x + 60 + j(rng), y + 12 + j(rng) / 2);
          for (int e = 1; e <= 3; ++e) c.seeds.push_back(geom::entranceSlice(fp, 3, e));
        }
  for (int bx = 1; bx < side; ++bx) c.roads.push_back({{x0 + bx * bw, y0 - 50}, {x0 + bx * bw, y0 + side * bh + 50}});
  for (int by = 1; by < side; ++by) c.roads.push_back({{x0 - 50, y0 + by * bh}, {x0 + side * bw + 50, y0 + by * bh}});
  c.area = box(x0 - 5, y0 - 5, x0 + side * bw + 5, y0 + side * bh + 5);
  return c;
}

Layout fromGpkg(const std::string& path, const std::string& layer) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  if (!ds) throw std::runtime_error("cannot open " + path);
  OGRLayer* l = ds->GetLayerByName(layer.c_str());
  if (!l) throw std::runtime_error("no layer " + layer + " in " + path);
  geos::Context gc;
  Layout c;
  std::vector<GEOSGeometry*> all;
  for (auto& f : *l) {
    OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    char* wkt = nullptr;
    g->exportToWkt(&wkt);
    geos::GeomPtr gg = geos::fromWkt(gc, wkt);
    CPLFree(wkt);
    MultiPolygon mp = geos::toMultiPolygon(gc, gg.get());
    if (mp.empty()) continue;
    c.seeds.push_back(mp);
    all.push_back(gg.release());
  }
  geos::GeomPtr coll = geos::own(gc, GEOSGeom_createCollection_r(gc, GEOS_GEOMETRYCOLLECTION, all.data(), static_cast<unsigned>(all.size())));
  geos::GeomPtr hull = geos::own(gc, GEOSConvexHull_r(gc, coll.get()));
  geos::GeomPtr area = geos::own(gc, GEOSBuffer_r(gc, hull.get(), 30, 4));
  c.area = geos::toMultiPolygon(gc, area.get());
  return c;
}

double cpuNow() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

long peakRssKb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Times {
  double tess = 0, tessCpu = 0, adj = 0, uni = 0;
  size_t cells = 0, multipart = 0;
};

Times runOne(const Layout& c) {
  Times t;
  ProblemList pr;
  double a = now(), ac = cpuNow();
  auto cells = geom::tessellate(c.area, c.seeds, c.roads, geom::TessellationOptions{}, pr);
  double b = now();
  t.tessCpu = cpuNow() - ac;
  auto g = geom::adjacency(cells, c.roads);
  double d = now();
  std::vector<const MultiPolygon*> ptrs;
  for (const auto& cell : cells) ptrs.push_back(&cell);
  auto u = geom::unionCells(ptrs);
  double e = now();
  t.tess = b - a;
  t.adj = d - b;
  t.uni = e - d;
  for (const auto& cell : cells) {
    t.cells += !cell.empty();
    t.multipart += cell.size() > 1;
  }
  return t;
}

std::vector<int> parseList(const char* s) {
  std::vector<int> out;
  std::stringstream ss(s);
  std::string tok;
  while (std::getline(ss, tok, ',')) out.push_back(std::stoi(tok));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes{500, 2000, 8000};
  int communities = 15, threads = 2, runs = 3;
  std::string gpkg, layer = "buildings";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? argv[++i] : (std::fprintf(stderr, "%s needs a value\n", a.c_str()), std::exit(2), argv[0]); };
    if (a == "--buildings") sizes = parseList(next());
    else if (a == "--communities") communities = std::stoi(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--runs") runs = std::stoi(next());
    else if (a == "--gpkg") gpkg = next();
    else if (a == "--layer") layer = next();
    else {
      std::fprintf(stderr, "usage: bench_tessellate [--buildings N,...] [--communities K] [--threads T] [--runs R] [--gpkg FILE --layer L]\n");
      return 2;
    }
  }
  std::printf("| case | seeds | tessellate s | tessellate CPU s | adjacency s | union s | cells | multi-part cells | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  auto report = [&](const std::string& name, const Layout& c) {
    std::vector<double> ts, tc, as, us;
    Times last;
    for (int r = 0; r < runs; ++r) {
      last = runOne(c);
      ts.push_back(last.tess);
      tc.push_back(last.tessCpu);
      as.push_back(last.adj);
      us.push_back(last.uni);
    }
    std::printf("| %s | %zu | %.3f | %.3f | %.3f | %.3f | %zu | %zu | %ld |\n", name.c_str(), c.seeds.size(), median(ts), median(tc), median(as),
                median(us), last.cells, last.multipart, peakRssKb() / 1024);
    std::fflush(stdout);
  };
  for (int n : sizes) report("one community, " + std::to_string(n) + " buildings", synthetic(n, 1));
  if (!gpkg.empty()) report(gpkg + " " + layer + " as one community", fromGpkg(gpkg, layer));

  // A town: `communities` communities of 2,000 buildings, tessellated `threads` at a time.
  if (communities > 0) {
    std::vector<Layout> town;
    size_t seeds = 0;
    for (int k = 0; k < communities; ++k) {
      town.push_back(synthetic(2000, 100 + static_cast<unsigned>(k)));
      seeds += town.back().seeds.size();
    }
    std::vector<double> walls, cpus;
    for (int r = 0; r < runs; ++r) {
      double ac = cpuNow();
      std::atomic<int> nextJob{0};
      double a = now();
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
          for (int k; (k = nextJob++) < communities;) {
            ProblemList pr;
            const Layout& c = town[static_cast<size_t>(k)];
            geom::tessellate(c.area, c.seeds, c.roads, geom::TessellationOptions{}, pr);
          }
        });
      for (auto& th : pool) th.join();
      walls.push_back(now() - a);
      cpus.push_back(cpuNow() - ac);
    }
    std::printf("| town: %d communities of 2000 buildings, %d threads (tessellate only) | %zu | %.3f | %.3f | | | | | %ld |\n",
                communities, threads, seeds, median(walls), median(cpus), peakRssKb() / 1024);
  }
  return 0;
}
