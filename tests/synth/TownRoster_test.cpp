#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "geo/core/Error.hpp"
#include "geo/synth/Synth.hpp"
#include "geo/synth/Town.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp::synth;
namespace fs = std::filesystem;

namespace {
std::string bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Every attribute and geometry of every layer, as text: the town without the GeoPackage's timestamps.
std::string content(const fs::path& p) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR));
  EXPECT_TRUE(ds) << p;
  if (!ds) return {};
  std::string out;
  for (OGRLayer* l : ds->GetLayers()) {
    out += std::string("layer ") + l->GetName() + "\n";
    for (const auto& f : *l) {
      for (int i = 0; i < f->GetFieldCount(); ++i) out += std::string(f->GetFieldAsString(i)) + "|";
      if (const OGRGeometry* g = f->GetGeometryRef()) {
        char* wkt = nullptr;
        g->exportToWkt(&wkt);
        out += wkt;
        CPLFree(wkt);
      }
      out += "\n";
    }
  }
  return out;
}
}  // namespace

TEST(TownRoster, FictionalWorkersForEveryCommunity) {
  SynthOptions o;
  o.households = 6000;
  o.seed = 5;
  const Town town = generateTown(o);
  long workers = 0;
  const std::string csv = townRosterCsv(town, &workers);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  std::istringstream in(csv.substr(3));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "社区编码,社区名称,网格员,联系电话,服务职责\r");
  std::map<std::string, int> rows;
  std::set<std::string> names;
  long n = 0;
  // A landline of Suzhou whose local number starts with 0: no exchange gives it out.
  const std::regex phone(R"(0512-0\d{7})");
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line.substr(0, line.size() - 1));
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    ASSERT_EQ(f.size(), 5u) << line;
    ++rows[f[0]];
    names.insert(f[2]);
    EXPECT_TRUE(std::regex_match(f[3], phone)) << f[3];
    EXPECT_GE(f[2].size(), 6u) << "a surname and a given name";
    ++n;
  }
  EXPECT_EQ(n, workers);
  EXPECT_EQ(names.size(), size_t(n)) << "no two workers share a name";
  for (const auto& c : town.communities) {
    if (c.households == 0) continue;
    // More workers than the community can have grids of 200 or more households.
    EXPECT_EQ(rows[c.community_id], (c.households + 199) / 200 + 1) << c.community_id;
  }
  EXPECT_EQ(csv, townRosterCsv(generateTown(o), nullptr)) << "the same seed gives the same roster";
}

// The roster is an extra file: the town written with it is the town written without, feature for feature.
TEST(TownRoster, WrittenBesideAnUnchangedTown) {
  const fs::path dir = gp::test::tempDir("roster");
  SynthOptions o;
  o.households = 3000;
  o.seed = 11;
  writeTown((dir / "plain.gpkg").string(), o);
  o.roster = true;
  const auto sum = writeTown((dir / "town.gpkg").string(), o);
  EXPECT_GT(content(dir / "plain.gpkg").size(), 5000u);
  EXPECT_EQ(content(dir / "plain.gpkg"), content(dir / "town.gpkg"));
  EXPECT_EQ(sum.roster, (dir / "town-roster.csv").string());
  EXPECT_EQ(townRosterPath((dir / "town.gpkg").string()), sum.roster);
  EXPECT_GT(sum.roster_workers, 10);
  EXPECT_EQ(bytes(sum.roster), townRosterCsv(generateTown(o), nullptr));
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 3) << "no temp file left";
}

TEST(TownRoster, ReadOnlyRosterIsNotReplaced) {
  // Issue 11, class 7: the roster went through a rename of its own that replaced a read-only file silently.
  const fs::path dir = gp::test::tempDir("roster-readonly");
  SynthOptions o;
  o.households = 1000;
  o.seed = 3;
  const fs::path path = dir / "town-roster.csv";
  { std::ofstream(path) << "kept\n"; }
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  EXPECT_THROW(writeTownRoster(path.string(), generateTown(o), nullptr), gp::InputError);
  EXPECT_EQ(bytes(path.string()), "kept\n");
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
}

TEST(TownRoster, LongChineseNameIsWritten) {
  // 82 Chinese characters (246 bytes) + "-roster.csv" fits NAME_MAX, but ".<name>.tmp-<pid>" did not.
  const fs::path dir = gp::test::tempDir("roster-long");
  SynthOptions o;
  o.households = 1000;
  o.seed = 3;
  std::string name;
  for (int i = 0; i < 80; ++i) name += "网";
  const fs::path path = dir / (name + "-roster.csv");
  writeTownRoster(path.string(), generateTown(o), nullptr);
  EXPECT_EQ(bytes(path.string()), townRosterCsv(generateTown(o), nullptr));
}
