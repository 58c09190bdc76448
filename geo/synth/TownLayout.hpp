#pragma once
// Internal to geo/synth: one attempt at a town, laid out stage by stage. The stages share the state below
// and run in the order of TownLayout::build; every stage draws from the same random streams in the same
// order as the others before and after it, so the town of a seed does not depend on how the stages are cut.
//   TownLayout_Blocks.cpp  communities' households and styles, blocks (rows between main roads), an awkward
//                          town's community in two parts and concave one, ids and names, outlines, cells
//   TownLayout_Water.cpp   the river, and an awkward town's railway, lake and pond
//   TownLayout_Fill.cpp    compound slots, where the giant towers and the sheds go, the compounds filled
#include <string>
#include <vector>

#include "geo/synth/CompoundFill.hpp"
#include "geo/synth/Names.hpp"
#include "geo/synth/Random.hpp"
#include "geo/synth/Town.hpp"

namespace gp::synth::layout {

constexpr double kCentreX = 510000.0, kCentreY = 3460000.0;  // near Suzhou in EPSG:4549
constexpr double kMainSetback = 22.0;       // compound wall from a main road's centre line
constexpr double kSecondarySetback = 12.0;  // ... from a secondary road's centre line
constexpr double kRiverWallClear = 30.0;    // compound walls from the river's centre line (but one)
constexpr double kAreaMargin = 1.3;         // blocks get this much more room than their households need
constexpr double kMinBlockArea = 170.0 * 170.0;
constexpr double kPi = 3.14159265358979323846;
// Awkward towns only (SynthOptions::awkward):
constexpr double kRailWallClear = 20.0;  // compound walls from the railway's centre line
constexpr double kWaterClear = 12.0;     // compound walls from a water area

struct CommunityPlan {
  long target = 0;
  std::string style;  // old, mixed, new
  bool tiny = false;
  bool empty = false;  // an awkward town's second part of a community, with no homes (its target went to the first)
  double area = 0;
  int row = 0;
};

struct Cell {
  double x0, y0, x1, y1;  // the compound wall if the whole cell is one compound
  bool main_s, main_n;    // the south / north side faces a main road
};

struct Slot {
  double x0, y0, x1, y1;
  bool shops_s = false, shops_n = false;
  bool river = false;
};

// What one slot became while its block is filled.
struct SlotFill {
  FillResult res;
  std::string kind;        // empty: nothing placed yet
  bool open_land = false;  // sheds with no compound around them
  double wall_y1 = 0;      // the compound's north wall
};

// "%03ld" and the like, for ids.
std::string numbered(const char* f, long a);

// The railway's east-west extent over the northings [ya, yb] (it runs north-south, a function of y).
bool railSpan(const LineString& rail, double ya, double yb, double& xmin, double& xmax);

// A slot with room for an awkward town's shed cluster (100+ sheds).
bool shedRoom(const Slot& s);

struct TownLayout {
  TownLayout(const SynthOptions& options, double scale);
  Town build();

  // TownLayout_Blocks.cpp
  void planCommunities();
  void layBlocks();
  void mergeAwkwardBlocks();
  void nameCommunities();
  void outlineCommunities();
  // TownLayout_Water.cpp
  void runRiver();
  void layRailway();
  bool usable(int i, size_t k) const;
  void digLake();
  void digPond();
  // TownLayout_Fill.cpp
  void cutSlots();
  void addSlot(int i, const Slot& s);
  void pickGiantCommunity();
  void pickShedBlock();
  void fillBlocks();
  void fillBlock(int i);
  std::vector<int> slotOrder(int i, Rng& crng, int& giant_slot);
  void tryShedSlot(int i, const Slot& s, std::vector<int>& order, SlotFill& f);
  void tryHomeSlot(int i, const Slot& s, Rng& crng, long& remaining, std::vector<int>& order, SlotFill& f);
  bool tryOtherSlot(int i, const Slot& s, Rng& crng, int& leftovers, SlotFill& f);
  void placeOpenLand(int ti, SlotFill& f);
  long placeCompound(int i, const Slot& s, Rng& crng, SlotFill& f);

  const SynthOptions opt;
  const double area_scale;
  Town town;
  Rng rng;
  Namer namer;
  const long N;
  const bool awkward;  // a town of 3000+ households: the tiny community and the giant towers
  // The shapes of an awkward town draw from a stream of their own, so the classic town's draws stay put.
  const bool aw;       // SynthOptions::awkward
  Rng arng;

  // Communities and blocks (one block a community, but an awkward town merges two pairs).
  std::vector<CommunityPlan> plans;
  int ordinary = 0;
  int C = 0, R = 0;
  std::vector<int> row_count;
  double total_area = 0;
  double W = 0, left = 0, top = 0, right = 0, bottom = 0;
  std::vector<double> row_y;               // row r spans row_y[r+1] (south) .. row_y[r] (north)
  std::vector<std::vector<double>> row_x;
  std::vector<int> comm_of;                // block → community
  int multipart_block = -1, concave_block = -1;  // the first block of each merged pair
  int NC = 0;
  std::vector<std::vector<Cell>> cells;    // per block

  // Water.
  int river_comm = -1, river_cell = -1;
  int lake_a = -1, lake_ka = -1, lake_b = -1, lake_kb = -1;

  // Compounds.
  std::vector<std::vector<Slot>> slots;    // per block
  int giant_comm = -1;
  bool giant2_pending = false, giant1_pending = false;
  int giant1_floors = 33, giant1_per_floor = 14;
  double giant_width = 0;
  bool shed_pending = false;
  int shed_block = 0;
  long carry = 0;
  int hospitals = 0;
  std::vector<int> compound_no;            // per community (a community of two blocks numbers on)
};

}  // namespace gp::synth::layout
