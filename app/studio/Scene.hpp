#pragma once
// What the map shows of a plan, as GPU meshes and colour tables, kept in step with edits: only the grids
// and units an edit touched are re-meshed. Also answers "what is under this point" for the tools.
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/studio/ChunkedLayer.hpp"
#include "app/studio/Renderer.hpp"
#include "app/studio/Triangulate.hpp"
#include "app/studio/View.hpp"
#include "geo/plan/Edits.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::geom {
class BoxIndex;
}

namespace gp::studio {

struct Layers {
  bool communities = true, grids = true, units = true, buildings = true, barriers = true, problems = true,
       labels = true;
  bool colourByStatus = false;  // grid fills by status instead of neighbour colours
};

struct Selection {
  std::vector<int> grids;      // first = the active grid (paint target)
  std::vector<int> buildings;
  int unit = -1;               // active unit for painting, -1 = automatic
  bool hasGrid(int g) const;
  bool hasBuilding(int b) const;
  int activeGrid() const { return grids.empty() ? -1 : grids.front(); }
};

class Scene {
 public:
  static constexpr int kGridLevels = 4;
  Scene();
  ~Scene();
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;
  // Everything from scratch: on open.
  void build(const Plan& plan);
  // After an edit: re-mesh what it touched, after moving the per-index entries as its shifts say (grids and
  // units taken out or put back); everything for a structural change (a merge, a split).
  void update(const Plan& plan, const plan::Touched& t);
  // Colour tables from the plan, the selection and the colouring mode.
  void recolor(const Plan& plan, const Selection& sel, const Layers& layers);
  // Uploads what drawing at `scale` needs and an edit left stale (the grid level of detail in use).
  void prepare(double scale);
  // Draws the layers; with `cull`, only what may meet that box (map coordinates) is given to OpenGL.
  void draw(const Renderer& r, const View& v, const Layers& layers, const BBox* cull = nullptr) const;
  // Changes whenever what draw() would paint for a given view changes (meshes, colours).
  uint64_t generation() const { return generation_; }

  XY origin() const { return origin_; }
  BBox bounds() const { return bounds_; }  // map coordinates (relative to origin)
  BBox gridBounds(const Plan& plan, int g) const;

  int buildingAt(const Plan& plan, XY map) const;  // -1 if none
  int pieceAt(const Plan& plan, XY map) const;     // by cell; -1 if none
  std::vector<int> buildingsNear(const Plan& plan, XY map, double radius) const;
  std::vector<int> buildingsIn(const Plan& plan, const BBox& box) const;
  const std::vector<int>& piecesOf(int building) const { return buildingPieces_[building]; }

  // Validation state of each grid: households out of bounds, or in more than one part.
  bool gridOutOfBounds(int g) const { return g < int(bad_.size()) && (bad_[g] & 1); }
  bool gridDisconnected(int g) const { return g < int(bad_.size()) && (bad_[g] & 2); }
  bool unitDisconnected(int u) const { return u < int(unitBad_.size()) && unitBad_[u]; }
  // What `gridplan check` would fail (grids and units in several parts), and grids whose households are outside
  // the bounds without an exception's reason (a planner's to-do, not a violation: `under`/`over` with a reason
  // passes the check).
  int violations() const { return violations_; }
  int gridsOutOfBounds() const { return outOfBounds_; }
  uint32_t gridColour(int g) const { return g < int(gridRgba_.size()) ? gridRgba_[g] : 0xFFCCCCCCu; }
  // Where a grid's / unit's label goes (map coordinates), and the grid's outline parts.
  XY gridAnchor(int g) const { return g < int(gridAnchor_.size()) ? gridAnchor_[g] : XY{}; }
  XY unitAnchor(int u) const { return u < int(unitAnchor_.size()) ? unitAnchor_[u] : XY{}; }
  XY communityAnchor(int c) const { return c < int(communityAnchor_.size()) ? communityAnchor_[c] : XY{}; }
  // Side of a typical grid in metres (the median over grids): with the scale, how large grids look.
  double typicalGridSize() const { return typicalGridSize_; }
  double meshMillis() const { return meshMs_; }
  // "N triangles, M segments" of the layers, for --timings.
  std::string stats() const;

 private:
  // `relayout`: indices moved (replay), so every chunk is uploaded again though only `grids` are re-meshed.
  void meshGrids(const Plan& plan, const std::vector<int>& grids, bool all, bool relayout = false);
  void meshUnits(const Plan& plan, const std::vector<int>& units, bool all, bool relayout = false);
  // Moves the per-grid and per-unit entries as an edit's shifts moved the plan's (Scene_Shifts.cpp); false
  // when a shift does not fit what the scene holds (then it must be rebuilt).
  bool replay(const std::vector<plan::Shift>& shifts);
  void recolourTouched(const Plan& plan, const std::vector<int>& grids);
  void uploadGrids(const std::vector<int>& touched, bool all);
  void colourGrids(const Plan& plan);
  void validate(const Plan& plan);
  void validate(const Plan& plan, const std::vector<int>& grids, const std::vector<int>& units);

  XY origin_;
  BBox bounds_;
  std::vector<std::vector<int>> buildingPieces_;
  std::vector<BBox> buildingBox_;
  std::unique_ptr<geom::BoxIndex> buildingIndex_, cellIndex_;  // of buildingBox_ and of the pieces' cells
  // Piece adjacency (CSR) for neighbour colours: cells never change, so this is computed once.
  std::vector<int> padjStart_, padj_;

  // Grid fills and outlines in levels of detail: level k drops vertices within kGridLod[k] metres of the
  // line (Scene.cpp), and the coarsest level that stays within a pixel is drawn. Zoomed out over a city,
  // the full-detail cells would give the software rasteriser tens of thousands of slivers a frame.
  std::unordered_map<std::string, std::vector<Vec2f>> gridTris_[kGridLevels];  // by grid_id
  std::vector<std::vector<Segment>> gridSegs_;  // level 0 (also the highlight outlines)
  std::vector<std::vector<Segment>> gridSegsLod_[kGridLevels];  // levels 1.. (index 0 unused)
  std::vector<std::vector<Segment>> unitSegs_;
  std::vector<BBox> gridBox_, unitBox_;  // map coordinates, for culling by tile
  std::vector<XY> communityAnchor_;
  double typicalGridSize_ = 300;
  // Per level: built at all yet, and the grids an edit touched since it was last uploaded.
  bool gridLevelBuilt_[kGridLevels] = {false, false, false, false};
  std::vector<int> gridPending_[kGridLevels];
  double lastScale_ = 1;
  uint64_t generation_ = 0;
  std::vector<std::string> gridIds_;
  std::vector<XY> gridAnchor_, unitAnchor_;
  std::vector<int> gridPalette_;  // palette slot per grid (kept stable across edits)
  std::map<std::string, int> previousPalette_;  // by grid_id, so renumbered indices keep their colours
  std::vector<uint32_t> gridRgba_;
  std::vector<uint8_t> bad_, unitBad_;
  int violations_ = 0, outOfBounds_ = 0;
  // Adds (+1) or removes (-1) a grid's validation bits from the totals.
  void countGrid(uint8_t bits, int sign) {
    outOfBounds_ += sign * (bits & 1);
    violations_ += sign * ((bits >> 1) & 1);
  }
  double meshMs_ = 0;

  FillMesh communityFill_, buildingFill_;
  ChunkedFill gridFill_[kGridLevels];
  ChunkedLines gridLines_[kGridLevels], unitLines_;
  LineMesh communityLines_, gridBadLines_, gridSelLines_, buildingLines_, barrierLines_;
  ColorTable communityColours_, communityLineColours_, gridFillColours_, gridLineColours_, gridBadColours_,
      gridSelColours_, unitColours_, buildingColours_, buildingLineColours_, barrierColours_;
};

}  // namespace gp::studio
