// The result: statuses and reasons in a planner's words (why a part is off, and what would fix it),
// barrier crossings and compounds split.
#include <algorithm>
#include <functional>
#include <string>
#include <unordered_set>

#include "geo/core/I18n.hpp"
#include "geo/partition/Hints.hpp"
#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

namespace {

std::string num(int64_t v) { return std::to_string(v); }


// What a part is called in the reader's language, one and several ("grid", "grids"): Config::noun is a key.
struct Nouns {
  const char* one;
  const char* many;
};
Nouns nounsOf(const std::string& key) {
  if (key == "grid") return {tr("grid"), tr("grids")};
  if (key == "unit") return {tr("unit"), tr("units")};
  return {tr("part"), tr("parts")};
}

}  // namespace

// Can pieces of these (weight, count)s, heaviest first, be grouped into sums within [min, max]? The part
// holding one piece of the heaviest weight left is chosen first (no loss of generality), then the rest
// recursively. Exhaustive within a budget; `exhausted` says it ran out (the answer is then true).
bool groupable(const std::vector<std::pair<int32_t, int32_t>>& wc, const Config& cfg, bool& exhausted) {
  const size_t d = wc.size();
  std::vector<int32_t> state(d);
  for (size_t i = 0; i < d; ++i) state[i] = wc[i].second;
  auto code = [&](const std::vector<int32_t>& st) {
    uint64_t k = 0;
    for (int32_t c : st) k = k * 256 + uint64_t(c);
    return k;
  };
  std::unordered_set<uint64_t> failed;  // states known not to pack (membership only: order-free)
  int64_t budget = 200000;
  std::function<bool(std::vector<int32_t>&)> packs = [&](std::vector<int32_t>& st) -> bool {
    size_t i = 0;
    while (i < d && st[i] == 0) ++i;
    if (i == d) return true;
    const uint64_t key = code(st);
    if (failed.count(key)) return false;
    if (--budget < 0) {
      exhausted = true;
      return true;
    }
    std::vector<int32_t> take(d, 0);
    take[i] = 1;
    std::function<bool(size_t, int64_t)> choose = [&](size_t j, int64_t sum) -> bool {
      if (sum > cfg.max || exhausted) return exhausted;
      if (--budget < 0) {
        exhausted = true;
        return true;
      }
      if (j == d) {
        if (sum < cfg.min) return false;
        for (size_t t = 0; t < d; ++t) st[t] -= take[t];
        const bool ok = packs(st);
        for (size_t t = 0; t < d; ++t) st[t] += take[t];
        return ok;
      }
      const int32_t base = take[j];
      for (int32_t c = 0; base + c <= st[j]; ++c) {
        take[j] = base + c;
        if (choose(j + 1, sum + int64_t(c) * wc[j].first)) {
          take[j] = base;
          return true;
        }
        if (sum + int64_t(c + 1) * wc[j].first > cfg.max) break;
      }
      take[j] = base;
      return false;
    };
    const bool ok = choose(i, wc[i].first);
    if (!ok && !exhausted) failed.insert(key);
    return ok;
  };
  return packs(state);
}

Result Partitioner::finish() {
  Result r;
  // Empty parts cannot arise, but renumbering keeps the promise 0..parts.size()-1 either way.
  std::vector<int32_t> remap(parts_.size(), -1);
  int32_t next = 0;
  for (size_t p = 0; p < parts_.size(); ++p)
    if (parts_[p].nodes > 0) remap[p] = next++;
  std::vector<int32_t> first(parts_.size(), -1), heaviest(parts_.size(), -1);
  for (int32_t v = n_ - 1; v >= 0; --v) {
    const int32_t p = part_[v];
    first[p] = v;
    if (heaviest[p] < 0 || wt(v) >= wt(heaviest[p])) heaviest[p] = v;
  }
  r.parts.resize(size_t(next));
  for (size_t p = 0; p < parts_.size(); ++p)
    if (remap[p] >= 0) describe(int32_t(p), first[p], heaviest[p], r.parts[size_t(remap[p])]);
  r.part.resize(size_t(n_));
  for (int32_t v = 0; v < n_; ++v) r.part[size_t(v)] = remap[part_[v]];
  countCrossings(r);
  return r;
}

// Part p's counts, status and reason; `first` is its lowest node, `heaviest` its heaviest.
void Partitioner::describe(int32_t p, int32_t first, int32_t heaviest, PartInfo& pi) {
  const PartRec& pr = parts_[size_t(p)];
  pi.households = int32_t(pr.w);
  pi.nodes = pr.nodes;
  pi.fixed_label = pr.fixed_label;
  const bool inBounds = viol(pr.w) == 0;
  // Most parts are free and within the bounds: nothing to say, and the words below cost message look-ups.
  if (pr.kind == Kind::Free && inBounds) return;
  // Reasons are in the run's language (issue 13); the nouns and the fix hints are arguments of their own, so
  // that the pipeline finds a hint in a reason whatever the language (CommunityPlannerUnits.cpp).
  const Nouns noun = nounsOf(cfg_.noun);
  const std::string bounds = num(cfg_.min) + "–" + num(cfg_.max);
  const auto w = static_cast<long long>(pr.w);
  const std::string hh = fmt(trn("%d household", "%d households", static_cast<unsigned long>(w)), static_cast<int>(w));
  switch (pr.kind) {
    case Kind::Fixed:
      if (!connected(p, first)) {
        pi.status = Status::Exception;
        pi.reason = tr("kept as given (locked or from the base plan), but its pieces are not connected");
      } else if (!inBounds) {
        pi.status = pr.w > cfg_.max ? Status::Over : Status::Under;
        pi.reason = pr.w > cfg_.max
                        ? fmt(tr("kept as given (locked or from the base plan) with %1$s, above the maximum %2$d"),
                              hh.c_str(), cfg_.max)
                        : fmt(tr("kept as given (locked or from the base plan) with %1$s, below the minimum %2$d"),
                              hh.c_str(), cfg_.min);
      }
      break;
    case Kind::Over:
      pi.status = Status::Over;
      pi.reason_node = pr.node;
      pi.reason = fmt(tr("one piece alone holds %1$d households (maximum %2$d per %3$s)"), wt(pr.node), cfg_.max,
                      noun.one);
      if (pr.extra > 0)
        pi.reason += fmt(tr("; %1$lld households of pieces cut off by it, too few for a %2$s of their own, joined it"),
                         static_cast<long long>(pr.extra), noun.one);
      break;
    case Kind::Under:
      pi.status = Status::Under;
      if (pr.whole)
        pi.reason = fmt(tr("only %1$s: one %2$s below %3$d"), hh.c_str(), noun.one, cfg_.min);
      else if (pr.isolated)
        pi.reason = fmt(tr("an isolated group of %1$s (no neighbour to join): one %2$s below %3$d"), hh.c_str(),
                        noun.one, cfg_.min);
      else
        pi.reason = fmt(tr("a group of %1$s whose only neighbours are kept %2$s or oversized pieces: one %3$s below "
                           "%4$d"),
                        hh.c_str(), noun.many, noun.one, cfg_.min);
      pi.reason_node = heaviest;
      break;
    case Kind::Zero:
      pi.status = Status::Under;
      pi.reason = fmt(tr("no households: %d pieces without households and no neighbour to join"), pr.nodes);
      break;
    case Kind::Free:
      if (!inBounds) {
        pi.status = Status::Exception;
        pi.reason_node = heaviest;
        int64_t areaW = 0;
        std::string pieces;
        if (!pr.comp_feasible)
          pi.reason = fmt(tr("the %1$lld households of this connected area cannot be divided into %2$s of %3$s "
                             "households; this %4$s has %5$lld"),
                          static_cast<long long>(pr.comp_w), noun.many, bounds.c_str(), noun.one, w);
        else if (unpackable(first, areaW, pieces))
          pi.reason = fmt(tr("the %1$lld households of this connected area are in pieces of (count×households) %2$s, "
                             "which cannot be grouped into %3$s of %4$s at all, so at least one %5$s must be off "
                             "%6$s; this %5$s has %7$lld"),
                          static_cast<long long>(areaW), pieces.c_str(), noun.many, bounds.c_str(), noun.one,
                          tr(kHintFix), w);
        else if (pr.no_division)
          pi.reason = fmt(tr("no division of this connected area into connected %1$s of %2$s households exists "
                             "(searched exhaustively): its pieces are too coarse or placed so that they cannot be "
                             "grouped %3$s; this %4$s has %5$lld"),
                          noun.many, bounds.c_str(), tr(kHintHelp), noun.one, w);
        else
          pi.reason = fmt(tr("could not be brought within %1$s households while keeping every %2$s connected (%3$s; "
                             "pieces too coarse or awkwardly placed, the largest has %4$d)"),
                          bounds.c_str(), noun.one, hh.c_str(), wt(heaviest));
      }
      break;
  }
}

void Partitioner::countCrossings(Result& r) const {
  for (int32_t v = 0; v < n_; ++v)
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
      const int32_t u = g_.adjncy[e];
      if (u > v && barrierEdge(e) && part_[u] == part_[v]) {
        r.parts[size_t(r.part[size_t(v)])].barrier_crossings++;
        r.barrier_crossings++;
      }
    }
  if (!g_.group.empty()) {
    std::vector<std::pair<int32_t, int32_t>> gp;
    for (int32_t v = 0; v < n_; ++v)
      if (g_.group[v] >= 0) gp.push_back({g_.group[v], r.part[size_t(v)]});
    std::sort(gp.begin(), gp.end());
    gp.erase(std::unique(gp.begin(), gp.end()), gp.end());
    for (size_t i = 1; i < gp.size(); ++i)
      if (gp[i].first == gp[i - 1].first && (i < 2 || gp[i - 2].first != gp[i].first)) r.groups_split++;
  }
}

bool Partitioner::connected(int32_t p, int32_t start) {
  seen_.clear();
  queue_.assign(1, start);
  seen_.add(start);
  breadthFirst(g_, queue_, [&](int32_t u) { return part_[u] == p && seen_.insert(u); }, visitAll);
  return int32_t(queue_.size()) == parts_[p].nodes;
}

// True when the free area around `start` (the nodes of free parts connected to it, total `areaW`)
// provably cannot be split within bounds, whatever the shapes: its pieces cannot even be grouped
// into sums within [min, max] (e.g. entrances of 12 with units of 20..30 allow only pairs, so an odd
// count of them leaves one over). `pieces` lists them as "4×12, 1×16". Exhaustive search over piece
// counts within a budget; when the budget runs out nothing is claimed.
bool Partitioner::unpackable(int32_t start, int64_t& areaW, std::string& pieces) {
  seen_.clear();
  queue_.assign(1, start);
  seen_.add(start);
  areaW = 0;
  std::vector<std::pair<int32_t, int32_t>> wc;  // (weight, count), heaviest first
  breadthFirst(
      g_, queue_, [&](int32_t u) { return parts_[part_[u]].kind == Kind::Free && seen_.insert(u); },
      [&](int32_t v) {
        areaW += wt(v);
        if (wt(v) > 0) {
          auto it = std::find_if(wc.begin(), wc.end(), [&](auto& x) { return x.first == wt(v); });
          if (it == wc.end()) wc.push_back({wt(v), 1});
          else ++it->second;
        }
        return true;
      });
  if (wc.empty() || wc.size() > 8) return false;
  std::sort(wc.begin(), wc.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (auto& [w, c] : wc)
    if (c > 255) return false;
  bool exhausted = false;
  const bool ok = groupable(wc, cfg_, exhausted);
  if (ok || exhausted) return false;
  pieces.clear();
  for (auto& [w, c] : wc) pieces += (pieces.empty() ? "" : ", ") + num(c) + "×" + num(w);
  return true;
}

}  // namespace gp::partition::detail

namespace gp::partition {

int sumsWithin(std::vector<std::pair<int32_t, int32_t>> wc, int32_t min, int32_t max) {
  wc.erase(std::remove_if(wc.begin(), wc.end(), [](auto& x) { return x.first <= 0 || x.second <= 0; }), wc.end());
  if (wc.empty()) return 1;
  std::sort(wc.begin(), wc.end(), [](auto& a, auto& b) { return a.first > b.first; });
  // One entry per weight.
  std::vector<std::pair<int32_t, int32_t>> merged;
  for (auto& x : wc) {
    if (!merged.empty() && merged.back().first == x.first) merged.back().second += x.second;
    else merged.push_back(x);
  }
  if (merged.size() > 8) return -1;
  for (auto& x : merged)
    if (x.second > 255) return -1;
  Config cfg;
  cfg.min = min;
  cfg.max = max;
  bool exhausted = false;
  const bool ok = detail::groupable(merged, cfg, exhausted);
  return exhausted ? -1 : ok ? 1 : 0;
}

}  // namespace gp::partition
