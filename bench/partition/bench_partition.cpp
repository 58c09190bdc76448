// Benchmark: gridplan's partitioner against `gpmetis -contig -ptype=kway` on the same graph, in one run.
//
//   bench_partition [--households 10000,100000,1000000,2000000] [--runs 3] [--seed 1] [--dir DIR]
//                   [--min 200] [--max 400] [--target 300] [--no-gpmetis] [--fine] [--picture OUT.ppm]
//   bench_partition --metis GRAPH [--coords XY] ...      (an existing METIS graph, e.g. from
//                                                          `gridplan export --format metis`)
//
// The generated graph is a town of pieces on a jittered grid with one diagonal per cell (planar):
// walk-up entrances of 12–24 households, small pieces of 1–6, non-residential pieces of 0, tower
// entrances of 72–400; roads every 10 columns and 8 rows are barriers; compounds are 5x4 blocks.
// --fine makes unit-level pieces instead (floor ranges of 1–12 households), about 4x the nodes.
// It is written in METIS format (fmt 011: household weights, shared boundary length as edge weight,
// barrier edges weight 1 so METIS too prefers to cut there) and gpmetis runs on that file with
// k = households / target. Both results are scored the same way: parts out of [min, max],
// disconnected parts, cut edges, barrier edges inside parts. Times are medians of --runs runs;
// gpmetis's own "Partitioning" time (its algorithm, without I/O) is reported beside its wall time.
// Peak memory is the maximum resident set of a child process that does only that job.
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "geo/partition/Partition.hpp"

namespace fs = std::filesystem;
using gp::partition::Config;
using gp::partition::Graph;
using gp::partition::Result;

namespace {

struct Options {
  std::vector<int64_t> households{10000, 100000, 1000000, 2000000};
  int runs = 3;
  uint64_t seed = 1;
  std::string dir;
  std::string metis, coords;
  int min = 200, max = 400, target = 300;
  bool gpmetis = true;
  bool fine = false;  // unit-level pieces (entrances split by floors): ~4x the nodes per household
  std::string picture;  // PPM of gridplan's parts on the generated town (one 4x4 block per piece)
};

[[noreturn]] void usage(const std::string& msg) {
  std::cerr << "bench_partition: " << msg << "\n"
            << "usage: bench_partition [--households N,N,...] [--runs R] [--seed S] [--dir DIR]\n"
            << "                       [--min A] [--max B] [--target T] [--no-gpmetis] [--fine]\n"
            << "                       [--metis GRAPH [--coords XY]]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--households") {
      o.households.clear();
      std::stringstream ss(val());
      std::string t;
      while (std::getline(ss, t, ',')) o.households.push_back(std::stoll(t));
    } else if (a == "--runs") o.runs = std::max(1, std::stoi(val()));
    else if (a == "--seed") o.seed = std::stoull(val());
    else if (a == "--dir") o.dir = val();
    else if (a == "--metis") o.metis = val();
    else if (a == "--coords") o.coords = val();
    else if (a == "--min") o.min = std::stoi(val());
    else if (a == "--max") o.max = std::stoi(val());
    else if (a == "--target") o.target = std::stoi(val());
    else if (a == "--no-gpmetis") o.gpmetis = false;
    else if (a == "--fine") o.fine = true;
    else if (a == "--picture") o.picture = val();
    else usage("unknown option " + a);
  }
  return o;
}

// ---- the synthetic town graph ----------------------------------------------------------------------

Graph makeTown(int64_t households, uint64_t seed, bool fine) {
  const double avg = fine ? 4.0 : 16.9;  // mean households per piece of the weight mixes below (measured)
  const int64_t n = std::max<int64_t>(4, int64_t(double(households) / avg));
  const int w = int(std::ceil(std::sqrt(double(n) * 1.3))), h = int((n + w - 1) / w);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  const double cell = 30.0;  // metres between pieces
  auto id = [w](int i, int j) { return j * w + i; };
  const int N = w * h;
  Graph g;
  g.weight.resize(size_t(N));
  g.x.resize(size_t(N));
  g.y.resize(size_t(N));
  g.group.resize(size_t(N));
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const int v = id(i, j);
      const double r = u01(rng);
      if (fine) {  // floor ranges of entrances: 2–6 households, some single flats, some non-residential
        g.weight[size_t(v)] = r < 0.8 ? int(2 + rng() % 5) : r < 0.92 ? 1 + int(rng() % 12) : 0;
      } else {
        g.weight[size_t(v)] = r < 0.62   ? 12
                            : r < 0.76 ? 18 + 6 * int(rng() % 2)
                            : r < 0.86 ? int(1 + rng() % 6)
                            : r < 0.94 ? 0
                            : r < 0.98 ? 12
                                       : int(72 + rng() % 329);
      }
      g.x[size_t(v)] = (i + 0.35 * (u01(rng) - 0.5)) * cell;
      g.y[size_t(v)] = (j + 0.35 * (u01(rng) - 0.5)) * cell;
      g.group[size_t(v)] = (j / 4) * ((w + 4) / 5) + i / 5;
    }
  // Edges: right, up and one diagonal per cell; roads between columns 9|10, 19|20, ... and rows 7|8, ...
  std::vector<std::vector<std::tuple<int, float, uint8_t>>> nb(static_cast<size_t>(N));
  auto add = [&](int a, int b, float len, bool bar) {
    nb[size_t(a)].push_back({b, len, uint8_t(bar)});
    nb[size_t(b)].push_back({a, len, uint8_t(bar)});
  };
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      const bool roadE = (i % 10) == 9, roadN = (j % 8) == 7;
      if (i + 1 < w) add(id(i, j), id(i + 1, j), float(cell * (0.6 + 0.8 * u01(rng))), roadE);
      if (j + 1 < h) add(id(i, j), id(i, j + 1), float(cell * (0.6 + 0.8 * u01(rng))), roadN);
      if (i + 1 < w && j + 1 < h) {
        const float l = float(cell * 0.3 * u01(rng) + 1.0);
        if (rng() & 1) add(id(i, j), id(i + 1, j + 1), l, roadE || roadN);
        else add(id(i + 1, j), id(i, j + 1), l, roadE || roadN);
      }
    }
  g.xadj.push_back(0);
  for (auto& l : nb) {
    std::sort(l.begin(), l.end());
    for (auto [u, len, bar] : l) {
      g.adjncy.push_back(u);
      g.shared.push_back(len);
      g.barrier.push_back(bar);
    }
    g.xadj.push_back(int32_t(g.adjncy.size()));
  }
  return g;
}

int64_t totalWeight(const Graph& g) {
  int64_t s = 0;
  for (int32_t w : g.weight) s += w;
  return s;
}

// ---- METIS files -----------------------------------------------------------------------------------

void writeMetis(const Graph& g, const fs::path& file) {
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream f(tmp);
    if (!f) throw std::runtime_error("cannot write " + tmp.string());
    f << g.size() << ' ' << g.adjncy.size() / 2 << " 011\n";
    std::string line;
    for (int32_t v = 0; v < g.size(); ++v) {
      line = std::to_string(g.weight[size_t(v)]);
      for (int32_t e = g.xadj[size_t(v)]; e < g.xadj[size_t(v) + 1]; ++e) {
        const int ew = (!g.barrier.empty() && g.barrier[size_t(e)])
                           ? 1
                           : std::max(1, int(std::lround(g.shared.empty() ? 1.0 : g.shared[size_t(e)])));
        line += ' ';
        line += std::to_string(g.adjncy[size_t(e)] + 1);
        line += ' ';
        line += std::to_string(ew);
      }
      f << line << '\n';
    }
  }
  fs::rename(tmp, file);
}

Graph readMetis(const std::string& file, const std::string& coords) {
  std::ifstream f(file);
  if (!f) usage("cannot read " + file);
  std::string line;
  auto next = [&]() {
    while (std::getline(f, line))
      if (!line.empty() && line[0] != '%') return true;
    return false;
  };
  if (!next()) usage(file + ": empty");
  std::istringstream hs(line);
  int64_t n = 0, m = 0;
  std::string fmt = "000";
  int ncon = 1;
  hs >> n >> m >> fmt >> ncon;
  while (fmt.size() < 3) fmt = "0" + fmt;
  const bool vsize = fmt[0] == '1', vwgt = fmt[1] == '1', ewgt = fmt[2] == '1';
  Graph g;
  g.xadj.push_back(0);
  for (int64_t v = 0; v < n; ++v) {
    if (!next()) line.clear();
    std::istringstream ls(line);
    int64_t a;
    if (vsize) ls >> a;
    int32_t w = 1;
    if (vwgt) {
      ls >> w;
      for (int c = 1; c < ncon; ++c) ls >> a;
    }
    g.weight.push_back(w);
    while (ls >> a) {
      g.adjncy.push_back(int32_t(a - 1));
      float ew = 1;
      if (ewgt) ls >> ew;
      g.shared.push_back(ew);
    }
    g.xadj.push_back(int32_t(g.adjncy.size()));
  }
  if (!coords.empty()) {
    std::ifstream c(coords);
    if (!c) usage("cannot read " + coords);
    double x, y;
    while (c >> x >> y) {
      g.x.push_back(x);
      g.y.push_back(y);
    }
    if (int64_t(g.x.size()) != n) usage(coords + ": expected " + std::to_string(n) + " lines of x y");
  }
  return g;
}

// ---- scoring ---------------------------------------------------------------------------------------

struct Score {
  int parts = 0, outOfBounds = 0, disconnected = 0;
  int64_t cutEdges = 0, barrierInside = 0;
  double boundary = 0;  // sum of shared lengths of cut edges (km): shorter is more compact
  int minW = 0, maxW = 0;
  int nearTarget = 0;  // parts within ±(max-min)/4 of the target
};

Score score(const Graph& g, const std::vector<int32_t>& part, int mn, int mx, int target) {
  Score s;
  int32_t k = 0;
  for (int32_t p : part) k = std::max(k, p + 1);
  std::vector<int64_t> w(size_t(k), 0);
  std::vector<int32_t> cnt(size_t(k), 0);
  for (int32_t v = 0; v < g.size(); ++v) {
    w[size_t(part[size_t(v)])] += g.weight[size_t(v)];
    cnt[size_t(part[size_t(v)])]++;
  }
  s.minW = INT32_MAX;
  for (int32_t p = 0; p < k; ++p) {
    if (cnt[size_t(p)] == 0) continue;
    ++s.parts;
    if (w[size_t(p)] < mn || w[size_t(p)] > mx) ++s.outOfBounds;
    if (std::llabs(w[size_t(p)] - target) * 4 <= mx - mn) ++s.nearTarget;
    s.minW = std::min<int>(s.minW, int(w[size_t(p)]));
    s.maxW = std::max<int>(s.maxW, int(w[size_t(p)]));
  }
  // Components per part: a part is disconnected when its nodes form more than one.
  std::vector<int32_t> comps(size_t(k), 0);
  std::vector<char> seen(size_t(g.size()), 0);
  std::vector<int32_t> q;
  for (int32_t s0 = 0; s0 < g.size(); ++s0) {
    if (seen[size_t(s0)]) continue;
    const int32_t p = part[size_t(s0)];
    comps[size_t(p)]++;
    q.assign(1, s0);
    seen[size_t(s0)] = 1;
    for (size_t h = 0; h < q.size(); ++h)
      for (int32_t e = g.xadj[size_t(q[h])]; e < g.xadj[size_t(q[h]) + 1]; ++e) {
        const int32_t u = g.adjncy[size_t(e)];
        if (!seen[size_t(u)] && part[size_t(u)] == p) {
          seen[size_t(u)] = 1;
          q.push_back(u);
        }
      }
  }
  for (int32_t c : comps) s.disconnected += c > 1;
  for (int32_t v = 0; v < g.size(); ++v)
    for (int32_t e = g.xadj[size_t(v)]; e < g.xadj[size_t(v) + 1]; ++e) {
      const int32_t u = g.adjncy[size_t(e)];
      if (u <= v) continue;
      if (part[size_t(u)] != part[size_t(v)]) {
        ++s.cutEdges;
        s.boundary += (g.shared.empty() ? 1.0 : g.shared[size_t(e)]) / 1000.0;
      }
      else if (!g.barrier.empty() && g.barrier[size_t(e)]) ++s.barrierInside;
    }
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Runs `cmd` through the shell in a child; returns wall seconds, and the child's peak RSS in MiB.
int runChild(const std::string& cmd, double& seconds, double& peakMiB) {
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), (char*)nullptr);
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  peakMiB = double(ru.ru_maxrss) / 1024.0;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// VmRSS or VmHWM (peak) of this process, MiB.
double procStatusMiB(const char* key = "VmRSS:") {
  std::ifstream f("/proc/self/status");
  std::string k;
  while (f >> k)
    if (k == key) {
      double kb;
      f >> kb;
      return kb / 1024.0;
    }
  return 0;
}

void benchOne(const std::string& name, const Graph& g, const Options& o, const fs::path& dir) {
  const int64_t W = totalWeight(g);
  const int k = int(std::max<int64_t>(1, std::llround(double(W) / o.target)));
  Config c;
  c.min = o.min;
  c.max = o.max;
  c.target = o.target;
  c.seed = o.seed;
  c.noun = "grid";
  std::printf("\n== %s: %lld households, %d nodes, %zu edges, k = %d ==\n", name.c_str(), (long long)W, g.size(),
              g.adjncy.size() / 2, k);

  // Reset the peak-RSS mark (Linux: "5" to clear_refs), so VmHWM afterwards is the peak while partitioning.
  { std::ofstream("/proc/self/clear_refs") << "5"; }
  const double graphMiB = procStatusMiB("VmRSS:");
  std::vector<double> ours;
  Result r;
  auto picture = [&](const Result& res) {
    // Pieces of the generated town sit on a grid of rows of equal length, so ids map to pixels.
    if (o.picture.empty() || !o.metis.empty()) return;
    int w = 1;
    while (w < g.size() && g.y[size_t(w)] < g.y[0] + 15.0) ++w;
    const int h = g.size() / w, s = 4;
    std::ofstream f(o.picture, std::ios::binary);
    f << "P6\n" << w * s << ' ' << h * s << "\n255\n";
    for (int py = h * s - 1; py >= 0; --py)
      for (int px = 0; px < w * s; ++px) {
        const int v = (py / s) * w + px / s, p = res.part[size_t(v)];
        uint32_t c = uint32_t(p) * 2654435761u;
        unsigned char rgb[3] = {(unsigned char)(96 + (c & 127)), (unsigned char)(96 + ((c >> 8) & 127)),
                                (unsigned char)(96 + ((c >> 16) & 127))};
        if (g.weight[size_t(v)] == 0) rgb[0] = rgb[1] = rgb[2] = (unsigned char)(rgb[0] / 2 + 100);
        const bool edgeX = px % s == s - 1 && px / s + 1 < w && res.part[size_t(v + 1)] != p;
        const bool edgeY = py % s == s - 1 && py / s + 1 < h && res.part[size_t(v + w)] != p;
        if (edgeX || edgeY) rgb[0] = rgb[1] = rgb[2] = 0;
        f.write(reinterpret_cast<char*>(rgb), 3);
      }
  };
  for (int i = 0; i < o.runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    r = gp::partition::partition(g, c);
    ours.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  if (std::getenv("BENCH_DEBUG")) {
    for (size_t p = 0; p < r.parts.size(); ++p) {
      if (r.parts[p].status == gp::Status::Ok) continue;
      std::printf("part %zu w=%d nodes=%d nbrs:", p, r.parts[p].households, r.parts[p].nodes);
      std::vector<int> seen;
      for (int v = 0; v < g.size(); ++v) {
        if (r.part[size_t(v)] != int(p)) continue;
        for (int e = g.xadj[size_t(v)]; e < g.xadj[size_t(v) + 1]; ++e) {
          int q = r.part[size_t(g.adjncy[size_t(e)])];
          if (q != int(p) && std::find(seen.begin(), seen.end(), q) == seen.end()) {
            seen.push_back(q);
            std::printf(" %d(%d)", q, r.parts[size_t(q)].households);
          }
        }
      }
      std::printf("\n");
    }
  }
  const double ourMiB = procStatusMiB("VmHWM:");
  picture(r);
  const Score so = score(g, r.part, o.min, o.max, o.target);
  int flagged = 0;
  for (auto& p : r.parts) {
    flagged += p.status != gp::Status::Ok;
    if (p.status != gp::Status::Ok && std::getenv("BENCH_VERBOSE"))
      std::printf("  %s: %s\n", gp::toString(p.status), p.reason.c_str());
  }
  std::printf("gridplan : median %.3f s (runs:", median(ours));
  for (double t : ours) std::printf(" %.3f", t);
  std::printf(")  parts %d  out of [%d,%d] %d (flagged with a reason %d)  disconnected %d  cut edges %lld (%.0f km)"
              "  barrier edges inside %lld  sizes %d..%d (%d%% within ±%d of %d)  compounds split %d"
              "  peak RSS %.0f MiB (graph alone %.0f MiB)\n",
              so.parts, o.min, o.max, so.outOfBounds, flagged, so.disconnected, (long long)so.cutEdges, so.boundary,
              (long long)so.barrierInside, so.minW, so.maxW, 100 * so.nearTarget / std::max(1, so.parts),
              (o.max - o.min) / 4, o.target, r.groups_split, ourMiB, graphMiB);

  if (!o.gpmetis) return;
  const fs::path file = dir / (name + ".graph");
  if (o.metis.empty()) writeMetis(g, file);
  const std::string gfile = o.metis.empty() ? file.string() : o.metis;
  const std::string log = (dir / (name + ".gpmetis.log")).string();
  std::vector<double> wall, algo;
  double peak = 0;
  for (int i = 0; i < o.runs; ++i) {
    double s, mib;
    const std::string cmd = "gpmetis -contig -ptype=kway -seed=" + std::to_string(o.seed) + " '" + gfile + "' " +
                            std::to_string(k) + " > '" + log + "' 2>&1";
    const int rc = runChild(cmd, s, mib);
    if (rc != 0) {
      std::printf("gpmetis  : failed (exit %d), see %s\n", rc, log.c_str());
      return;
    }
    wall.push_back(s);
    peak = std::max(peak, mib);
    std::ifstream lf(log);
    std::string line;
    while (std::getline(lf, line)) {
      const auto at = line.find("Partitioning:");
      if (at != std::string::npos) algo.push_back(std::atof(line.c_str() + at + 13));
    }
  }
  std::vector<int32_t> mp;
  {
    std::ifstream pf(gfile + ".part." + std::to_string(k));
    int32_t p;
    while (pf >> p) mp.push_back(p);
  }
  if (int32_t(mp.size()) != g.size()) {
    std::printf("gpmetis  : no partition file\n");
    return;
  }
  const Score sm = score(g, mp, o.min, o.max, o.target);
  std::printf("gpmetis  : median %.3f s wall, %.3f s partitioning (runs:", median(wall), median(algo));
  for (double t : algo) std::printf(" %.3f", t);
  std::printf(")  parts %d  out of [%d,%d] %d  disconnected %d  cut edges %lld (%.0f km)  barrier edges inside %lld"
              "  sizes %d..%d (%d%% within ±%d of %d)  peak RSS %.0f MiB\n",
              sm.parts, o.min, o.max, sm.outOfBounds, sm.disconnected, (long long)sm.cutEdges, sm.boundary,
              (long long)sm.barrierInside, sm.minW, sm.maxW, 100 * sm.nearTarget / std::max(1, sm.parts),
              (o.max - o.min) / 4, o.target, peak);
  if (median(algo) >= 0.001)
    std::printf("ratio    : gridplan / gpmetis partitioning time = %.2f\n", median(ours) / median(algo));
  std::fflush(stdout);
  if (o.metis.empty()) {
    fs::remove(file);
    fs::remove(gfile + ".part." + std::to_string(k));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const fs::path dir = o.dir.empty() ? fs::temp_directory_path() / ("bench_partition." + std::to_string(getpid()))
                                     : fs::path(o.dir);
  fs::create_directories(dir);
  try {
    if (!o.metis.empty()) {
      const Graph g = readMetis(o.metis, o.coords);
      benchOne(fs::path(o.metis).stem().string(), g, o, dir);
    } else {
      for (int64_t h : o.households) {
        const Graph g = makeTown(h, o.seed, o.fine);
        benchOne((o.fine ? "finetown" : "town") + std::to_string(h), g, o, dir);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_partition: " << e.what() << "\n";
    return 3;
  }
  if (o.dir.empty()) fs::remove_all(dir);
  return 0;
}
