// The synthetic town's roster of grid workers: fictional people for the demo's signs, drawn from a random
// stream of their own so the town itself stays exactly what it was.
#include <cstdio>
#include <filesystem>
#include <set>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/I18n.hpp"
#include "geo/synth/Names.hpp"
#include "geo/synth/Random.hpp"
#include "geo/synth/Synth.hpp"
#include "geo/synth/Town.hpp"

namespace gp::synth {

namespace fs = std::filesystem;

namespace {
constexpr int kGridMin = 200;  // the default --grid-min: a community has at most households / 200 grids, rounded up
constexpr uint64_t kRosterStream = 0x726F73746572ull;  // "roster"
const char* kDuties = "负责本网格人口信息采集、矛盾纠纷调解、安全隐患巡查和便民代办服务";
}  // namespace

std::string townRosterPath(const std::string& town_path) {
  fs::path p(town_path);
  return (p.parent_path() / (p.stem().string() + "-roster.csv")).string();
}

std::string townRosterCsv(const Town& town, long* workers) {
  Rng rng(mixSeed(town.options.seed, kRosterStream));
  std::set<std::string> used;
  // UTF-8 with a BOM and CRLF, as Excel saves "CSV UTF-8"; the headings of the grid ledger.
  std::string out = "\xEF\xBB\xBF社区编码,社区名称,网格员,联系电话,服务职责\r\n";
  long n = 0;
  for (const TownCommunity& c : town.communities) {
    if (c.households <= 0) continue;
    const int rows = (c.households + kGridMin - 1) / kGridMin + 1;
    for (int i = 0; i < rows; ++i) {
      std::string name = personName(rng);
      for (int tries = 0; tries < 50 && used.count(name); ++tries) name = personName(rng);
      used.insert(name);
      // A Suzhou landline whose local number starts with 0, which no exchange gives out: plainly fictional,
      // yet the shape a sign's phone check accepts.
      char phone[24];
      std::snprintf(phone, sizeof phone, "0512-0%07d", static_cast<int>(rng.next() % 10000000ull));
      out += c.community_id;
      out += ',';
      out += c.name;
      out += ',';
      out += name;
      out += ',';
      out += phone;
      out += ',';
      out += kDuties;
      out += "\r\n";
      ++n;
    }
  }
  if (workers) *workers = n;
  return out;
}

void writeTownRoster(const std::string& path, const Town& town, long* workers) {
  // Through the one atomic-write helper (issue 11): temp name within 255 bytes, stale temps of a killed run
  // removed, a read-only roster refused instead of replaced.
  writeFileAtomically(path, townRosterCsv(town, workers), tr("roster"));
}

}  // namespace gp::synth
